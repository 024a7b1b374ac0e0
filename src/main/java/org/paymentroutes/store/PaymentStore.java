package org.paymentroutes.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The payment store: each payment by order id, and its append-only history. It is where races are
 * decided: {@link #receive} makes the order id an idempotency key, {@link #claim} lets one consumer
 * at a time talk to a provider about a payment, and {@link #transition} publishes a status change at
 * most once and never lets a status go backwards. Plain JDBC, portable between H2 and PostgreSQL.
 */
public final class PaymentStore {

    private static final String COLUMNS = "order_id, provider, status, provider_status, provider_payment_id, reason_code, "
            + "amount, currency, communication, order_hash, action_url, created_at, updated_at, version";

    private final DataSource ds;
    private final Clock clock;
    private final OutcomeFormat outcomes;
    private final String outcomeQueue;

    /** A store that can write outcome events to its outbox, for {@code outcomeQueue}. */
    public PaymentStore(DataSource ds, OutcomeFormat outcomes, String outcomeQueue) {
        this(ds, Clock.systemUTC(), outcomes, outcomeQueue);
    }

    public PaymentStore(DataSource ds, Clock clock, OutcomeFormat outcomes, String outcomeQueue) {
        this.ds = ds;
        this.clock = clock;
        this.outcomes = outcomes;
        this.outcomeQueue = outcomeQueue;
    }

    /** What {@link #receive} found: the payment, and whether this call created it. */
    public record Received(Payment payment, boolean created) {
    }

    /** What {@link #transition} did: the payment after it, and whether the status changed (so must be published). */
    public record Transition(Payment payment, boolean changed) {
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
        OffsetDateTime now = now();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO payment (order_id, provider, status, amount, currency, "
                    + "communication, order_hash, order_json, created_at, updated_at, version, claim_token, claim_until) "
                    + "VALUES (?,?,?,?,?,?,?,?,?,?,0,?,?)")) {
                ps.setString(1, orderId);
                ps.setString(2, provider);
                ps.setString(3, PaymentStatus.RECEIVED.name());
                ps.setBigDecimal(4, amount);
                ps.setString(5, currency);
                ps.setString(6, communication);
                ps.setString(7, orderHash);
                ps.setString(8, orderJson);
                ps.setObject(9, now);
                ps.setObject(10, now);
                ps.setString(11, claimLease == null ? null : UUID.randomUUID().toString());
                if (claimLease == null) {
                    ps.setNull(12, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
                } else {
                    ps.setObject(12, now.plus(claimLease));
                }
                ps.executeUpdate();
                insertHistory(c, orderId, PaymentStatus.RECEIVED, null, "intake", true, null, now);
                Payment created = find(c, orderId).orElseThrow();
                // The RECEIVED outcome is written with the payment, so it is published exactly once
                // whatever happens to the message that brought the order.
                enqueue(c, orderId, outcomeQueue, outcomes.format(created, "intake"), null);
                c.commit();
                return new Received(created, true);
            } catch (SQLException e) {
                c.rollback();
                if (!isDuplicateKey(e)) {
                    throw e;
                }
            }
            c.setAutoCommit(true);
            return new Received(find(c, orderId).orElseThrow(() -> new SQLException("payment vanished after duplicate key")), false);
        } catch (SQLException e) {
            throw new StoreException("receive", e);
        }
    }

    /** The clock the store stamps changes with (reconciliation measures ages with the same one). */
    public OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    public Optional<Payment> find(String orderId) {
        try (Connection c = ds.getConnection()) {
            return find(c, orderId);
        } catch (SQLException e) {
            throw new StoreException("find", e);
        }
    }

    public Optional<Payment> findByProviderId(String provider, String providerPaymentId) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM payment WHERE provider = ? AND provider_payment_id = ?")) {
            ps.setString(1, provider);
            ps.setString(2, providerPaymentId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("findByProviderId", e);
        }
    }

    /**
     * Takes a lease on a RECEIVED payment that has no provider payment yet, so that only one consumer
     * initiates it. False when another consumer holds an unexpired lease, or the payment has moved on.
     */
    public boolean claim(String orderId, Duration lease) {
        OffsetDateTime now = now();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE payment SET claim_token = ?, claim_until = ? WHERE order_id = ? "
                     + "AND status = 'RECEIVED' AND provider_payment_id IS NULL AND (claim_until IS NULL OR claim_until < ?)")) {
            ps.setString(1, UUID.randomUUID().toString());
            ps.setObject(2, now.plus(lease));
            ps.setString(3, orderId);
            ps.setObject(4, now);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("claim", e);
        }
    }

    /** Just before the provider is called to create the payment (see V5__initiation_attempts.sql). */
    public void markInitiating(String orderId) {
        setInitiation(orderId, now());
    }

    /**
     * The provider refused the creation call (an error answer): nothing was created, a retry may send
     * it again. A success needs no call: storing the provider's id settles it.
     */
    public void initiationAnswered(String orderId) {
        setInitiation(orderId, null);
    }

    /** Whether an earlier creation call got no answer (so a payment may exist at the provider). */
    public boolean initiationUncertain(String orderId) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT initiation_started_at FROM payment WHERE order_id = ? AND provider_payment_id IS NULL")) {
            ps.setString(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getObject(1) != null;
            }
        } catch (SQLException e) {
            throw new StoreException("initiationUncertain", e);
        }
    }

    private void setInitiation(String orderId, OffsetDateTime at) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE payment SET initiation_started_at = ? WHERE order_id = ?")) {
            if (at == null) {
                ps.setNull(1, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                ps.setObject(1, at);
            }
            ps.setString(2, orderId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("initiation mark", e);
        }
    }

    /**
     * Ends a lease early after an attempt that failed without leaving a call of unknown fate (no
     * access token could be had, so nothing unanswered was sent): the initiation mark goes too, so
     * the next delivery sends the order instead of parking it.
     */
    public void releaseUnsent(String orderId) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE payment SET claim_token = NULL, claim_until = NULL, "
                     + "initiation_started_at = NULL WHERE order_id = ? AND provider_payment_id IS NULL")) {
            ps.setString(1, orderId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("releaseUnsent", e);
        }
    }

    /** Ends a lease early (after a failed attempt), so the next delivery need not wait for it to expire. */
    public void release(String orderId) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE payment SET claim_token = NULL, claim_until = NULL WHERE order_id = ?")) {
            ps.setString(1, orderId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("release", e);
        }
    }

    /**
     * Records what a channel learned about a payment. The status changes only when it is progress
     * ({@link PaymentStatus#canMoveTo}); otherwise the report is kept in the history, unpublished.
     * A provider payment id, once stored, is never replaced. Null arguments keep the stored value.
     */
    public Transition transition(String orderId, PaymentStatus next, String providerStatus, String providerPaymentId,
                                 String actionUrl, String reasonCode, String source, String detail) {
        return transition(orderId, next, providerStatus, providerPaymentId, actionUrl, reasonCode, source, detail, false);
    }

    /**
     * As {@link #transition(String, PaymentStatus, String, String, String, String, String, String)}; with
     * {@code outbox}, a change also writes its outcome event to the outbox in the same transaction, for
     * channels that publish outside a JMS transaction (callback, webhook, reconciliation).
     */
    public Transition transition(String orderId, PaymentStatus next, String providerStatus, String providerPaymentId,
                                 String actionUrl, String reasonCode, String source, String detail, boolean outbox) {
        return inTransaction(c -> transition(c, orderId, next, providerStatus, providerPaymentId, actionUrl, reasonCode, source, detail, outbox));
    }

    /** The same, inside a transaction the caller holds (see {@link #inTransaction}). */
    public Transition transition(Connection c, String orderId, PaymentStatus next, String providerStatus, String providerPaymentId,
                                 String actionUrl, String reasonCode, String source, String detail, boolean outbox) throws SQLException {
        OffsetDateTime now = now();
        Payment current = lock(c, orderId);
        // Everifin's process loop (source "process") alternates between needing the payer and processing.
        boolean changed = current.status().canMoveTo(next) || ("process".equals(source) && current.status().canAlternateTo(next));
        if (providerPaymentId != null && current.providerPaymentId() != null
                && !providerPaymentId.equals(current.providerPaymentId())) {
            throw new IllegalStateException("payment " + orderId + " already has provider payment "
                    + current.providerPaymentId() + "; refusing to replace it");
        }
        if (changed) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE payment SET status = ?, provider_status = COALESCE(?, provider_status), "
                    + "provider_payment_id = COALESCE(provider_payment_id, ?), action_url = COALESCE(?, action_url), "
                    + "reason_code = COALESCE(?, reason_code), claim_token = NULL, claim_until = NULL, updated_at = ?, "
                    + "version = version + 1 WHERE order_id = ?")) {
                ps.setString(1, next.name());
                ps.setString(2, providerStatus);
                ps.setString(3, providerPaymentId);
                ps.setString(4, actionUrl);
                ps.setString(5, reasonCode);
                ps.setObject(6, now);
                ps.setString(7, orderId);
                ps.executeUpdate();
            }
        }
        insertHistory(c, orderId, next, providerStatus, source, changed,
                changed ? detail : "not applied (payment is " + current.status() + ")" + (detail == null ? "" : ": " + detail), now);
        Payment after = find(c, orderId).orElseThrow();
        if (changed && outbox) {
            enqueue(c, orderId, outcomeQueue, outcomes.format(after, source), null);
        }
        return new Transition(after, changed);
    }

    /** Work on one connection, committed together or not at all. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    public <T> T inTransaction(SqlWork<T> work) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("transaction", e);
        }
    }

    /** Appends a note (a failed attempt, a provider error's log id) without changing the payment. */
    public void note(String orderId, String source, String detail) {
        OffsetDateTime now = now();
        try (Connection c = ds.getConnection()) {
            Payment p = find(c, orderId).orElseThrow(() -> new IllegalArgumentException("no payment " + orderId));
            insertHistory(c, orderId, p.status(), p.providerStatus(), source, false, detail, now);
        } catch (SQLException e) {
            throw new StoreException("note", e);
        }
    }

    /**
     * Claims up to {@code limit} payments due for a reconciliation check: not final, with a provider
     * payment, checks not stopped, and either never checked and unchanged for {@code minInterval}, or
     * past their next check time. Each is claimed by moving its next check {@code lease} ahead, with a
     * conditional update, so another instance's run skips it: a payment is checked by one instance at a time.
     */
    public List<Payment> claimDue(int limit, Duration minInterval, Duration lease) {
        OffsetDateTime now = now();
        OffsetDateTime quietSince = now.minus(minInterval);
        String due = "status IN ('ACTION_REQUIRED', 'PENDING', 'AUTHORIZED') AND provider_payment_id IS NOT NULL "
                + "AND check_stopped_at IS NULL AND ((next_check_at IS NULL AND updated_at <= ?) OR next_check_at <= ?)";
        List<String> candidates = new ArrayList<>();
        List<Payment> claimed = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT order_id FROM payment WHERE " + due
                    + " ORDER BY COALESCE(next_check_at, updated_at)")) {
                ps.setObject(1, quietSince);
                ps.setObject(2, now);
                ps.setMaxRows(limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        candidates.add(rs.getString(1));
                    }
                }
            }
            try (PreparedStatement claim = c.prepareStatement("UPDATE payment SET next_check_at = ? WHERE order_id = ? AND " + due)) {
                for (String orderId : candidates) {
                    claim.setObject(1, now.plus(lease));
                    claim.setString(2, orderId);
                    claim.setObject(3, quietSince);
                    claim.setObject(4, now);
                    if (claim.executeUpdate() == 1) {
                        find(c, orderId).ifPresent(claimed::add);
                    }
                }
            }
            return claimed;
        } catch (SQLException e) {
            throw new StoreException("claimDue", e);
        }
    }

    /** Claims one payment for an immediate check (an operator's `reconcile ORDER_ID`), due or not. */
    public Optional<Payment> claimNow(String orderId, Duration lease) {
        OffsetDateTime now = now();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE payment SET next_check_at = ? WHERE order_id = ? AND provider_payment_id IS NOT NULL "
                     + "AND status IN ('ACTION_REQUIRED', 'PENDING', 'AUTHORIZED') AND (next_check_at IS NULL OR next_check_at <= ? OR next_check_at > ?)")) {
            ps.setObject(1, now.plus(lease));
            ps.setString(2, orderId);
            ps.setObject(3, now);
            ps.setObject(4, now.plus(lease));
            return ps.executeUpdate() == 1 ? find(c, orderId) : Optional.empty();
        } catch (SQLException e) {
            throw new StoreException("claimNow", e);
        }
    }

    public void scheduleCheck(String orderId, OffsetDateTime at) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE payment SET next_check_at = ? WHERE order_id = ?")) {
            ps.setObject(1, at);
            ps.setString(2, orderId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("scheduleCheck", e);
        }
    }

    /** Stops reconciling a payment (an operator must look) and says why in its history. */
    public void stopChecks(String orderId, String source, String detail) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE payment SET check_stopped_at = ?, next_check_at = NULL WHERE order_id = ?")) {
            ps.setObject(1, now());
            ps.setString(2, orderId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("stopChecks", e);
        }
        note(orderId, source, detail);
    }

    public void recordCheck(String job, OffsetDateTime firedAt, String orderId, String instance) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO reconcile_check (job, fired_at, order_id, instance, checked_at) VALUES (?,?,?,?,?)")) {
            ps.setString(1, job);
            ps.setObject(2, firedAt);
            ps.setString(3, orderId);
            ps.setString(4, instance);
            ps.setObject(5, now());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("recordCheck", e);
        }
    }

    public void recordRun(String job, OffsetDateTime firedAt, String instance, int checked, int changed) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO reconcile_run (job, fired_at, instance, checked, changed, finished_at) VALUES (?,?,?,?,?,?)")) {
            ps.setString(1, job);
            ps.setObject(2, firedAt);
            ps.setString(3, instance);
            ps.setInt(4, checked);
            ps.setInt(5, changed);
            ps.setObject(6, now());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("recordRun", e);
        }
    }

    /** The data source, for read-only reports that aggregate over payments. */
    public DataSource dataSource() {
        return ds;
    }

    /** Outbox messages not yet sent, oldest first (whether claimed or not). */
    public List<OutboxMessage> unsent(int limit) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, order_id, queue, body, deliver_at FROM outbox WHERE sent_at IS NULL ORDER BY id")) {
            ps.setMaxRows(limit);
            return outboxRows(ps);
        } catch (SQLException e) {
            throw new StoreException("unsent", e);
        }
    }

    /**
     * Claims up to {@code limit} unsent outbox rows at least {@code minAge} old and not claimed by
     * another flush (or whose claim lapsed), oldest first, for {@code lease}. A row that is held by
     * another flush, or too young, holds back the later rows of its order: one order's messages are
     * published in the order they were written, also after a crash (whose claims lapse only when
     * their lease ends) and with several instances.
     */
    public List<OutboxMessage> claimUnsent(int limit, Duration minAge, Duration lease) {
        OffsetDateTime now = now();
        OffsetDateTime youngest = now.minus(minAge);
        // One transaction (one commit) for the whole batch: a commit per row made the outbox the
        // store's busiest writer.
        return inTransaction(c -> {
            List<OutboxMessage> claimed = new ArrayList<>();
            java.util.Set<String> heldBack = new java.util.HashSet<>();
            try (PreparedStatement select = c.prepareStatement("SELECT id, order_id, queue, body, deliver_at, created_at, claim_until "
                    + "FROM outbox WHERE sent_at IS NULL ORDER BY id");
                 PreparedStatement claim = c.prepareStatement("UPDATE outbox SET claim_until = ? WHERE id = ? AND sent_at IS NULL "
                         + "AND (claim_until IS NULL OR claim_until < ?)")) {
                select.setMaxRows(limit);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        OutboxMessage m = new OutboxMessage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getObject(5, OffsetDateTime.class));
                        OffsetDateTime created = rs.getObject(6, OffsetDateTime.class);
                        OffsetDateTime claimUntil = rs.getObject(7, OffsetDateTime.class);
                        if (heldBack.contains(m.orderId()) || created.isAfter(youngest)
                                || (claimUntil != null && !claimUntil.isBefore(now))) {
                            heldBack.add(m.orderId());
                            continue;
                        }
                        claim.setObject(1, now.plus(lease));
                        claim.setLong(2, m.id());
                        claim.setObject(3, now);
                        // Another instance may have claimed it since the select: then it is not ours.
                        if (claim.executeUpdate() == 1) {
                            claimed.add(m);
                        } else {
                            heldBack.add(m.orderId());
                        }
                    }
                }
            }
            return claimed;
        });
    }

    /** Gives claimed rows back unsent (their send failed), so the next flush need not wait for the lease to end. */
    public void unclaim(List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET claim_until = NULL WHERE id = ? AND sent_at IS NULL")) {
                for (long id : ids) {
                    ps.setLong(1, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** Marks the rows sent, in one transaction per batch. */
    public void markSent(List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        OffsetDateTime now = now();
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET sent_at = ? WHERE id = ?")) {
                for (long id : ids) {
                    ps.setObject(1, now);
                    ps.setLong(2, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    private static List<OutboxMessage> outboxRows(PreparedStatement ps) throws SQLException {
        List<OutboxMessage> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new OutboxMessage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class)));
            }
        }
        return out;
    }

    /** Whether a webhook with this request id was already accepted. */
    public boolean webhookSeen(String requestId) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM webhook_receipt WHERE request_id = ?")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new StoreException("webhookSeen", e);
        }
    }

    /** Records a webhook's request id; false when it was already recorded (a replay). */
    public boolean recordWebhook(String requestId, String provider, String sessionId) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO webhook_receipt (request_id, provider, session_id, received_at) VALUES (?,?,?,?)")) {
            ps.setString(1, requestId);
            ps.setString(2, provider);
            ps.setString(3, sessionId);
            ps.setObject(4, now());
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (isDuplicateKey(e)) {
                return false;
            }
            throw new StoreException("recordWebhook", e);
        }
    }

    public List<HistoryEntry> history(String orderId) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, order_id, status, provider_status, source, published, detail, occurred_at "
                     + "FROM payment_history WHERE order_id = ? ORDER BY id")) {
            ps.setString(1, orderId);
            List<HistoryEntry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new HistoryEntry(rs.getLong(1), rs.getString(2), PaymentStatus.valueOf(rs.getString(3)), rs.getString(4),
                            rs.getString(5), rs.getBoolean(6), rs.getString(7), rs.getObject(8, OffsetDateTime.class)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("history", e);
        }
    }

    /** The order as it was received (JSON), for steps that need more than the columns hold. */
    public Optional<String> orderJson(String orderId) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT order_json FROM payment WHERE order_id = ?")) {
            ps.setString(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("orderJson", e);
        }
    }

    private Payment lock(Connection c, String orderId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM payment WHERE order_id = ? FOR UPDATE")) {
            ps.setString(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no payment " + orderId);
                }
                return map(rs);
            }
        }
    }

    private static Optional<Payment> find(Connection c, String orderId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM payment WHERE order_id = ?")) {
            ps.setString(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    private static Payment map(ResultSet rs) throws SQLException {
        return new Payment(rs.getString(1), rs.getString(2), PaymentStatus.valueOf(rs.getString(3)), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getBigDecimal(7), rs.getString(8).trim(), rs.getString(9), rs.getString(10),
                rs.getString(11), rs.getObject(12, OffsetDateTime.class), rs.getObject(13, OffsetDateTime.class), rs.getInt(14));
    }

    private static void insertHistory(Connection c, String orderId, PaymentStatus status, String providerStatus, String source,
                                      boolean published, String detail, OffsetDateTime at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO payment_history (order_id, status, provider_status, source, "
                + "published, detail, occurred_at) VALUES (?,?,?,?,?,?,?)")) {
            ps.setString(1, orderId);
            ps.setString(2, status.name());
            ps.setString(3, providerStatus);
            ps.setString(4, source);
            ps.setBoolean(5, published);
            ps.setString(6, detail == null ? null : detail.length() > 2000 ? detail.substring(0, 2000) : detail);
            ps.setObject(7, at);
            ps.executeUpdate();
        }
    }

    /** Adds a message to the outbox, in the caller's transaction; {@code deliverAt} null = at once. */
    public void enqueue(Connection c, String orderId, String queue, String body, OffsetDateTime deliverAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (order_id, queue, body, created_at, deliver_at) VALUES (?,?,?,?,?)")) {
            ps.setString(1, orderId);
            ps.setString(2, queue);
            ps.setString(3, body);
            ps.setObject(4, now());
            if (deliverAt == null) {
                ps.setNull(5, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                ps.setObject(5, deliverAt);
            }
            ps.executeUpdate();
        }
    }

    private static boolean isDuplicateKey(SQLException e) {
        // 23505: unique violation, in both PostgreSQL and H2.
        return "23505".equals(e.getSQLState());
    }

}
