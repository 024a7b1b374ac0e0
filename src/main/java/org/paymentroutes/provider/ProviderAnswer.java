package org.paymentroutes.provider;

/**
 * What a provider's HTTP answer means for the call that got it, so every route says "unavailable"
 * the same way. A route branches on it ({@code ${type:org.paymentroutes.provider.ProviderAnswer.ANSWERED}}).
 */
public enum ProviderAnswer {
    /** 2xx: the body is the provider's answer. */
    ANSWERED,
    /** Any other status (4xx; a 3xx too, since redirects are not followed): the provider refused this request; repeating it will not help. */
    REFUSED,
    /**
     * 401 or 403 (after one token renewal: our credentials or signature are wrong, an operator must act),
     * 429 or 5xx: the provider cannot answer now, the broker retries later.
     */
    UNAVAILABLE;

    public static ProviderAnswer of(int httpStatus) {
        if (httpStatus >= 200 && httpStatus <= 299) {
            return ANSWERED;
        }
        if (httpStatus == 401 || httpStatus == 403 || httpStatus == 429 || httpStatus >= 500) {
            return UNAVAILABLE;
        }
        return REFUSED;
    }
}
