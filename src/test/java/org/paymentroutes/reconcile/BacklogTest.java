package org.paymentroutes.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.paymentroutes.config.Settings;
import org.paymentroutes.store.Payment;
import org.paymentroutes.store.PaymentStatus;
import org.paymentroutes.store.PaymentStore;
import org.paymentroutes.store.Transition;
import org.paymentroutes.store.StoreDataSource;

/**
 * A backlog of thousands of pending payments, on H2 and PostgreSQL: reconciliation claims them in
 * bounded batches, never the same payment twice while claimed, and the daily report's counts and sums
 * match what the store holds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BacklogTest {

    static final int BACKLOG = 2_000;
    static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

    @TempDir
    static Path dir;

    EmbeddedPostgres postgres;
    HikariDataSource h2;
    HikariDataSource pg;
    /** What was inserted: currency -> status -> [count, sum]. */
    final Map<String, BigDecimal> sums = new HashMap<>();

    @BeforeAll
    void open() throws Exception {
        h2 = StoreDataSource.open("jdbc:h2:file:" + dir.resolve("store") + ";AUTO_SERVER=TRUE", "sa", "", 8);
        postgres = EmbeddedPostgres.builder().start();
        pg = StoreDataSource.open(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", 8);
        for (HikariDataSource ds : List.of(h2, pg)) {
            PaymentStore store = store(ds, T0);
            for (int i = 0; i < BACKLOG; i++) {
                String id = "BL-" + i;
                String currency = i % 3 == 0 ? "CZK" : "EUR";
                BigDecimal amount = new BigDecimal(i % 997 + 1).add(new BigDecimal("0.01").multiply(BigDecimal.valueOf(i % 100)));
                store.payments().receive(id, "fintecture", amount, currency, id, "h" + i, "{}");
                store.payments().transition(id, Transition.to(PaymentStatus.ACTION_REQUIRED).providerStatus("session_initiated")
                        .providerPaymentId("s-" + i).actionUrl("u").source("initiation"));
                if (ds == h2) {
                    sums.merge(currency, amount, BigDecimal::add);
                }
            }
        }
    }

    @AfterAll
    void close() throws Exception {
        h2.close();
        pg.close();
        postgres.close();
    }

    static PaymentStore store(HikariDataSource ds, Instant at) {
        return new PaymentStore(ds, Clock.fixed(at, ZoneOffset.UTC), (p, s) -> "{}", "payments.outcomes");
    }

    Stream<Arguments> stores() {
        return Stream.of(Arguments.of("h2", h2), Arguments.of("postgresql", pg));
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("stores")
    void theBacklogIsClaimedInBoundedBatchesEachPaymentOnce(String db, HikariDataSource ds) {
        PaymentStore later = store(ds, T0.plus(Duration.ofMinutes(10)));
        Set<String> seen = new HashSet<>();
        int batches = 0;
        List<Payment> batch;
        while (!(batch = later.reconciliation().claimDue(100, Duration.ofMinutes(1), Duration.ofMinutes(5))).isEmpty()) {
            batches++;
            assertThat(batch).hasSizeLessThanOrEqualTo(100);
            for (Payment p : batch) {
                assertThat(seen.add(p.orderId())).as("claimed twice: " + p.orderId()).isTrue();
            }
            assertThat(batches).isLessThanOrEqualTo(BACKLOG / 100);
        }
        assertThat(seen).hasSize(BACKLOG);
        // Still leased a minute later; due again once the lease has passed.
        assertThat(store(ds, T0.plus(Duration.ofMinutes(11))).reconciliation().claimDue(100, Duration.ofMinutes(1), Duration.ofMinutes(5))).isEmpty();
        assertThat(store(ds, T0.plus(Duration.ofMinutes(16))).reconciliation().claimDue(100, Duration.ofMinutes(1), Duration.ofMinutes(5))).hasSize(100);
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("stores")
    void theReportsCountsAndSumsMatchTheStore(String db, HikariDataSource ds) {
        PaymentStore store = store(ds, T0.plus(Duration.ofHours(2)));
        ReconcileConfig config = ReconcileConfig.from(Settings.of(Map.of()));
        DailyReport.Report r = new DailyReport(store, config, dir.resolve("reports-" + db)).build(T0.atOffset(ZoneOffset.UTC).toLocalDate());
        assertThat(r.totals()).extracting(DailyReport.Total::provider, DailyReport.Total::status, DailyReport.Total::currency)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("fintecture", "ACTION_REQUIRED", "CZK"),
                        org.assertj.core.groups.Tuple.tuple("fintecture", "ACTION_REQUIRED", "EUR"));
        for (DailyReport.Total t : r.totals()) {
            assertThat(t.amount()).as(t.currency()).isEqualByComparingTo(sums.get(t.currency()));
        }
        assertThat(r.totals().stream().mapToLong(DailyReport.Total::count).sum()).isEqualTo(BACKLOG);
        // header, totals, attention, and the four retention rows (what the retention job removed that day)
        assertThat(new DailyReport(store, config, dir).csv(r).lines().count()).isEqualTo(1 + r.totals().size() + r.attention().size() + 4);
        assertThat(new DailyReport(store, config, dir).csv(r)).contains("retention,,payments,,0,,,\n");
    }
}
