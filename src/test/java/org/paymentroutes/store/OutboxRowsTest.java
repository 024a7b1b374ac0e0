package org.paymentroutes.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The outbox on H2 and PostgreSQL: rows written with their change, claimed once, in each order's sequence. */
class OutboxRowsTest extends StoreDatabases {

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void anOrdersLaterOutboxRowsWaitWhileAnEarlierOneIsHeldByAnotherFlush(String db, PaymentStore store) {
        String a = db + "-ORDERED-A";
        String b = db + "-ORDERED-B";
        receive(store, a);
        // A flush claims A's RECEIVED row and dies before sending it (its claim lasts until the lease ends).
        List<OutboxMessage> dead = store.outbox().claimUnsent(1000, Duration.ZERO, Duration.ofSeconds(30)).stream()
                .filter(m -> m.orderId().equals(a)).toList();
        assertThat(dead).hasSize(1);
        store.payments().transition(a, Transition.to(PaymentStatus.ACTION_REQUIRED).providerPaymentId("s-" + a).actionUrl("u")
                .source("initiation").viaOutbox());
        receive(store, b);

        List<OutboxMessage> next = store.outbox().claimUnsent(1000, Duration.ZERO, Duration.ofSeconds(30)).stream()
                .filter(m -> m.orderId().equals(a) || m.orderId().equals(b)).toList();
        assertThat(next).as("A's ACTION_REQUIRED waits behind its RECEIVED; B is free")
                .extracting(OutboxMessage::body).containsExactly(b + "/RECEIVED/intake");

        store.outbox().markSent(dead.stream().map(OutboxMessage::id).toList());
        assertThat(store.outbox().claimUnsent(1000, Duration.ZERO, Duration.ofSeconds(30)).stream().filter(m -> m.orderId().equals(a)))
                .extracting(OutboxMessage::body).containsExactly(a + "/ACTION_REQUIRED/initiation");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void outboxRowsAreWrittenWithTheChangeOnlyAndSentOnce(String db, PaymentStore store) {
        String id = db + "-OUT";
        receive(store, id);
        store.payments().transition(id, Transition.to(PaymentStatus.ACTION_REQUIRED).providerPaymentId("s-" + id).actionUrl("u").source("initiation"));
        store.payments().transition(id, Transition.to(PaymentStatus.AUTHORIZED).providerStatus("payment_created").source("webhook").viaOutbox());
        store.payments().transition(id, Transition.to(PaymentStatus.AUTHORIZED).providerStatus("payment_created").source("callback").viaOutbox());

        List<OutboxMessage> unsent = store.outbox().unsent(1000).stream().filter(m -> m.orderId().equals(id)).toList();
        // RECEIVED is written with the payment; the initiation's change (not via the outbox) is not; the
        // webhook's change is, once; the callback's repeat is no change.
        assertThat(unsent).extracting(OutboxMessage::body).containsExactly(id + "/RECEIVED/intake", id + "/AUTHORIZED/webhook");
        assertThat(unsent).extracting(OutboxMessage::queue).containsOnly("payments.outcomes");
        List<Long> ids = unsent.stream().map(OutboxMessage::id).toList();
        assertThat(store.outbox().claimUnsent(1000, Duration.ZERO, Duration.ofSeconds(30))).extracting(OutboxMessage::id).containsAll(ids);
        assertThat(store.outbox().claimUnsent(1000, Duration.ZERO, Duration.ofSeconds(30))).as("claimed: not handed out twice")
                .extracting(OutboxMessage::id).doesNotContainAnyElementsOf(ids);
        store.outbox().markSent(ids);
        assertThat(store.outbox().unsent(1000)).noneMatch(m -> m.orderId().equals(id));
    }
}
