package org.paymentroutes.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's page in a real headless browser: Debian's chromium driven by playwright-core
 * (src/test/browser/operator-page.mjs). {@code .ci/run} installs chromium when it is missing; the
 * npm package is installed here from the lock file when absent. The page's screenshot is left in
 * target/operator-page.png.
 */
class OperatorPageBrowserTest {

    static final Path BROWSER_TESTS = Path.of("src/test/browser");

    @TempDir
    Path dir;

    @Test
    void thePageLoadsAndShowsAPaymentAndItsHistory() throws Exception {
        assertThat(Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium")))
                .as("Debian's chromium (apt-get install chromium; .ci/run does it)").exists();
        if (!Files.isDirectory(BROWSER_TESTS.resolve("node_modules/playwright-core"))) {
            assertThat(run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300)).as("npm ci in src/test/browser").isZero();
        }
        try (TestBundle bundle = TestBundle.start(dir, Map.of())) {
            String orderId = "OPS-BROWSER-1";
            bundle.sendOrder(TestBundle.order(orderId, "99.90"));
            assertThat(bundle.receive("payments.outcomes", orderId, 2, 30_000)).extracting(n -> n.path("status").asText())
                    .containsExactly("RECEIVED", "ACTION_REQUIRED");
            Path screenshot = Path.of("target/operator-page.png").toAbsolutePath();
            assertThat(run(List.of("node", "operator-page.mjs", bundle.managementBase(), orderId, screenshot.toString()), 120))
                    .as("node operator-page.mjs (its output is above)").isZero();
            assertThat(screenshot).isNotEmptyFile();
        }
    }

    private int run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Path log = dir.resolve("browser.log");
        Process p = new ProcessBuilder(command).directory(BROWSER_TESTS.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            System.out.println(Files.readString(log, StandardCharsets.UTF_8));
            throw new AssertionError(command + " did not end within " + timeoutSeconds + " s");
        }
        System.out.println(Files.readString(log, StandardCharsets.UTF_8));
        return p.exitValue();
    }
}
