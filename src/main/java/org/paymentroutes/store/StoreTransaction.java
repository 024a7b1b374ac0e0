package org.paymentroutes.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A handle on one store connection, handed to the work of {@link PaymentStore#inTransaction}: the
 * table classes' methods that take one join that transaction, so a change, its history line and its
 * outbox rows commit together. Callers cannot reach the connection; only the store package runs SQL.
 */
public final class StoreTransaction {

    /** A typed SQL NULL: PostgreSQL refuses an untyped (varchar) null for a timestamp column. */
    private record Null(int sqlType) {
    }

    private static final Null NULL_TIMESTAMP = new Null(Types.TIMESTAMP_WITH_TIMEZONE);

    /** Maps the current row of a result. */
    @FunctionalInterface
    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final Connection connection;

    StoreTransaction(Connection connection) {
        this.connection = connection;
    }

    /** A timestamp parameter that may be null. */
    static Object timestamp(OffsetDateTime at) {
        return at == null ? NULL_TIMESTAMP : at;
    }

    PreparedStatement prepare(String sql) throws SQLException {
        return connection.prepareStatement(sql);
    }

    int update(String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        }
    }

    /** Every row (at most {@code maxRows}, 0 = no limit). */
    <T> List<T> list(String sql, int maxRows, Row<T> row, Object... params) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            if (maxRows > 0) {
                ps.setMaxRows(maxRows);
            }
            bind(ps, params);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.map(rs));
                }
            }
            return out;
        }
    }

    /** The first row, if any. */
    <T> Optional<T> first(String sql, Row<T> row, Object... params) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row.map(rs)) : Optional.empty();
            }
        }
    }

    /** Binds by Java type (a plain null is a string's null; {@link #timestamp} for a timestamp's). */
    static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            int n = i + 1;
            Object v = params[i];
            if (v == null || v instanceof String) {
                ps.setString(n, (String) v);
            } else if (v instanceof Null t) {
                ps.setNull(n, t.sqlType());
            } else if (v instanceof Integer x) {
                ps.setInt(n, x);
            } else if (v instanceof Long x) {
                ps.setLong(n, x);
            } else if (v instanceof Boolean x) {
                ps.setBoolean(n, x);
            } else if (v instanceof BigDecimal x) {
                ps.setBigDecimal(n, x);
            } else {
                ps.setObject(n, v);
            }
        }
    }

    Connection connection() {
        return connection;
    }
}
