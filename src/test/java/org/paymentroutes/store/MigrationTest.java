package org.paymentroutes.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store made by an earlier release keeps its data through the later migrations (H2 and PostgreSQL). */
class MigrationTest {

    @TempDir
    Path dir;

    @Test
    void anH2StoreAtV5KeepsItsOrdersAndOutboxThroughV6() throws Exception {
        migrateFromV5("jdbc:h2:file:" + dir.resolve("store"), "sa", "h2");
    }

    @Test
    void aPostgresqlStoreAtV5KeepsItsOrdersAndOutboxThroughV6() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            migrateFromV5(pg.getJdbcUrl("postgres", "postgres"), "postgres", "postgresql");
        }
    }

    private static void migrateFromV5(String url, String user, String vendor) throws Exception {
        try (HikariDataSource v5 = plain(url, user)) {
            Flyway.configure().dataSource(v5).locations("classpath:db/migration", "classpath:db/vendor/" + vendor)
                    .target("5").load().migrate();
            try (Connection c = v5.getConnection(); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO payment (order_id, provider, status, amount, currency, communication, order_hash, order_json, "
                        + "created_at, updated_at, version) VALUES ('OLD-1', 'fintecture', 'RECEIVED', 12.34, 'EUR', 'c', 'h', "
                        + "'{\"orderId\":\"OLD-1\"}', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0)");
                st.executeUpdate("INSERT INTO outbox (order_id, queue, body, created_at) VALUES ('OLD-1', 'payments.outcomes', "
                        + "'{\"status\":\"RECEIVED\"}', CURRENT_TIMESTAMP)");
            }
        }
        try (HikariDataSource ds = StoreDataSource.open(url, user, vendor.equals("h2") ? "" : "postgres", 2)) {
            PaymentStore store = new PaymentStore(ds, (p, src) -> p.orderId(), "payments.outcomes");
            assertThat(store.orderJson("OLD-1")).contains("{\"orderId\":\"OLD-1\"}");
            assertThat(store.find("OLD-1")).hasValueSatisfying(p -> assertThat(p.amount()).isEqualByComparingTo("12.34"));
            assertThat(store.claimUnsent(10, Duration.ZERO, Duration.ofSeconds(30)))
                    .singleElement().satisfies(m -> {
                        assertThat(m.orderId()).isEqualTo("OLD-1");
                        assertThat(m.body()).isEqualTo("{\"status\":\"RECEIVED\"}");
                    });
            // New rows after the migration: ids continue, bodies found.
            store.inTransaction(c -> {
                store.enqueue(c, "OLD-1", "payments.actions", "{\"type\":\"REDIRECT\"}", null);
                return null;
            });
            assertThat(store.unsent(10)).extracting(OutboxMessage::body).containsExactly("{\"status\":\"RECEIVED\"}", "{\"type\":\"REDIRECT\"}");
        }
    }

    private static HikariDataSource plain(String url, String user) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(url);
        ds.setUsername(user);
        ds.setPassword(user.equals("sa") ? "" : "postgres");
        ds.setMaximumPoolSize(2);
        return ds;
    }
}
