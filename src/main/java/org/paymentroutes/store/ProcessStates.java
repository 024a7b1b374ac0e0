package org.paymentroutes.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The Everifin process loop's state in the store: one row per payment, advanced once per process answer. */
public final class ProcessStates {

    private final DataSource ds;

    public ProcessStates(DataSource ds) {
        this.ds = ds;
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

    /** The loop's first row, in the caller's transaction (with the payment's creation). */
    public void start(Connection c, String orderId, String senderIp, String senderUserAgent) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO everifin_process (order_id, seq, next_in_a_row, push_polls, "
                + "sender_ip, sender_user_agent) VALUES (?, 0, 0, 0, ?, ?)")) {
            ps.setString(1, orderId);
            ps.setString(2, senderIp);
            ps.setString(3, senderUserAgent);
            ps.executeUpdate();
        }
    }

    public Optional<ProcessState> find(String orderId) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT order_id, seq, in_flight_seq, step_type, action_json, input_names, "
                     + "encrypt_names, encryption_key, next_in_a_row, push_polls, waiting_since, sender_ip, sender_user_agent "
                     + "FROM everifin_process WHERE order_id = ?")) {
            ps.setString(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                int inFlight = rs.getInt(3);
                return Optional.of(new ProcessState(rs.getString(1), rs.getInt(2), rs.wasNull() ? null : inFlight, rs.getString(4),
                        rs.getString(5), list(rs.getString(6)), list(rs.getString(7)), rs.getString(8), rs.getInt(9), rs.getInt(10),
                        rs.getObject(11, OffsetDateTime.class), rs.getString(12), rs.getString(13)));
            }
        } catch (SQLException e) {
            throw new StoreException("process find", e);
        }
    }

    /** Marks {@code seq} in flight, unless the loop moved past it or it already was. */
    public Begin begin(String orderId, int seq) {
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE everifin_process SET in_flight_seq = ? WHERE order_id = ? AND seq = ? "
                    + "AND in_flight_seq IS NULL")) {
                ps.setInt(1, seq);
                ps.setString(2, orderId);
                ps.setInt(3, seq);
                if (ps.executeUpdate() == 1) {
                    return Begin.FRESH;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, in_flight_seq FROM everifin_process WHERE order_id = ?")) {
                ps.setString(1, orderId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getInt(1) == seq ? Begin.RETRY : Begin.STALE;
                }
            }
        } catch (SQLException e) {
            throw new StoreException("process begin", e);
        }
    }

    /** Records the answer to {@code from.seq()}, in the caller's transaction: the loop moves on, nothing in flight. */
    public boolean advance(Connection c, ProcessState from, ProcessState to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE everifin_process SET seq = ?, in_flight_seq = NULL, step_type = ?, "
                     + "action_json = ?, input_names = ?, encrypt_names = ?, encryption_key = ?, next_in_a_row = ?, push_polls = ?, "
                     + "waiting_since = ? WHERE order_id = ? AND seq = ?")) {
            ps.setInt(1, to.seq());
            ps.setString(2, to.stepType());
            ps.setString(3, to.actionJson());
            ps.setString(4, join(to.inputNames()));
            ps.setString(5, join(to.encryptNames()));
            ps.setString(6, to.encryptionKey());
            ps.setInt(7, to.nextInARow());
            ps.setInt(8, to.pushPolls());
            if (to.waitingSince() == null) {
                ps.setNull(9, Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                ps.setObject(9, to.waitingSince());
            }
            ps.setString(10, from.orderId());
            ps.setInt(11, from.seq());
            return ps.executeUpdate() == 1;
        }
    }

    private static List<String> list(String s) {
        return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split(","));
    }

    private static String join(List<String> names) {
        return names == null || names.isEmpty() ? null : String.join(",", names);
    }
}
