package org.paymentroutes.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paymentroutes.config.ConfigException;
import org.paymentroutes.config.Settings;

/** The embedded H2 store: no listener, a password of its own, private files. */
class EmbeddedStoreSecurityTest {

    @TempDir
    Path dataDir;

    Settings settings() {
        return Settings.of(Map.of("payments.data-dir", dataDir.toString()));
    }

    String url() {
        return "jdbc:h2:file:" + dataDir.resolve("store/payments").toAbsolutePath() + ";WRITE_DELAY=0";
    }

    @Test
    void theStoreHasAGeneratedPasswordPrivateFilesAndNoListener() throws Exception {
        try (HikariDataSource ds = StoreDataSource.open(settings())) {
            assertThat(ds.getJdbcUrl()).doesNotContainIgnoringCase("AUTO_SERVER");
            Path password = dataDir.resolve("store/.password");
            assertThat(Files.readString(password)).matches("[0-9a-f]{64}");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
            try (Stream<Path> files = Files.walk(dataDir.resolve("store"))) {
                files.forEach(p -> {
                    try {
                        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString())
                                .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
            // Files H2 writes later (its trace file) are covered by the directory's 700.
            // sa with no password (what the earlier release used) is refused.
            assertThatThrownBy(() -> DriverManager.getConnection(url(), "sa", "").close()).isInstanceOf(SQLException.class);
            // Another process, even with the password, cannot reach it: there is no server to connect
            // to (an AUTO_SERVER store would let it in), only the locked file.
            Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                    "org.h2.tools.Shell", "-url", url(), "-user", "sa", "-password", Files.readString(password), "-sql", "SELECT 1")
                    .redirectErrorStream(true).start();
            String said = new String(other.getInputStream().readAllBytes());
            other.waitFor();
            assertThat(said).contains("90020");
        }
        // Reopened later (a restart): the same password serves.
        try (HikariDataSource again = StoreDataSource.open(settings())) {
            assertThat(again.getConnection().isValid(2)).isTrue();
        }
    }

    @Test
    void aStoreFromTheEarlierReleaseGetsTheInstallationsPassword() throws Exception {
        Files.createDirectories(dataDir.resolve("store"));
        // As the earlier release made it: user sa, empty password, schema migrated.
        StoreDataSource.open(url(), "sa", "", 2).close();
        try (HikariDataSource ds = StoreDataSource.open(settings())) {
            assertThat(ds.getConnection().isValid(2)).isTrue();
        }
        assertThatThrownBy(() -> DriverManager.getConnection(url(), "sa", "").close()).isInstanceOf(SQLException.class);
    }

    @Test
    void anH2UrlWithAutoServerIsRefused() {
        assertThatThrownBy(() -> StoreDataSource.open(Settings.of(Map.of("payments.data-dir", dataDir.toString(),
                "payments.store.url", "jdbc:h2:file:/tmp/x;AUTO_SERVER=TRUE"))))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("payments.store.url:");
    }
}
