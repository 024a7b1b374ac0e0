package org.paymentroutes.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The outbox (table outbox): messages written in the transaction of the change they announce, and
 * published afterwards by the outcome publisher, which claims them, sends them and marks them sent.
 */
public final class OutboxRows {

    private final Jdbc jdbc;

    OutboxRows(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds a message to the outbox, in the caller's transaction; {@code deliverAt} null = at once. */
    public void enqueue(StoreTransaction tx, String orderId, String queue, String body, OffsetDateTime deliverAt) {
        Jdbc.joined(tx, "enqueue", t -> {
            insert(t, orderId, queue, body, deliverAt);
            return null;
        });
    }

    void insert(StoreTransaction tx, String orderId, String queue, String body, OffsetDateTime deliverAt) throws SQLException {
        tx.update("INSERT INTO outbox (order_id, queue, body, created_at, deliver_at) VALUES (?,?,?,?,?)", orderId, queue, body,
                jdbc.now(), StoreTransaction.timestamp(deliverAt));
    }

    /** How many outbox rows wait to be sent, and since when the oldest waits (null when none): for the metrics. */
    public record Backlog(long rows, OffsetDateTime oldest) {
    }

    public Backlog backlog() {
        return jdbc.autoCommit("backlog", tx -> tx.first("SELECT COUNT(*), MIN(created_at) FROM outbox WHERE sent_at IS NULL",
                rs -> new Backlog(rs.getLong(1), rs.getObject(2, OffsetDateTime.class))).orElse(new Backlog(0, null)));
    }

    /** Outbox messages not yet sent, oldest first (whether claimed or not). */
    public List<OutboxMessage> unsent(int limit) {
        return jdbc.autoCommit("unsent", tx -> tx.list("SELECT id, order_id, queue, body, deliver_at FROM outbox WHERE sent_at IS NULL "
                + "ORDER BY id", limit, OutboxRows::message));
    }

    /**
     * Claims up to {@code limit} unsent outbox rows at least {@code minAge} old and not claimed by
     * another flush (or whose claim lapsed), oldest first, for {@code lease}. A row that is held by
     * another flush, or too young, holds back the later rows of its order: one order's messages are
     * published in the order they were written, also after a crash (whose claims lapse only when
     * their lease ends) and with several instances.
     */
    public List<OutboxMessage> claimUnsent(int limit, Duration minAge, Duration lease) {
        OffsetDateTime now = jdbc.now();
        OffsetDateTime youngest = now.minus(minAge);
        // One transaction (one commit) for the whole batch: a commit per row made the outbox the
        // store's busiest writer.
        return jdbc.transaction("transaction", tx -> {
            List<OutboxMessage> claimed = new ArrayList<>();
            Set<String> heldBack = new HashSet<>();
            try (PreparedStatement select = tx.prepare("SELECT id, order_id, queue, body, deliver_at, created_at, claim_until "
                    + "FROM outbox WHERE sent_at IS NULL ORDER BY id");
                 PreparedStatement claim = tx.prepare("UPDATE outbox SET claim_until = ? WHERE id = ? AND sent_at IS NULL "
                         + "AND (claim_until IS NULL OR claim_until < ?)")) {
                select.setMaxRows(limit);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        OutboxMessage m = message(rs);
                        OffsetDateTime created = rs.getObject(6, OffsetDateTime.class);
                        OffsetDateTime claimUntil = rs.getObject(7, OffsetDateTime.class);
                        if (heldBack.contains(m.orderId()) || created.isAfter(youngest)
                                || (claimUntil != null && !claimUntil.isBefore(now))) {
                            heldBack.add(m.orderId());
                            continue;
                        }
                        StoreTransaction.bind(claim, now.plus(lease), m.id(), now);
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
        batch(ids, "UPDATE outbox SET claim_until = NULL WHERE id = ? AND sent_at IS NULL", null);
    }

    /** Marks the rows sent, in one transaction per batch. */
    public void markSent(List<Long> ids) {
        batch(ids, "UPDATE outbox SET sent_at = ? WHERE id = ?", jdbc.now());
    }

    /** One statement per id, batched in one transaction; {@code at} (when given) is bound before the id. */
    private void batch(List<Long> ids, String sql, OffsetDateTime at) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.transaction("transaction", tx -> {
            try (PreparedStatement ps = tx.prepare(sql)) {
                for (long id : ids) {
                    if (at == null) {
                        StoreTransaction.bind(ps, id);
                    } else {
                        StoreTransaction.bind(ps, at, id);
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    private static OutboxMessage message(ResultSet rs) throws SQLException {
        return new OutboxMessage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getObject(5, OffsetDateTime.class));
    }
}
