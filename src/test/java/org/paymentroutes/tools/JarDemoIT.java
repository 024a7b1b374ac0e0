package org.paymentroutes.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paymentroutes.cli.CliTest;

/**
 * The README's demo command, run from the packaged tools jar exactly as a user would (a missing component
 * in the shaded jar only shows here, not on the test class path).
 */
class JarDemoIT {

    static final Path JAR = Path.of("target/payment-routes-tools.jar").toAbsolutePath();

    @TempDir
    Path dir;

    String[] run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dpayments.http.port=" + CliTest.freePort(), "-Dpayments.management.port=" + CliTest.freePort(), "-Dpayments.broker.listen=127.0.0.1:" + CliTest.freePort(),
                "-Dpayments.sandbox.fintecture-port=" + CliTest.freePort(), "-Dpayments.sandbox.everifin-port=" + CliTest.freePort(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("finished").isTrue();
        return new String[] {String.valueOf(p.exitValue()), Files.readString(out, StandardCharsets.UTF_8)};
    }

    @Test
    void theDemoRunsFromTheJar() throws Exception {
        String[] r = run("demo", "--exit", "--wait", "30");
        assertThat(r[0]).as(r[1]).isEqualTo("0");
        assertThat(r[1]).contains("status=ACTION_REQUIRED", "status=REJECTED", "type=REDIRECT",
                "Fintecture sandbox sessions created: 2", "Everifin sandbox payments created: 1", "What to try next");
    }

    @Test
    void helpFromTheJar() throws Exception {
        String[] r = run("--help");
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[1]).contains("demo", "sandbox", "chaos", "bench");
    }
}
