package org.paymentroutes.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/**
 * What the table classes share: the pool, the clock, and the two ways a piece of work gets a
 * connection. An SQLException becomes a {@link StoreException} naming the operation, never the data.
 */
final class Jdbc {

    /** Work on one connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(StoreTransaction tx) throws SQLException;
    }

    private final DataSource ds;
    private final Clock clock;

    Jdbc(DataSource ds, Clock clock) {
        this.ds = ds;
        this.clock = clock;
    }

    OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    /** On a connection in auto-commit: each statement commits on its own. */
    <T> T autoCommit(String operation, Work<T> work) {
        try (Connection c = ds.getConnection()) {
            return work.run(new StoreTransaction(c));
        } catch (SQLException e) {
            throw new StoreException(operation, e);
        }
    }

    /** One statement, committed on its own; the number of rows it changed. */
    int update(String operation, String sql, Object... params) {
        return autoCommit(operation, tx -> tx.update(sql, params));
    }

    /** In one transaction: committed together, or rolled back on any exception. */
    <T> T transaction(String operation, Work<T> work) {
        return autoCommit(operation, tx -> transactionOn(tx, work));
    }

    /** In one transaction on a connection already held, which is back in auto-commit afterwards. */
    static <T> T transactionOn(StoreTransaction tx, Work<T> work) throws SQLException {
        Connection c = tx.connection();
        c.setAutoCommit(false);
        try {
            T result = work.run(tx);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** In the caller's transaction (its commit or rollback is the caller's). */
    static <T> T joined(StoreTransaction tx, String operation, Work<T> work) {
        try {
            return work.run(tx);
        } catch (SQLException e) {
            throw new StoreException(operation, e);
        }
    }

    /** A plain connection from the pool (see {@link PaymentStore#benchFloorConnection}). */
    Connection connection() throws SQLException {
        return ds.getConnection();
    }

    boolean ping() {
        try (Connection c = ds.getConnection()) {
            return c.isValid(2);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    static boolean isDuplicateKey(SQLException e) {
        // 23505: unique violation, in both PostgreSQL and H2.
        return "23505".equals(e.getSQLState());
    }
}
