package org.paymentroutes.fintecture;

import org.paymentroutes.provider.TokenUnavailableException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.paymentroutes.provider.TokenCache;
import org.paymentroutes.metrics.PaymentMetrics;

/**
 * Fintecture's client-credentials access token, kept in a {@link TokenCache}. The token request
 * itself runs in the {@code fintecture-token} route; this class prepares it and reads the answer.
 */
public final class FintectureTokens {

    static final String TOKEN_ROUTE = "direct:fintecture-token";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String appId;
    private final String basicAuthorization;
    private final TokenCache cache;
    private volatile ProducerTemplate template;

    public FintectureTokens(String appId, String appSecret, Duration renewBefore, Clock clock) {
        this.appId = appId;
        this.basicAuthorization = "Basic " + Base64.getEncoder()
                .encodeToString((appId + ":" + appSecret).getBytes(StandardCharsets.UTF_8));
        this.cache = new TokenCache(renewBefore, clock);
    }

    public void setProducerTemplate(ProducerTemplate template) {
        this.template = template;
    }

    /** Sets {@code Authorization: Bearer ...} on the request, renewing the token first when due. */
    public void authorize(Exchange exchange) {
        exchange.getIn().setHeader("Authorization", "Bearer " + token());
    }

    /** Forgets the cached token (the provider answered 401 to it), so the next call renews it. */
    public void invalidate() {
        cache.invalidate();
    }

    String token() {
        return cache.get(() -> {
            PaymentMetrics.tokenRenewed("fintecture");
            Exchange answer = template.request(TOKEN_ROUTE, e -> { });
            if (answer.getException() != null) {
                throw new TokenUnavailableException("Fintecture access token: " + answer.getException().getMessage(), 0, answer.getException());
            }
            return read(answer.getMessage());
        });
    }

    /** Prepares the token request: {@code POST /oauth/accesstoken} with Basic credentials and the form body. */
    public void prepareRequest(Exchange exchange) {
        Message in = exchange.getIn();
        in.setHeader(Exchange.HTTP_METHOD, "POST");
        in.setHeader(Exchange.HTTP_PATH, "/oauth/accesstoken");
        in.setHeader("Authorization", basicAuthorization);
        in.setHeader("Accept", "application/json");
        in.setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
        in.setBody(("grant_type=client_credentials&app_id=" + URLEncoder.encode(appId, StandardCharsets.UTF_8) + "&scope=PIS")
                .getBytes(StandardCharsets.UTF_8));
    }

    private TokenCache.Token read(Message response) {
        int status = response.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        byte[] body = response.getBody(byte[].class);
        if (status == 401 || status == 403 || status == 400) {
            throw new TokenUnavailableException("Fintecture refused the access-token request (" + ProviderError.parse(status, body).describe()
                    + "): check payments.fintecture.app-id and payments.fintecture.app-secret");
        }
        if (status < 200 || status > 299) {
            throw new TokenUnavailableException("Fintecture access token: " + ProviderError.parse(status, body).describe(), status, null);
        }
        try {
            JsonNode n = JSON.readTree(body);
            String token = n.path("access_token").asText(null);
            long expiresIn = n.path("expires_in").asLong(3600);
            if (token == null || token.isBlank()) {
                throw new TokenUnavailableException("Fintecture access token: the answer holds no access_token");
            }
            return new TokenCache.Token(token, Duration.ofSeconds(expiresIn));
        } catch (java.io.IOException e) {
            throw new TokenUnavailableException("Fintecture access token: unreadable answer");
        }
    }
}
