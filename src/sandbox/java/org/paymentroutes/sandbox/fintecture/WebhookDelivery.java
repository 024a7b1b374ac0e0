package org.paymentroutes.sandbox.fintecture;

import java.time.Instant;

/**
 * One attempt to deliver a webhook, for tests to inspect ({@link FintectureSandbox#webhookDeliveries()}).
 *
 * @param sessionId     the payment session the webhook is about
 * @param status        the {@code status} the webhook's body carries
 * @param transferState the {@code transfer_state} it carries, null when the body has none
 * @param kind          why it was sent
 * @param attempt       1 for the first try, 2 for the first retry, ... up to 11
 * @param httpStatus    the receiver's answer, 0 when there was none (see {@code error})
 * @param error         why there was no answer (I/O error, timeout, {@code "dropped"}), null when answered
 * @param requestId     the X-Request-ID sent: the same on every attempt of one webhook and on its duplicates
 * @param sentAt        when the attempt started, by the sandbox's clock (also the Date header sent)
 */
public record WebhookDelivery(String sessionId, String status, String transferState, Kind kind, int attempt,
                              int httpStatus, String error, String requestId, Instant sentAt) {

    /** Why a webhook was sent. */
    public enum Kind {
        /** A status or transfer-state change, as the provider sends them. */
        EVENT,
        /** {@link FintectureSandbox#sendWebhookAgain}: an earlier webhook once more, same body and X-Request-ID. */
        DUPLICATE,
        /** {@link FintectureSandbox#sendStaleWebhook}: an earlier status arriving after a later one. */
        STALE,
        /** {@link FintectureSandbox#sendForgedWebhook}: one deliberate defect; never retried. */
        FORGED
    }

    /** The receiver answered 2xx. */
    public boolean delivered() {
        return httpStatus >= 200 && httpStatus <= 299;
    }
}
