package org.paymentroutes.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The same store behaviour on H2 (the embedded default) and on a real PostgreSQL server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaymentStoreTest {

    @TempDir
    static Path dir;

    EmbeddedPostgres postgres;
    HikariDataSource h2;
    HikariDataSource pg;

    @BeforeAll
    void open() throws Exception {
        h2 = StoreDataSource.open("jdbc:h2:file:" + dir.resolve("store") + ";AUTO_SERVER=TRUE", "sa", "", 8);
        postgres = EmbeddedPostgres.builder().start();
        pg = StoreDataSource.open(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", 8);
    }

    @AfterAll
    void close() throws Exception {
        h2.close();
        pg.close();
        postgres.close();
    }

    Stream<Arguments> stores() {
        return Stream.of(Arguments.of("h2", new PaymentStore(h2, (p, src) -> p.orderId() + "/" + p.status() + "/" + src, "payments.outcomes")), Arguments.of("postgresql", new PaymentStore(pg, (p, src) -> p.orderId() + "/" + p.status() + "/" + src, "payments.outcomes")));
    }

    private static PaymentStore.Received receive(PaymentStore store, String id) {
        return store.receive(id, "fintecture", new BigDecimal("273.00"), "EUR", "INV-1", "hash-" + id, "{\"orderId\":\"" + id + "\"}");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void receiveIsIdempotentOnTheOrderId(String db, PaymentStore store) {
        PaymentStore.Received first = receive(store, db + "-R1");
        PaymentStore.Received again = receive(store, db + "-R1");

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.payment().status()).isEqualTo(PaymentStatus.RECEIVED);
        assertThat(again.payment().amount()).isEqualByComparingTo("273.00");
        assertThat(again.payment().amountText()).isEqualTo("273.00");
        assertThat(again.payment().currency()).isEqualTo("EUR");
        assertThat(store.history(db + "-R1")).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void concurrentReceivesCreateOnePaymentAndOneClaimWins(String db, PaymentStore store) throws Exception {
        String id = db + "-RACE";
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> tasks = java.util.Collections.nCopies(8, () -> {
                receive(store, id);
                return store.claim(id, Duration.ofSeconds(30));
            });
            long created = 0;
            long claimed = 0;
            for (Future<Boolean> f : pool.invokeAll(tasks)) {
                claimed += f.get() ? 1 : 0;
            }
            created = store.history(id).size();
            assertThat(created).isEqualTo(1);
            assertThat(claimed).isEqualTo(1);
        } finally {
            pool.shutdown();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void concurrentReceivesThatClaimOnCreationLeaveExactlyOneClaimHolder(String db, PaymentStore store) throws Exception {
        String id = db + "-RACE-CLAIM";
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> tasks = java.util.Collections.nCopies(8, () -> {
                PaymentStore.Received r = store.receive(id, "fintecture", new BigDecimal("273.00"), "EUR", "INV-1", "hash-" + id,
                        "{}", Duration.ofSeconds(30));
                // The creator holds the claim; every other copy finds it taken.
                return r.created() || store.claim(id, Duration.ofSeconds(30));
            });
            long holders = 0;
            for (Future<Boolean> f : pool.invokeAll(tasks)) {
                holders += f.get() ? 1 : 0;
            }
            assertThat(holders).isEqualTo(1);
            assertThat(store.history(id)).hasSize(1);
        } finally {
            pool.shutdown();
        }
        String unclaimed = db + "-NO-CLAIM";
        store.receive(unclaimed, "fintecture", new BigDecimal("1.00"), "EUR", "INV-1", "h", "{}");
        assertThat(store.claim(unclaimed, Duration.ofSeconds(30))).as("received without a lease: free to claim").isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aReleasedOrLapsedClaimCanBeTakenAgainButNotAfterTheSessionIsStored(String db, PaymentStore store) throws Exception {
        String id = db + "-CLAIM";
        receive(store, id);
        assertThat(store.claim(id, Duration.ofSeconds(30))).isTrue();
        assertThat(store.claim(id, Duration.ofSeconds(30))).isFalse();
        store.release(id);
        assertThat(store.claim(id, Duration.ofMillis(1))).isTrue();
        Thread.sleep(20);
        assertThat(store.claim(id, Duration.ofSeconds(30))).isTrue();

        store.transition(id, PaymentStatus.ACTION_REQUIRED, "session_initiated", "sess-" + id, "https://connect/x", null, "initiation", null);
        store.release(id);
        assertThat(store.claim(id, Duration.ofSeconds(30))).as("a stored session is never initiated again").isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void statusOnlyMovesForwardAndEveryReportIsKept(String db, PaymentStore store) {
        String id = db + "-FWD";
        receive(store, id);
        assertThat(store.transition(id, PaymentStatus.ACTION_REQUIRED, "session_initiated", "s-" + id, "u", null, "initiation", null).changed()).isTrue();
        assertThat(store.transition(id, PaymentStatus.AUTHORIZED, "payment_created", null, null, null, "webhook", null).changed()).isTrue();
        // A late, lower report and a repeat are history only.
        assertThat(store.transition(id, PaymentStatus.PENDING, "payment_pending", null, null, null, "callback", null).changed()).isFalse();
        assertThat(store.transition(id, PaymentStatus.AUTHORIZED, "payment_created", null, null, null, "callback", null).changed()).isFalse();
        PaymentStore.Transition settled = store.transition(id, PaymentStatus.SETTLED, "completed", null, null, null, "reconciliation", null);
        assertThat(settled.changed()).isTrue();
        assertThat(store.transition(id, PaymentStatus.FAILED, "payment_cancelled", null, null, "x", "webhook", null).changed())
                .as("a final status never changes").isFalse();

        Payment p = store.find(id).orElseThrow();
        assertThat(p.status()).isEqualTo(PaymentStatus.SETTLED);
        assertThat(p.providerPaymentId()).isEqualTo("s-" + id);
        assertThat(store.history(id)).extracting(HistoryEntry::status).containsExactly(PaymentStatus.RECEIVED,
                PaymentStatus.ACTION_REQUIRED, PaymentStatus.AUTHORIZED, PaymentStatus.PENDING, PaymentStatus.AUTHORIZED,
                PaymentStatus.SETTLED, PaymentStatus.FAILED);
        assertThat(store.history(id)).filteredOn(HistoryEntry::published).hasSize(4);
        assertThat(store.findByProviderId("fintecture", "s-" + id)).map(Payment::orderId).contains(id);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aStoredProviderPaymentIsNeverReplaced(String db, PaymentStore store) {
        String id = db + "-ONE";
        receive(store, id);
        store.transition(id, PaymentStatus.ACTION_REQUIRED, null, "first", "u", null, "initiation", null);
        assertThatThrownBy(() -> store.transition(id, PaymentStatus.PENDING, null, "second", null, null, "initiation", null))
                .isInstanceOf(IllegalStateException.class);
        assertThat(store.find(id).orElseThrow().providerPaymentId()).isEqualTo("first");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void notesAreAppendedWithoutChangingThePayment(String db, PaymentStore store) {
        String id = db + "-NOTE";
        receive(store, id);
        store.note(id, "initiation", "attempt 1 failed: HTTP 503 (log_id abc)");
        assertThat(store.find(id).orElseThrow().version()).isZero();
        assertThat(store.history(id)).extracting(HistoryEntry::detail).contains("attempt 1 failed: HTTP 503 (log_id abc)");
        assertThat(store.orderJson(id)).contains("{\"orderId\":\"" + id + "\"}");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void anOrdersLaterOutboxRowsWaitWhileAnEarlierOneIsHeldByAnotherFlush(String db, PaymentStore store) {
        String a = db + "-ORDERED-A";
        String b = db + "-ORDERED-B";
        receive(store, a);
        // A flush claims A's RECEIVED row and dies before sending it (its claim lasts until the lease ends).
        List<OutboxMessage> dead = store.claimUnsent(1000, Duration.ZERO, Duration.ofSeconds(30)).stream()
                .filter(m -> m.orderId().equals(a)).toList();
        assertThat(dead).hasSize(1);
        store.transition(a, PaymentStatus.ACTION_REQUIRED, null, "s-" + a, "u", null, "initiation", null, true);
        receive(store, b);

        List<OutboxMessage> next = store.claimUnsent(1000, Duration.ZERO, Duration.ofSeconds(30)).stream()
                .filter(m -> m.orderId().equals(a) || m.orderId().equals(b)).toList();
        assertThat(next).as("A's ACTION_REQUIRED waits behind its RECEIVED; B is free")
                .extracting(OutboxMessage::body).containsExactly(b + "/RECEIVED/intake");

        store.markSent(dead.stream().map(OutboxMessage::id).toList());
        assertThat(store.claimUnsent(1000, Duration.ZERO, Duration.ofSeconds(30)).stream().filter(m -> m.orderId().equals(a)))
                .extracting(OutboxMessage::body).containsExactly(a + "/ACTION_REQUIRED/initiation");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void outboxRowsAreWrittenWithTheChangeOnlyAndSentOnce(String db, PaymentStore store) {
        String id = db + "-OUT";
        receive(store, id);
        store.transition(id, PaymentStatus.ACTION_REQUIRED, null, "s-" + id, "u", null, "initiation", null);
        store.transition(id, PaymentStatus.AUTHORIZED, "payment_created", null, null, null, "webhook", null, true);
        store.transition(id, PaymentStatus.AUTHORIZED, "payment_created", null, null, null, "callback", null, true);

        List<OutboxMessage> unsent = store.unsent(1000).stream().filter(m -> m.orderId().equals(id)).toList();
        // RECEIVED is written with the payment; the initiation's change (not via the outbox) is not; the
        // webhook's change is, once; the callback's repeat is no change.
        assertThat(unsent).extracting(OutboxMessage::body).containsExactly(id + "/RECEIVED/intake", id + "/AUTHORIZED/webhook");
        assertThat(unsent).extracting(OutboxMessage::queue).containsOnly("payments.outcomes");
        List<Long> ids = unsent.stream().map(OutboxMessage::id).toList();
        assertThat(store.claimUnsent(1000, Duration.ZERO, Duration.ofSeconds(30))).extracting(OutboxMessage::id).containsAll(ids);
        assertThat(store.claimUnsent(1000, Duration.ZERO, Duration.ofSeconds(30))).as("claimed: not handed out twice")
                .extracting(OutboxMessage::id).doesNotContainAnyElementsOf(ids);
        store.markSent(ids);
        assertThat(store.unsent(1000)).noneMatch(m -> m.orderId().equals(id));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aWebhookRequestIdIsAcceptedOnce(String db, PaymentStore store) {
        assertThat(store.recordWebhook(db + "-req-1", "fintecture", "s1")).isTrue();
        assertThat(store.recordWebhook(db + "-req-1", "fintecture", "s1")).isFalse();
    }
}
