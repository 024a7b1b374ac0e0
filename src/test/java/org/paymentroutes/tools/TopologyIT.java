package org.paymentroutes.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The topology test: the tools jar's {@code cluster} command, as the README runs it, with 1,000
 * orders across both providers' sandboxes, a primary/backup pair of standalone Artemis brokers
 * ({@code artemis/pair.sh}, Apache's distribution unpacked by the build), PostgreSQL (embedded, in
 * this JVM) and two bundle instances as processes of their own. The live broker and later one
 * instance are killed with kill -9; orders lost, second sessions, outcomes published twice and
 * outcomes out of order must all be 0, and the failover time is printed.
 */
class TopologyIT {

    static final Path JAR = Path.of("target/payment-routes-tools.jar").toAbsolutePath();

    @Test
    void theBundleRidesABrokerFailoverAndAnInstanceCrashWithNothingLostOrDoubled() throws Exception {
        int orders = Integer.getInteger("topology.orders", 1000);
        Path artemisHome = Path.of(System.getProperty("artemis.home", "target/artemis/apache-artemis-2.40.0")).toAbsolutePath();
        // Kept in target/ for whoever reads a failure: the output, and the brokers' and instances' logs.
        Path out = Path.of("target", "topology-it.txt").toAbsolutePath();
        Path dir = Path.of("target", "topology-it").toAbsolutePath();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", JAR.toString(), "cluster", "--orders", String.valueOf(orders), "--instances", "2",
                    "--store-url", postgres.getJdbcUrl("postgres", "postgres"), "--store-user", "postgres",
                    "--artemis-home", artemisHome.toString(), "--pair-script", Path.of("artemis/pair.sh").toAbsolutePath().toString(),
                    "--dir", dir.toString(), "--settle-timeout", "420"));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
            builder.environment().put("PAYMENTS_STORE_PASSWORD", "postgres");
            long started = System.currentTimeMillis();
            Process run = builder.start();
            boolean finished = run.waitFor(15, TimeUnit.MINUTES);
            if (!finished) {
                run.destroyForcibly();
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            System.out.println(output);
            System.out.println("topology test wall time: " + (System.currentTimeMillis() - started) / 1000 + " s");
            assertThat(finished).as("the cluster run finished in 15 minutes:\n" + output).isTrue();

            long failover = figure(output, "failover time: (-?\\d+) ms");
            System.out.println("failover time: " + failover + " ms");
            assertThat(output).as(output).contains("kill -9 of the live broker", "kill -9 of the last instance");
            assertThat(figure(output, "orders lost: (\\d+)")).as(output).isZero();
            assertThat(figure(output, "second payable sessions at the provider: (\\d+)")).as(output).isZero();
            assertThat(figure(output, "outcomes published twice: (\\d+)")).as(output).isZero();
            assertThat(figure(output, "orders with outcomes out of order: (\\d+)")).as(output).isZero();
            assertThat(failover).as("outcomes flowed again after the broker's kill").isPositive();
            assertThat(run.exitValue()).as(output).isZero();
        }
    }

    private static long figure(String output, String regex) {
        Matcher m = Pattern.compile(regex).matcher(output);
        assertThat(m.find()).as("'" + regex + "' in\n" + output).isTrue();
        return Long.parseLong(m.group(1));
    }
}
