package org.paymentroutes.store;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.paymentroutes.metrics.PaymentMetrics;

/**
 * The payments (table payment), where races are decided: {@link #receive} makes the order id an
 * idempotency key, {@link #claim} lets one consumer at a time talk to a provider about a payment, and
 * {@link #transition} publishes a status change at most once and never lets a status go backwards.
 */
public final class Payments {

    static final String COLUMNS = "order_id, provider, status, provider_status, provider_payment_id, reason_code, "
            + "amount, currency, communication, order_hash, action_url, created_at, updated_at, version";

    private final Jdbc jdbc;
    private final OutboxRows outbox;
    private final OutcomeFormat outcomes;
    private final String outcomeQueue;
    private final StatusReportFormat reports;
    private final String reportQueue;

    /** {@code reports} (null: none) writes the status report of a payment from a file, to {@code reportQueue}. */
    Payments(Jdbc jdbc, OutboxRows outbox, OutcomeFormat outcomes, String outcomeQueue, StatusReportFormat reports, String reportQueue) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.outcomes = outcomes;
        this.outcomeQueue = outcomeQueue;
        this.reports = reports;
        this.reportQueue = reportQueue;
    }

    /** What {@link #receive} found: the payment, and whether this call created it. */
    public record Received(Payment payment, boolean created) {
    }

    /**
     * Records a new order as RECEIVED (with a history line and its outcome in the outbox), or returns
     * the payment already held under its id.
     */
    public Received receive(String orderId, String provider, BigDecimal amount, String currency, String communication,
                            String orderHash, String orderJson) {
        return receive(orderId, provider, amount, currency, communication, orderHash, orderJson, null);
    }

    /**
     * As {@link #receive(String, String, BigDecimal, String, String, String, String)}; with a {@code claimLease},
     * a payment this call creates is also claimed ({@link #claim}) for that long, in the same
     * transaction: the consumer that created it initiates it without another commit.
     */
    public Received receive(String orderId, String provider, BigDecimal amount, String currency, String communication,
                            String orderHash, String orderJson, Duration claimLease) {
        OffsetDateTime now = jdbc.now();
        return jdbc.autoCommit("receive", tx -> {
            try {
                return Jdbc.transactionOn(tx, t -> new Received(create(t, orderId, provider, amount, currency, communication, orderHash,
                        orderJson, claimLease, now), true));
            } catch (SQLException e) {
                if (!Jdbc.isDuplicateKey(e)) {
                    throw e;
                }
            }
            // Already held under this id (a duplicate order, or a concurrent copy that won): read it back.
            return new Received(find(tx, orderId).orElseThrow(() -> new SQLException("payment vanished after duplicate key")), false);
        });
    }

    /**
     * As {@link #receive(String, String, BigDecimal, String, String, String, String)}, in a transaction
     * the caller holds (a pain.001 file records all its orders at once). The id is looked up first, so
     * a duplicate costs no failed statement (which would abort a PostgreSQL transaction); two copies
     * racing end with one duplicate key error, rolling the loser's transaction back for a retry.
     */
    public Received receive(StoreTransaction tx, String orderId, String provider, BigDecimal amount, String currency,
                            String communication, String orderHash, String orderJson) {
        return Jdbc.joined(tx, "receive", t -> {
            Optional<Payment> held = find(t, orderId);
            return held.isPresent() ? new Received(held.get(), false)
                    : new Received(create(t, orderId, provider, amount, currency, communication, orderHash, orderJson, null, jdbc.now()), true);
        });
    }

    private Payment create(StoreTransaction t, String orderId, String provider, BigDecimal amount, String currency, String communication,
                           String orderHash, String orderJson, Duration claimLease, OffsetDateTime now) throws SQLException {
        t.update("INSERT INTO payment (order_id, provider, status, amount, currency, communication, order_hash, order_json, "
                + "created_at, updated_at, version, claim_token, claim_until) VALUES (?,?,?,?,?,?,?,?,?,?,0,?,?)",
                orderId, provider, PaymentStatus.RECEIVED.name(), amount, currency, communication, orderHash, orderJson, now, now,
                claimLease == null ? null : UUID.randomUUID().toString(),
                StoreTransaction.timestamp(claimLease == null ? null : now.plus(claimLease)));
        PaymentHistory.insert(t, orderId, PaymentStatus.RECEIVED, null, "intake", true, null, now);
        Payment created = find(t, orderId).orElseThrow();
        // The RECEIVED outcome is written with the payment, so it is published exactly once
        // whatever happens to the message that brought the order.
        outbox.insert(t, orderId, outcomeQueue, outcomes.format(created, "intake"), null);
        return created;
    }

    public Optional<Payment> find(String orderId) {
        return jdbc.autoCommit("find", tx -> find(tx, orderId));
    }

    public Optional<Payment> findByProviderId(String provider, String providerPaymentId) {
        return jdbc.autoCommit("findByProviderId", tx -> tx.first("SELECT " + COLUMNS + " FROM payment WHERE provider = ? "
                + "AND provider_payment_id = ?", Payments::map, provider, providerPaymentId));
    }

    /** The order as it was received (JSON), for steps that need more than the columns hold. */
    public Optional<String> orderJson(String orderId) {
        return jdbc.autoCommit("orderJson", tx -> tx.first("SELECT order_json FROM payment WHERE order_id = ?", rs -> rs.getString(1),
                orderId));
    }

    /**
     * Takes a lease on a RECEIVED payment that has no provider payment yet, so that only one consumer
     * initiates it. False when another consumer holds an unexpired lease, or the payment has moved on.
     */
    public boolean claim(String orderId, Duration lease) {
        OffsetDateTime now = jdbc.now();
        return jdbc.update("claim", "UPDATE payment SET claim_token = ?, claim_until = ? WHERE order_id = ? AND status = 'RECEIVED' "
                + "AND provider_payment_id IS NULL AND (claim_until IS NULL OR claim_until < ?)",
                UUID.randomUUID().toString(), now.plus(lease), orderId, now) == 1;
    }

    /** Ends a lease early (after a failed attempt), so the next delivery need not wait for it to expire. */
    public void release(String orderId) {
        jdbc.update("release", "UPDATE payment SET claim_token = NULL, claim_until = NULL WHERE order_id = ?", orderId);
    }

    /**
     * Ends a lease early after an attempt that failed without leaving a call of unknown fate (no
     * access token could be had, so nothing unanswered was sent): the initiation mark goes too, so
     * the next delivery sends the order instead of parking it.
     */
    public void releaseUnsent(String orderId) {
        jdbc.update("releaseUnsent", "UPDATE payment SET claim_token = NULL, claim_until = NULL, initiation_started_at = NULL "
                + "WHERE order_id = ? AND provider_payment_id IS NULL", orderId);
    }

    /**
     * Just before the provider is called to create the payment (see V5__initiation_attempts.sql). A new
     * call starts a new count of lookups (V9__initiation_lookups.sql): earlier lost answers are settled.
     */
    public void markInitiating(String orderId) {
        jdbc.update("initiation mark", "UPDATE payment SET initiation_started_at = ?, initiation_lookups = 0 WHERE order_id = ?",
                jdbc.now(), orderId);
    }

    /** When the creation call whose answer was lost started; empty when no call is of unknown fate. */
    public Optional<OffsetDateTime> initiationStartedAt(String orderId) {
        return jdbc.autoCommit("initiationStartedAt", tx -> tx.first("SELECT initiation_started_at FROM payment WHERE order_id = ? "
                + "AND provider_payment_id IS NULL AND initiation_started_at IS NOT NULL",
                rs -> rs.getObject(1, OffsetDateTime.class), orderId));
    }

    /** How many lookups were started for the creation call whose answer was lost. */
    public int initiationLookups(String orderId) {
        return jdbc.autoCommit("initiationLookups", tx -> tx.first("SELECT initiation_lookups FROM payment WHERE order_id = ?",
                rs -> rs.getInt(1), orderId)).orElse(0);
    }

    /** Counts a lookup about to start (committed at once, so that a crash during it still counts). */
    public void countLookup(String orderId) {
        jdbc.update("countLookup", "UPDATE payment SET initiation_lookups = initiation_lookups + 1 WHERE order_id = ?", orderId);
    }

    /**
     * The provider refused the creation call (an error answer): nothing was created, a retry may send
     * it again. A success needs no call: storing the provider's id settles it.
     */
    public void initiationAnswered(String orderId) {
        jdbc.update("initiation mark", "UPDATE payment SET initiation_started_at = ? WHERE order_id = ?", StoreTransaction.timestamp(null),
                orderId);
    }

    /**
     * Payments parked for an operator: an earlier creation call got no answer, and no consumer holds
     * them (the intake released them; see intake.Intake#park). For the metrics.
     */
    public long parked() {
        return jdbc.autoCommit("parked", tx -> tx.first("SELECT COUNT(*) FROM payment WHERE status = 'RECEIVED' "
                + "AND initiation_started_at IS NOT NULL AND provider_payment_id IS NULL AND claim_until IS NULL",
                rs -> rs.getLong(1)).orElse(0L));
    }

    /** Whether an earlier creation call got no answer (so a payment may exist at the provider). */
    public boolean initiationUncertain(String orderId) {
        return jdbc.autoCommit("initiationUncertain", tx -> tx.first("SELECT initiation_started_at FROM payment WHERE order_id = ? "
                + "AND provider_payment_id IS NULL", rs -> rs.getObject(1) != null, orderId)).orElse(false);
    }

    /**
     * Records what a channel learned about a payment, in a transaction of its own. The status changes
     * only when it is progress ({@link PaymentStatus#canMoveTo}, or {@link Transition#allowAlternation});
     * otherwise the report is kept in the history, unpublished. A provider payment id, once stored, is
     * never replaced.
     */
    public Transition.Result transition(String orderId, Transition t) {
        return jdbc.transaction("transaction", tx -> apply(tx, orderId, t));
    }

    /** The same, inside a transaction the caller holds (see {@link PaymentStore#inTransaction}). */
    public Transition.Result transition(StoreTransaction tx, String orderId, Transition t) {
        return Jdbc.joined(tx, "transition", c -> apply(c, orderId, t));
    }

    private Transition.Result apply(StoreTransaction tx, String orderId, Transition t) throws SQLException {
        OffsetDateTime now = jdbc.now();
        Payment current = tx.first("SELECT " + COLUMNS + " FROM payment WHERE order_id = ? FOR UPDATE", Payments::map, orderId)
                .orElseThrow(() -> new IllegalArgumentException("no payment " + orderId));
        boolean changed = t.moves(current.status());
        if (t.providerPaymentId() != null && current.providerPaymentId() != null
                && !t.providerPaymentId().equals(current.providerPaymentId())) {
            throw new IllegalStateException("payment " + orderId + " already has provider payment "
                    + current.providerPaymentId() + "; refusing to replace it");
        }
        if (changed) {
            PaymentMetrics.statusChanged(current.provider(), t.status().name());
            tx.update("UPDATE payment SET status = ?, provider_status = COALESCE(?, provider_status), "
                    + "provider_payment_id = COALESCE(provider_payment_id, ?), action_url = COALESCE(?, action_url), "
                    + "reason_code = COALESCE(?, reason_code), claim_token = NULL, claim_until = NULL, updated_at = ?, "
                    + "version = version + 1 WHERE order_id = ?", t.status().name(), t.providerStatus(), t.providerPaymentId(),
                    t.actionUrl(), t.reasonCode(), now, orderId);
            SettlementDates.stamp(tx, orderId, t.status(), now);
        }
        PaymentHistory.insert(tx, orderId, t.status(), t.providerStatus(), t.source(), changed, changed ? t.detail()
                : "not applied (payment is " + current.status() + ")" + (t.detail() == null ? "" : ": " + t.detail()), now);
        Payment after = find(tx, orderId).orElseThrow();
        if (changed && t.outbox()) {
            outbox.insert(tx, orderId, outcomeQueue, outcomes.format(after, t.source()), null);
            // A payment from a pain.001 file: its pain.002 for the ERP, with the outcome (the JSON outcome is unchanged).
            String report = reports == null ? null : FileTransactions.find(tx, orderId).map(ref -> reports.format(after, ref)).orElse(null);
            if (report != null) {
                outbox.insert(tx, orderId, reportQueue, report, null);
            }
        }
        return new Transition.Result(after, changed);
    }


    static Optional<Payment> find(StoreTransaction tx, String orderId) throws SQLException {
        return tx.first("SELECT " + COLUMNS + " FROM payment WHERE order_id = ?", Payments::map, orderId);
    }

    static Payment map(ResultSet rs) throws SQLException {
        return new Payment(rs.getString(1), rs.getString(2), PaymentStatus.valueOf(rs.getString(3)), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getBigDecimal(7), rs.getString(8).trim(), rs.getString(9), rs.getString(10),
                rs.getString(11), rs.getObject(12, OffsetDateTime.class), rs.getObject(13, OffsetDateTime.class), rs.getInt(14));
    }
}
