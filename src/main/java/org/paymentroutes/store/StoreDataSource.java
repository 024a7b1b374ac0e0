package org.paymentroutes.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.paymentroutes.config.ConfigException;
import org.paymentroutes.config.Settings;

/**
 * Opens the payment store: H2 in a file under the data directory by default, or the JDBC URL
 * configured in {@code payments.store.url} (PostgreSQL in production), and migrates its schema.
 */
public final class StoreDataSource {

    private StoreDataSource() {
    }

    public static HikariDataSource open(Settings settings) {
        String url = settings.get("payments.store.url");
        if (url == null) {
            Path dir = Path.of(settings.require("payments.data-dir")).toAbsolutePath();
            // AUTO_SERVER lets operator commands (status, report) open the file while `run` holds it.
            // WRITE_DELAY=0: a commit is written at once; H2's default keeps up to a second of commits
            // in memory, which a kill -9 loses (the chaos run caught it: orders created twice).
            url = "jdbc:h2:file:" + dir.resolve("store/payments") + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
        } else if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("payments.store.url", "must be a jdbc:postgresql: or jdbc:h2: URL");
        }
        return open(url, settings.get("payments.store.user", url.startsWith("jdbc:h2:") ? "sa" : null),
                settings.secret("payments.store.password"), settings.integer("payments.store.pool-size", 1, 200));
    }

    public static HikariDataSource open(String url, String user, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password == null ? "" : password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("payments-store");
        config.setConnectionTimeout(10_000);
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new ConfigException("payments.store.url", "cannot connect to the store (" + rootMessage(e) + ")");
        }
        try {
            // Common migrations, plus the database's own (Quartz's clustered job store tables on PostgreSQL).
            String vendor = url.startsWith("jdbc:postgresql:") ? "postgresql" : "h2";
            Flyway.configure().dataSource(ds).locations("classpath:db/migration", "classpath:db/vendor/" + vendor).load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw new StoreException("schema migration", e);
        }
        return ds;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage().lines().findFirst().orElse(""));
    }
}
