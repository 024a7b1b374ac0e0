package org.paymentroutes.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import org.paymentroutes.config.DataDirectory;
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
        int poolSize = settings.integer("payments.store.pool-size", 1, 200);
        if (url == null) {
            return openEmbedded(Path.of(settings.require("payments.data-dir")).toAbsolutePath(), poolSize);
        }
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("payments.store.url", "must be a jdbc:postgresql: or jdbc:h2: URL");
        }
        if (url.toUpperCase(java.util.Locale.ROOT).contains("AUTO_SERVER")) {
            throw new ConfigException("payments.store.url", "AUTO_SERVER opens a TCP listener on the store; not allowed");
        }
        return open(url, settings.get("payments.store.user", url.startsWith("jdbc:h2:") ? "sa" : null),
                settings.secret("payments.store.password"), poolSize);
    }

    /**
     * The embedded H2 store under {@code dataDir}/store. No listener of any kind (no AUTO_SERVER):
     * the file is opened by one process at a time, so operator commands read it only while no
     * bundle runs (or the store is PostgreSQL). Its password is generated once per installation
     * ({@code store/.password}, mode 600) and the directory is private (700/600).
     * WRITE_DELAY=0: a commit is written at once; H2's default keeps up to a second of commits in
     * memory, which a kill -9 loses (the chaos run caught it: orders created twice).
     * DB_CLOSE_ON_EXIT=FALSE: H2's own shutdown hook closed the database while Camel was still
     * stopping, so a reconciliation batch running at SIGTERM failed on every payment it had left
     * (451 errors with stack traces at the end of a chaos run); the bundle closes the store itself,
     * after Camel has stopped.
     */
    static HikariDataSource openEmbedded(Path dataDir, int poolSize) {
        Path storeDir = DataDirectory.secure(dataDir.resolve("store"));
        DataDirectory.secure(dataDir);
        String url = "jdbc:h2:file:" + storeDir.resolve("payments") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
        String password = DataDirectory.installationSecret(storeDir.resolve(".password"));
        boolean exists = Files.exists(storeDir.resolve("payments.mv.db"));
        if (exists) {
            adoptEmptyPassword(url, password);
        }
        try {
            HikariDataSource ds = open(url, H2_USER, password, poolSize);
            DataDirectory.secure(storeDir);
            return ds;
        } catch (ConfigException e) {
            if (e.getMessage().contains("90020") || e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("already in use")) {
                throw new ConfigException("payments.data-dir", "the H2 store under " + storeDir + " is open in a running bundle;"
                        + " it has no listener, so stop the bundle first (or use PostgreSQL, payments.store.url, to read it beside one)");
            }
            throw e;
        }
    }

    /** The user of the embedded store (H2's admin user; its password is the installation's). */
    static final String H2_USER = "sa";

    /**
     * A store made by an earlier release (user sa, empty password) gets the installation's
     * password; a store that already has it is left alone.
     */
    private static void adoptEmptyPassword(String url, String password) {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, H2_USER, "");
             java.sql.Statement st = c.createStatement()) {
            st.execute("ALTER USER " + H2_USER + " SET PASSWORD '" + password + "'");
        } catch (java.sql.SQLException alreadySet) {
            // Wrong user or password (28000): it already has one, or another process holds the file
            // (90020), which opening it properly will report.
        }
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
