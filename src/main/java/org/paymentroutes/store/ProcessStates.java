package org.paymentroutes.store;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The Everifin process loop's state in the store: one row per payment, advanced once per process answer. */
public final class ProcessStates {

    private final Jdbc jdbc;

    ProcessStates(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** What {@link #begin} found. */
    public enum Begin {
        /** Go: this seq is now in flight. */
        FRESH,
        /** This seq was already in flight: its answer is unknown, so ask for the current step instead of resending. */
        RETRY,
        /** The loop has moved past this seq (a duplicate message): nothing to do. */
        STALE
    }

    /**
     * The loop's first row, in the caller's transaction (with the payment's creation), with the hash
     * of the token in the payer's return URL.
     */
    public void start(StoreTransaction tx, String orderId, String senderIp, String senderUserAgent, String returnTokenSha256) {
        Jdbc.joined(tx, "process start", t -> t.update("INSERT INTO everifin_process (order_id, seq, next_in_a_row, push_polls, "
                + "sender_ip, sender_user_agent, return_token_sha256) VALUES (?, 0, 0, 0, ?, ?, ?)", orderId, senderIp, senderUserAgent,
                returnTokenSha256));
    }

    /** The hash of the payer's return token, when the payment has one (empty for an unknown order). */
    public Optional<String> returnTokenSha256(String orderId) {
        return jdbc.autoCommit("process return token", tx -> tx.first("SELECT return_token_sha256 FROM everifin_process WHERE order_id = ?",
                rs -> rs.getString(1), orderId));
    }

    public Optional<ProcessState> find(String orderId) {
        return jdbc.autoCommit("process find", tx -> tx.first("SELECT order_id, seq, in_flight_seq, step_type, action_json, input_names, "
                + "encrypt_names, encryption_key, next_in_a_row, push_polls, waiting_since, sender_ip, sender_user_agent "
                + "FROM everifin_process WHERE order_id = ?", rs -> {
                    int inFlight = rs.getInt(3);
                    return new ProcessState(rs.getString(1), rs.getInt(2), rs.wasNull() ? null : inFlight, rs.getString(4),
                            rs.getString(5), list(rs.getString(6)), list(rs.getString(7)), rs.getString(8), rs.getInt(9), rs.getInt(10),
                            rs.getObject(11, OffsetDateTime.class), rs.getString(12), rs.getString(13));
                }, orderId));
    }

    /** Marks {@code seq} in flight, unless the loop moved past it or it already was. */
    public Begin begin(String orderId, int seq) {
        return jdbc.autoCommit("process begin", tx -> {
            if (tx.update("UPDATE everifin_process SET in_flight_seq = ? WHERE order_id = ? AND seq = ? AND in_flight_seq IS NULL",
                    seq, orderId, seq) == 1) {
                return Begin.FRESH;
            }
            return tx.first("SELECT seq, in_flight_seq FROM everifin_process WHERE order_id = ?", rs -> rs.getInt(1) == seq, orderId)
                    .orElse(false) ? Begin.RETRY : Begin.STALE;
        });
    }

    /** What {@link #answer} found. */
    public enum Answer {
        /** The step's first answer: recorded; its process message goes out with this transaction. */
        FIRST,
        /** The same message again (redelivered after a crash before its acknowledgement): nothing to do. */
        REDELIVERED,
        /** The step was already answered by another message, or the loop has moved on: refused. */
        ALREADY_ANSWERED
    }

    /**
     * Records, in the caller's transaction, that message {@code messageId} answers the INPUT step at
     * {@code seq}, unless that step already has an answer.
     */
    public Answer answer(StoreTransaction tx, String orderId, int seq, String messageId) {
        return Jdbc.joined(tx, "process answer", t -> {
            if (t.update("UPDATE everifin_process SET answered_seq = ?, answered_message = ? WHERE order_id = ? AND seq = ? "
                    + "AND in_flight_seq IS NULL AND (answered_seq IS NULL OR answered_seq <> ?)", seq, messageId, orderId, seq, seq) == 1) {
                return Answer.FIRST;
            }
            boolean same = messageId != null && t.first("SELECT answered_message FROM everifin_process WHERE order_id = ? AND answered_seq = ?",
                    rs -> rs.getString(1), orderId, seq).map(messageId::equals).orElse(false);
            return same ? Answer.REDELIVERED : Answer.ALREADY_ANSWERED;
        });
    }

    /** Whether an INPUT step of this payment has been answered (see {@link #answer}). */
    public boolean inputAnswered(String orderId) {
        return jdbc.autoCommit("process answered", tx -> tx.first("SELECT answered_seq FROM everifin_process WHERE order_id = ? "
                + "AND answered_seq IS NOT NULL", rs -> rs.getInt(1), orderId).isPresent());
    }

    /** Records the answer to {@code from.seq()}, in the caller's transaction: the loop moves on, nothing in flight. */
    public boolean advance(StoreTransaction tx, ProcessState from, ProcessState to) {
        return Jdbc.joined(tx, "process advance", t -> t.update("UPDATE everifin_process SET seq = ?, in_flight_seq = NULL, step_type = ?, "
                + "action_json = ?, input_names = ?, encrypt_names = ?, encryption_key = ?, next_in_a_row = ?, push_polls = ?, "
                + "waiting_since = ? WHERE order_id = ? AND seq = ?", to.seq(), to.stepType(), to.actionJson(), join(to.inputNames()),
                join(to.encryptNames()), to.encryptionKey(), to.nextInARow(), to.pushPolls(), StoreTransaction.timestamp(to.waitingSince()),
                from.orderId(), from.seq()) == 1);
    }

    private static List<String> list(String s) {
        return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split(","));
    }

    private static String join(List<String> names) {
        return names == null || names.isEmpty() ? null : String.join(",", names);
    }
}
