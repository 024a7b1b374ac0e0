package org.paymentroutes.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Webhook receipts on H2 and PostgreSQL: a request id is accepted once; old receipts are pruned. */
class WebhookReceiptsTest extends StoreDatabases {

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aWebhookRequestIdIsAcceptedOnce(String db, PaymentStore store) {
        assertThat(store.webhooks().record(db + "-req-1", "fintecture", "s1")).isTrue();
        assertThat(store.webhooks().record(db + "-req-1", "fintecture", "s1")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void receiptsRecordedBeforeTheCutoffArePrunedAndOnlyThose(String db, PaymentStore store) {
        assertThat(store.webhooks().record(db + "-old", "fintecture", "s1")).isTrue();
        java.time.OffsetDateTime afterOld = store.now().plusSeconds(1);
        assertThat(store.webhooks().prune(store.now().minusHours(1))).isZero();
        assertThat(store.webhooks().seen(db + "-old")).isTrue();
        assertThat(store.webhooks().prune(afterOld)).isGreaterThanOrEqualTo(1);
        assertThat(store.webhooks().seen(db + "-old")).isFalse();
        assertThat(store.webhooks().record(db + "-old", "fintecture", "s1")).isTrue();
    }
}
