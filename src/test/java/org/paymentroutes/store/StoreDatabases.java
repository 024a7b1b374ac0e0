package org.paymentroutes.store;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The same store behaviour on H2 (the embedded default) and on a real PostgreSQL server: a test class
 * extending this one gets {@code stores()} (name, store) as its parameter source.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StoreDatabases {

    @TempDir
    static Path dir;

    EmbeddedPostgres postgres;
    HikariDataSource h2;
    HikariDataSource pg;

    @BeforeAll
    void open() throws Exception {
        h2 = StoreDataSource.open("jdbc:h2:file:" + dir.resolve("store") + ";AUTO_SERVER=TRUE", "sa", "", 8);
        postgres = EmbeddedPostgres.builder().start();
        pg = StoreDataSource.open(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", 8);
    }

    @AfterAll
    void close() throws Exception {
        h2.close();
        pg.close();
        postgres.close();
    }

    Stream<Arguments> stores() {
        OutcomeFormat outcomes = (p, src) -> p.orderId() + "/" + p.status() + "/" + src;
        return Stream.of(Arguments.of("h2", new PaymentStore(h2, outcomes, "payments.outcomes")),
                Arguments.of("postgresql", new PaymentStore(pg, outcomes, "payments.outcomes")));
    }

    static Payments.Received receive(PaymentStore store, String id) {
        return store.payments().receive(id, "fintecture", new BigDecimal("273.00"), "EUR", "INV-1", "hash-" + id,
                "{\"orderId\":\"" + id + "\"}");
    }
}
