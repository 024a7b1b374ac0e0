package org.paymentroutes.store;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.function.Function;
import javax.sql.DataSource;
import org.paymentroutes.config.Settings;

/**
 * The payment store, by concern: {@link #payments()} (and their transitions, claims and initiation
 * marks), {@link #history()}, {@link #outbox()}, {@link #webhooks()}, {@link #reconciliation()},
 * {@link #processes()} (Everifin's loop), {@link #reports()}, {@link #files()} (pain.001 identifiers),
 * {@link #operators()} and {@link #retention()}. Work that must commit together runs
 * in {@link #inTransaction}; the table classes' methods that take a {@link StoreTransaction} join it.
 * Plain JDBC, portable between H2 and PostgreSQL.
 */
public final class PaymentStore implements AutoCloseable {

    private final Jdbc jdbc;
    private final HikariDataSource pool;
    private final Payments payments;
    private final PaymentHistory history;
    private final OutboxRows outbox;
    private final WebhookReceipts webhooks;
    private final ReconcileChecks reconciliation;
    private final ProcessStates processes;
    private final ReportQueries reports;
    private final FileTransactions files;
    private final OperatorQueries operators;
    private final Retention retention;

    /** A store on {@code ds} (left open by {@link #close}) that writes outcome events to its outbox for {@code outcomeQueue}. */
    public PaymentStore(DataSource ds, OutcomeFormat outcomes, String outcomeQueue) {
        this(ds, Clock.systemUTC(), outcomes, outcomeQueue);
    }

    public PaymentStore(DataSource ds, Clock clock, OutcomeFormat outcomes, String outcomeQueue) {
        this(ds, null, clock, outcomes, outcomeQueue, null, null);
    }

    /** As above, also writing the status report ({@code statusReports}) of each change of a payment from a file to {@code reportQueue}. */
    public PaymentStore(DataSource ds, Clock clock, OutcomeFormat outcomes, String outcomeQueue, StatusReportFormat statusReports,
                        String reportQueue) {
        this(ds, null, clock, outcomes, outcomeQueue, statusReports, reportQueue);
    }

    private PaymentStore(DataSource ds, HikariDataSource pool, Clock clock, OutcomeFormat outcomes, String outcomeQueue,
                         StatusReportFormat statusReports, String reportQueue) {
        this.jdbc = new Jdbc(ds, clock);
        this.pool = pool;
        this.history = new PaymentHistory(jdbc);
        this.outbox = new OutboxRows(jdbc);
        this.payments = new Payments(jdbc, outbox, outcomes, outcomeQueue, statusReports, reportQueue);
        this.files = new FileTransactions(jdbc);
        this.webhooks = new WebhookReceipts(jdbc);
        this.reconciliation = new ReconcileChecks(jdbc, history);
        this.processes = new ProcessStates(jdbc);
        this.reports = new ReportQueries(jdbc);
        this.operators = new OperatorQueries(jdbc);
        this.retention = new Retention(jdbc);
    }

    /** Opens the configured store ({@link StoreDataSource#open(Settings)}); {@link #close} closes its pool. */
    public static PaymentStore open(Settings settings, OutcomeFormat outcomes, String outcomeQueue) {
        return open(settings, outcomes, outcomeQueue, null, null);
    }

    /** As above, with the status reports of payments from files (see {@link StatusReportFormat}). */
    public static PaymentStore open(Settings settings, OutcomeFormat outcomes, String outcomeQueue, StatusReportFormat statusReports,
                                    String reportQueue) {
        HikariDataSource pool = StoreDataSource.open(settings);
        return new PaymentStore(pool, pool, Clock.systemUTC(), outcomes, outcomeQueue, statusReports, reportQueue);
    }

    public Payments payments() {
        return payments;
    }

    public PaymentHistory history() {
        return history;
    }

    public OutboxRows outbox() {
        return outbox;
    }

    /** The pain.001 identifiers of payments that came in a file. */
    public FileTransactions files() {
        return files;
    }

    public WebhookReceipts webhooks() {
        return webhooks;
    }

    public ReconcileChecks reconciliation() {
        return reconciliation;
    }

    public ProcessStates processes() {
        return processes;
    }

    public ReportQueries reports() {
        return reports;
    }

    /** Operators' listing and the initiation mark they clear (README, "Operating it"). */
    public OperatorQueries operators() {
        return operators;
    }

    /** The retention job's deletions of final payments' personal data. */
    public Retention retention() {
        return retention;
    }

    /** The clock the store stamps changes with (reconciliation measures ages with the same one). */
    public OffsetDateTime now() {
        return jdbc.now();
    }

    /** Work on one connection, committed together or not at all (rolled back on any exception). */
    public <T> T inTransaction(Function<StoreTransaction, T> work) {
        return jdbc.transaction("transaction", work::apply);
    }

    /** Whether the store answers (a connection from the pool, valid within 2 s): for the health check. */
    public boolean ping() {
        return jdbc.ping();
    }

    /**
     * A plain connection to the store's database, for the bench's floor loop only: the floor measures
     * the least any implementation must do for an order, so it writes its own table with bare JDBC,
     * bypassing everything this store adds (idempotency, history, outbox, leases). The bundle never
     * calls it.
     */
    public Connection benchFloorConnection() throws SQLException {
        return jdbc.connection();
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.close();
        }
    }
}
