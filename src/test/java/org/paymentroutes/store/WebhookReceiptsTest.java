package org.paymentroutes.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Webhook receipts on H2 and PostgreSQL: a request id is accepted once. */
class WebhookReceiptsTest extends StoreDatabases {

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aWebhookRequestIdIsAcceptedOnce(String db, PaymentStore store) {
        assertThat(store.webhooks().record(db + "-req-1", "fintecture", "s1")).isTrue();
        assertThat(store.webhooks().record(db + "-req-1", "fintecture", "s1")).isFalse();
    }
}
