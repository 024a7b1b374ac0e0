package org.paymentroutes.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Payments, their claims and transitions, on H2 and PostgreSQL: where the store decides races. */
class PaymentsTest extends StoreDatabases {

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void receiveIsIdempotentOnTheOrderId(String db, PaymentStore store) {
        Payments.Received first = receive(store, db + "-R1");
        Payments.Received again = receive(store, db + "-R1");

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.payment().status()).isEqualTo(PaymentStatus.RECEIVED);
        assertThat(again.payment().amount()).isEqualByComparingTo("273.00");
        assertThat(again.payment().amountText()).isEqualTo("273.00");
        assertThat(again.payment().currency()).isEqualTo("EUR");
        assertThat(store.history().of(db + "-R1")).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void concurrentReceivesCreateOnePaymentAndOneClaimWins(String db, PaymentStore store) throws Exception {
        String id = db + "-RACE";
        long claimed = race(() -> {
            receive(store, id);
            return store.payments().claim(id, Duration.ofSeconds(30));
        });
        assertThat(store.history().of(id)).as("created once").hasSize(1);
        assertThat(claimed).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void concurrentReceivesThatClaimOnCreationLeaveExactlyOneClaimHolder(String db, PaymentStore store) throws Exception {
        String id = db + "-RACE-CLAIM";
        long holders = race(() -> {
            Payments.Received r = store.payments().receive(id, "fintecture", new BigDecimal("273.00"), "EUR", "INV-1", "hash-" + id,
                    "{}", Duration.ofSeconds(30));
            // The creator holds the claim; every other copy finds it taken.
            return r.created() || store.payments().claim(id, Duration.ofSeconds(30));
        });
        assertThat(holders).isEqualTo(1);
        assertThat(store.history().of(id)).hasSize(1);
        String unclaimed = db + "-NO-CLAIM";
        store.payments().receive(unclaimed, "fintecture", new BigDecimal("1.00"), "EUR", "INV-1", "h", "{}");
        assertThat(store.payments().claim(unclaimed, Duration.ofSeconds(30))).as("received without a lease: free to claim").isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aReleasedOrLapsedClaimCanBeTakenAgainButNotAfterTheSessionIsStored(String db, PaymentStore store) throws Exception {
        String id = db + "-CLAIM";
        receive(store, id);
        assertThat(store.payments().claim(id, Duration.ofSeconds(30))).isTrue();
        assertThat(store.payments().claim(id, Duration.ofSeconds(30))).isFalse();
        store.payments().release(id);
        assertThat(store.payments().claim(id, Duration.ofMillis(1))).isTrue();
        Thread.sleep(20);
        assertThat(store.payments().claim(id, Duration.ofSeconds(30))).isTrue();

        store.payments().transition(id, Transition.to(PaymentStatus.ACTION_REQUIRED).providerStatus("session_initiated").providerPaymentId("sess-" + id).actionUrl("https://connect/x").source("initiation"));
        store.payments().release(id);
        assertThat(store.payments().claim(id, Duration.ofSeconds(30))).as("a stored session is never initiated again").isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void statusOnlyMovesForwardAndEveryReportIsKept(String db, PaymentStore store) {
        String id = db + "-FWD";
        receive(store, id);
        assertThat(store.payments().transition(id, Transition.to(PaymentStatus.ACTION_REQUIRED).providerStatus("session_initiated").providerPaymentId("s-" + id).actionUrl("u").source("initiation")).changed()).isTrue();
        assertThat(store.payments().transition(id, Transition.to(PaymentStatus.AUTHORIZED).providerStatus("payment_created").source("webhook")).changed()).isTrue();
        // A late, lower report and a repeat are history only.
        assertThat(store.payments().transition(id, Transition.to(PaymentStatus.PENDING).providerStatus("payment_pending").source("callback")).changed()).isFalse();
        assertThat(store.payments().transition(id, Transition.to(PaymentStatus.AUTHORIZED).providerStatus("payment_created").source("callback")).changed()).isFalse();
        Transition.Result settled = store.payments().transition(id, Transition.to(PaymentStatus.SETTLED).providerStatus("completed").source("reconciliation"));
        assertThat(settled.changed()).isTrue();
        assertThat(store.payments().transition(id, Transition.to(PaymentStatus.FAILED).providerStatus("payment_cancelled").reasonCode("x").source("webhook")).changed())
                .as("a final status never changes").isFalse();

        Payment p = store.payments().find(id).orElseThrow();
        assertThat(p.status()).isEqualTo(PaymentStatus.SETTLED);
        assertThat(p.providerPaymentId()).isEqualTo("s-" + id);
        assertThat(store.history().of(id)).extracting(HistoryEntry::status).containsExactly(PaymentStatus.RECEIVED,
                PaymentStatus.ACTION_REQUIRED, PaymentStatus.AUTHORIZED, PaymentStatus.PENDING, PaymentStatus.AUTHORIZED,
                PaymentStatus.SETTLED, PaymentStatus.FAILED);
        assertThat(store.history().of(id)).filteredOn(HistoryEntry::published).hasSize(4);
        assertThat(store.payments().findByProviderId("fintecture", "s-" + id)).map(Payment::orderId).contains(id);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aStoredProviderPaymentIsNeverReplaced(String db, PaymentStore store) {
        String id = db + "-ONE";
        receive(store, id);
        store.payments().transition(id, Transition.to(PaymentStatus.ACTION_REQUIRED).providerPaymentId("first").actionUrl("u").source("initiation"));
        assertThatThrownBy(() -> store.payments().transition(id, Transition.to(PaymentStatus.PENDING).providerPaymentId("second").source("initiation")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(store.payments().find(id).orElseThrow().providerPaymentId()).isEqualTo("first");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void lookupsOfALostAnswerAreCountedUntilANewCreationCallStarts(String db, PaymentStore store) {
        String id = db + "-LOOKUPS";
        receive(store, id);
        assertThat(store.payments().initiationStartedAt(id)).isEmpty();
        store.payments().markInitiating(id);
        assertThat(store.payments().initiationStartedAt(id)).isPresent();
        assertThat(store.payments().initiationLookups(id)).isZero();
        store.payments().countLookup(id);
        store.payments().countLookup(id);
        assertThat(store.payments().initiationLookups(id)).isEqualTo(2);
        // The lost call's sessions are settled and a new creation call starts: a new count.
        store.payments().markInitiating(id);
        assertThat(store.payments().initiationLookups(id)).isZero();
        store.payments().transition(id, Transition.to(PaymentStatus.ACTION_REQUIRED).providerPaymentId("s").actionUrl("u").source("initiation"));
        assertThat(store.payments().initiationStartedAt(id)).as("a stored session settles the call").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void notesAreAppendedWithoutChangingThePayment(String db, PaymentStore store) {
        String id = db + "-NOTE";
        receive(store, id);
        store.history().note(id, "initiation", "attempt 1 failed: HTTP 503 (log_id abc)");
        assertThat(store.payments().find(id).orElseThrow().version()).isZero();
        assertThat(store.history().of(id)).extracting(HistoryEntry::detail).contains("attempt 1 failed: HTTP 503 (log_id abc)");
        assertThat(store.payments().orderJson(id)).contains("{\"orderId\":\"" + id + "\"}");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void onlyATransitionThatAllowsAlternationMovesSidewaysBetweenActionRequiredAndPending(String db, PaymentStore store) {
        String id = db + "-ALT";
        receive(store, id);
        store.payments().transition(id, Transition.to(PaymentStatus.PENDING).providerPaymentId("p-" + id).source("initiation"));
        assertThat(store.payments().transition(id, Transition.to(PaymentStatus.ACTION_REQUIRED).source("process")).changed())
                .as("a lower status, without alternation: history only").isFalse();
        assertThat(store.payments().transition(id, Transition.to(PaymentStatus.ACTION_REQUIRED).source("process").allowAlternation())
                .changed()).isTrue();
        assertThat(store.payments().transition(id, Transition.to(PaymentStatus.PENDING).source("process").allowAlternation()).changed())
                .isTrue();
        assertThat(store.payments().transition(id, Transition.to(PaymentStatus.RECEIVED).source("process").allowAlternation()).changed())
                .as("alternation is sideways only, never back to RECEIVED").isFalse();
        assertThat(store.payments().find(id).orElseThrow().status()).isEqualTo(PaymentStatus.PENDING);
    }

    /** Runs {@code task} on 8 threads at once; how many returned true. */
    private static long race(Callable<Boolean> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            long yes = 0;
            for (Future<Boolean> f : pool.invokeAll(java.util.Collections.nCopies(8, task))) {
                yes += f.get() ? 1 : 0;
            }
            return yes;
        } finally {
            pool.shutdown();
        }
    }
}
