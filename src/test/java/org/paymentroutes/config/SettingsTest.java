package org.paymentroutes.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @Test
    void precedenceIsSystemThenEnvironmentThenFileThenDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("my.properties");
        Files.writeString(file, "payments.http.port=7000\npayments.broker.consumers=7\npayments.fintecture.app-id=from-file\n");
        Properties system = new Properties();
        system.setProperty("payments.fintecture.app-id", "from-system");
        Map<String, String> env = Map.of("PAYMENTS_BROKER_CONSUMERS", "9", "PAYMENTS_FINTECTURE_APP_ID", "from-env",
                "PAYMENTS_FINTECTURE_BASE_URL", "https://api.fintecture.com");

        Settings s = Settings.load(file, env, system);

        assertThat(s.get("payments.http.port")).isEqualTo("7000");
        assertThat(s.integer("payments.broker.consumers", 1, 64)).isEqualTo(9);
        assertThat(s.get("payments.fintecture.app-id")).isEqualTo("from-system");
        assertThat(s.get("payments.fintecture.base-url")).isEqualTo("https://api.fintecture.com");
        assertThat(s.get("payments.broker.listen")).isEqualTo("127.0.0.1:61616");
    }

    @Test
    void envNamesAreUpperCaseWithUnderscores() {
        assertThat(Settings.envName("payments.fintecture.base-url")).isEqualTo("PAYMENTS_FINTECTURE_BASE_URL");
    }

    @Test
    void secretsMayComeFromFilesAndNeverAppearInMessages(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret");
        Files.writeString(secret, "s3cr3t-value\n");
        Settings s = Settings.load(null, Map.of("PAYMENTS_FINTECTURE_APP_SECRET_FILE", secret.toString()), new Properties());
        assertThat(s.requireSecret("payments.fintecture.app-secret")).isEqualTo("s3cr3t-value");
        assertThat(s.describe().get("payments.fintecture.app-secret")).as("the file's content is not listed").isEmpty();

        Settings direct = Settings.of(Map.of("payments.fintecture.app-secret", "s3cr3t-value"));
        assertThat(direct.describe().get("payments.fintecture.app-secret")).isEqualTo("****");
        assertThat(direct.placeholders()).doesNotContainKey("payments.fintecture.app-secret");

        Settings missingFile = Settings.of(Map.of("payments.fintecture.app-secret-file", dir.resolve("nope").toString()));
        assertThatThrownBy(() -> missingFile.secret("payments.fintecture.app-secret"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("payments.fintecture.app-secret-file:");
    }

    @Test
    void badValuesNameTheirKey() {
        Settings s = Settings.of(Map.of("payments.broker.consumers", "many", "payments.broker.listen", "nohost",
                "payments.fintecture.sign-requests", "maybe"));
        assertThatThrownBy(() -> s.integer("payments.broker.consumers", 1, 64)).hasMessageStartingWith("payments.broker.consumers:");
        assertThatThrownBy(() -> s.hostPort("payments.broker.listen")).hasMessageStartingWith("payments.broker.listen:");
        assertThatThrownBy(() -> s.bool("payments.fintecture.sign-requests")).hasMessageStartingWith("payments.fintecture.sign-requests:");
        assertThatThrownBy(() -> s.require("payments.fintecture.app-id")).hasMessageContaining("PAYMENTS_FINTECTURE_APP_ID");
    }

    @Test
    void everyDocumentedKeyIsInTheReadmeConfigurationTable() throws Exception {
        Properties defaults = new Properties();
        try (InputStream in = Settings.class.getResourceAsStream("/application.properties")) {
            defaults.load(in);
        }
        String readme = Files.readString(Path.of("README.md"));
        Matcher m = Pattern.compile("`(payments\\.[a-z0-9.-]+)`").matcher(readme);
        java.util.Set<String> documented = new java.util.HashSet<>();
        while (m.find()) {
            documented.add(m.group(1));
        }
        assertThat(documented).containsAll(defaults.stringPropertyNames());
    }
}
