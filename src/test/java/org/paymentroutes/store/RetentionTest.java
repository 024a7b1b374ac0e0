package org.paymentroutes.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The retention job removes the payer's data, history, sent outbox rows and webhook receipts of final
 * payments older than the retention age, and only theirs; the payment row keeps what finance needs.
 * Also the authorized and settled dates the per-payment export is keyed by.
 */
class RetentionTest extends StoreDatabases {

    private static final OutcomeFormat OUTCOMES = (p, src) -> p.orderId() + "/" + p.status() + "/" + src;
    private static final Instant LONG_AGO = Instant.parse("2024-01-10T10:00:00Z");

    /** The same database with a clock 500 days back, and with the real one. */
    Stream<Arguments> clocks() {
        return Stream.of(Arguments.of("h2", new PaymentStore(h2, Clock.fixed(LONG_AGO, ZoneOffset.UTC), OUTCOMES, "payments.outcomes"),
                        new PaymentStore(h2, OUTCOMES, "payments.outcomes")),
                Arguments.of("postgresql", new PaymentStore(pg, Clock.fixed(LONG_AGO, ZoneOffset.UTC), OUTCOMES, "payments.outcomes"),
                        new PaymentStore(pg, OUTCOMES, "payments.outcomes")));
    }

    private static void settle(PaymentStore store, String id, String session) {
        store.payments().receive(id, "fintecture", new BigDecimal("273.00"), "EUR", "INV-" + id, "hash-" + id,
                "{\"orderId\":\"" + id + "\",\"payer\":{\"name\":\"Zoë Lefèbre\"}}");
        store.payments().transition(id, Transition.to(PaymentStatus.ACTION_REQUIRED).providerPaymentId(session).source("initiation").viaOutbox());
        store.payments().transition(id, Transition.to(PaymentStatus.AUTHORIZED).source("webhook").viaOutbox());
        store.payments().transition(id, Transition.to(PaymentStatus.SETTLED).source("webhook").viaOutbox());
        store.webhooks().record("req-" + id, "fintecture", session);
        store.outbox().markSent(store.outbox().unsent(10_000).stream().filter(m -> m.orderId().equals(id)).map(OutboxMessage::id).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clocks")
    void onlyOldFinalPaymentsLoseTheirPersonalDataAndTheRunIsCounted(String db, PaymentStore old, PaymentStore now) {
        settle(old, db + "-OLD-SETTLED", db + "-s1");
        old.payments().receive(db + "-OLD-OPEN", "fintecture", new BigDecimal("5.00"), "EUR", null, "h", "{\"payer\":\"x\"}");
        settle(now, db + "-NEW-SETTLED", db + "-s2");
        OffsetDateTime cutoff = now.now().minus(Duration.ofDays(400));

        Retention.Removed removed = now.retention().purge(cutoff, 500, "test");

        assertThat(removed.payments()).isEqualTo(1);
        assertThat(removed.historyRows()).isEqualTo(4);
        assertThat(removed.outboxRows()).isEqualTo(4);
        assertThat(removed.receipts()).isEqualTo(1);
        Payment kept = now.payments().find(db + "-OLD-SETTLED").orElseThrow();
        assertThat(kept.status()).isEqualTo(PaymentStatus.SETTLED);
        assertThat(kept.amount()).isEqualByComparingTo("273.00");
        assertThat(kept.providerPaymentId()).isEqualTo(db + "-s1");
        assertThat(now.payments().orderJson(db + "-OLD-SETTLED")).contains("{}");
        assertThat(now.history().of(db + "-OLD-SETTLED")).isEmpty();
        // Not final, or not old enough: untouched.
        assertThat(now.payments().orderJson(db + "-OLD-OPEN").orElseThrow()).contains("payer");
        assertThat(now.history().of(db + "-OLD-OPEN")).hasSize(1);
        assertThat(now.payments().orderJson(db + "-NEW-SETTLED").orElseThrow()).contains("Zoë");
        assertThat(now.history().of(db + "-NEW-SETTLED")).hasSize(4);
        // A second run finds nothing more; the day's total is what the first removed.
        assertThat(now.retention().purge(cutoff, 500, "test").payments()).isZero();
        Retention.Removed day = now.retention().removedBetween(now.now().minusMinutes(5), now.now().plusMinutes(5));
        assertThat(day.payments()).isGreaterThanOrEqualTo(1);
        assertThat(day.receipts()).isGreaterThanOrEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clocks")
    void authorizedAndSettledDatesAreKeptOnThePaymentForTheExport(String db, PaymentStore old, PaymentStore now) {
        OffsetDateTime before = now.now();
        settle(now, db + "-DATES", db + "-s3");
        OffsetDateTime after = now.now();
        assertThat(now.reports().settled(before.minusSeconds(1), after.plusSeconds(1)))
                .filteredOn(e -> e.orderId().equals(db + "-DATES")).singleElement().satisfies(e -> {
                    assertThat(e.settledAt()).isBetween(before, after);
                    assertThat(e.authorizedAt()).isBetween(before, e.settledAt());
                    assertThat(e.providerPaymentId()).isEqualTo(db + "-s3");
                    assertThat(e.amount()).isEqualByComparingTo("273.00");
                });
        assertThat(now.reports().settled(after.plusSeconds(1), after.plusDays(1))).noneMatch(e -> e.orderId().equals(db + "-DATES"));
    }
}
