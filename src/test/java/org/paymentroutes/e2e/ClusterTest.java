package org.paymentroutes.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paymentroutes.app.PaymentRoutesApp;
import org.paymentroutes.broker.EmbeddedBroker;
import org.paymentroutes.config.Settings;
import org.paymentroutes.sandbox.SandboxProfile;
import org.paymentroutes.sandbox.fintecture.FintectureSandbox;
import org.paymentroutes.sandbox.fintecture.SandboxSettings;

/**
 * Two bundle instances (this JVM and a second process) against one broker and one PostgreSQL:
 * Quartz's clustered job store runs each reconciliation fire on one instance only, no payment is
 * fetched by both instances in the same run, and when one instance stops the other takes the fires.
 */
class ClusterTest {

    @TempDir
    Path dir;

    @Test
    void twoInstancesRunEachFireOnceAndNeverCheckAPaymentTwiceInARun() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1:0", dir.resolve("broker"));
             FintectureSandbox sandbox = new FintectureSandbox(SandboxSettings.demo().withPort(0)).start()) {
            Map<String, String> common = new HashMap<>(SandboxProfile.fintecture(sandbox, dir));
            common.put("payments.store.url", postgres.getJdbcUrl("postgres", "postgres"));
            common.put("payments.store.user", "postgres");
            common.put("payments.store.password", "postgres");
            common.put("payments.reconcile.cron", "0/1 * * * * ?");
            common.put("payments.reconcile.min-interval", "1");
            common.put("payments.reconcile.max-interval", "1");
            common.put("payments.reconcile.batch-size", "10");
            common.put("payments.broker.url", broker.url());

            Map<String, String> a = new HashMap<>(common);
            a.put("payments.data-dir", dir.resolve("a").toString());
            a.put("payments.http.port", String.valueOf(TestBundle.freePort()));
            a.put("payments.management.port", String.valueOf(TestBundle.freePort()));
            a.put("payments.instance-id", "instance-a");
            Process b = null;
            PaymentRoutesApp first = PaymentRoutesApp.start(Settings.of(a));
            try {
                Map<String, String> bValues = new HashMap<>(common);
                bValues.put("payments.data-dir", dir.resolve("b").toString());
                bValues.put("payments.http.port", String.valueOf(TestBundle.freePort()));
                int bPort = TestBundle.freePort();
                bValues.put("payments.management.port", String.valueOf(bPort));
                bValues.put("payments.instance-id", "instance-b");
                // Its log stays in target/ for whoever reads a failure.
                Path bLog = Path.of("target", "cluster-instance-b.log").toAbsolutePath();
                java.nio.file.Files.createDirectories(dir.resolve("b"));
                b = startSecondInstance(bValues, dir.resolve("b"), bLog);
                awaitHealthy(bPort, b, bLog);

                // 30 payments waiting for their payers; half of them pay.
                TestBundle.ErpClient erp = new TestBundle.ErpClient(first.brokerUrl());
                for (int i = 0; i < 30; i++) {
                    erp.sendOrder(TestBundle.order("CL-" + i, "5." + (10 + i)));
                }
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> java.util.stream.IntStream.range(0, 30)
                        .allMatch(i -> first.store().payments().find("CL-" + i).map(p -> p.providerPaymentId() != null).orElse(false)));
                assertThat(sandbox.sessionsCreated()).isEqualTo(30);
                for (int i = 0; i < 30; i += 2) {
                    String state = "CL-" + i;
                    String session = first.store().payments().find(state).orElseThrow().providerPaymentId();
                    sandbox.decide(session, true);
                }
                Thread.sleep(12_000);
                erp.close();
                // Both schedulers joined one cluster (same scheduler name, their own instance ids).
                try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                    assertThat(rows(st, "SELECT sched_name, instance_name FROM qrtz_scheduler_state ORDER BY instance_name"))
                            .containsExactly("payment-routes|instance-a", "payment-routes|instance-b");
                }
                // Instance A stops: once the cluster sees it gone (check-in every 2 s), B takes the fires.
                first.close();
                Thread.sleep(15_000);
            } finally {
                first.close();
                if (b != null) {
                    b.destroy();
                    b.waitFor();
                }
            }

            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                List<String> duplicateFires = rows(st, "SELECT fired_at, COUNT(*) FROM reconcile_run WHERE job = 'reconcile' "
                        + "GROUP BY fired_at HAVING COUNT(*) > 1");
                assertThat(duplicateFires).as("fires run by more than one instance").isEmpty();
                List<String> runsPerInstance = rows(st, "SELECT instance, COUNT(*) FROM reconcile_run GROUP BY instance ORDER BY instance");
                System.out.println("reconciliation runs per instance: " + runsPerInstance);
                assertThat(runsPerInstance).hasSize(2).allMatch(r -> Integer.parseInt(r.substring(r.indexOf('|') + 1)) > 0);
                List<String> doubleChecks = rows(st, "SELECT order_id, fired_at FROM reconcile_check "
                        + "GROUP BY order_id, fired_at HAVING COUNT(DISTINCT instance) > 1");
                assertThat(doubleChecks).as("payments fetched by both instances in one run").isEmpty();
                List<String> authorized = rows(st, "SELECT order_id FROM payment WHERE status = 'AUTHORIZED'");
                assertThat(authorized).hasSize(15);
                List<String> outcomesOutbox = rows(st, "SELECT order_id, COUNT(*) FROM outbox WHERE queue = 'payments.outcomes' "
                        + "AND body LIKE '%\"status\":\"AUTHORIZED\"%' GROUP BY order_id HAVING COUNT(*) > 1");
                assertThat(outcomesOutbox).as("a change published twice").isEmpty();
            }
        }
    }

    private static Process startSecondInstance(Map<String, String> values, Path workDir, Path log) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        values.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add("org.paymentroutes.cli.PaymentRoutesCli");
        command.add("run");
        // Run it in its own directory: from the project's top level, classpath:routes/ would also find ./routes.
        return new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    private static void awaitHealthy(int port, Process process, Path log) {
        HttpClient http = HttpClient.newHttpClient();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("the second instance exited with " + process.exitValue() + ":\n"
                        + java.nio.file.Files.readString(log));
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    private static List<String> rows(Statement st, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder s = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    s.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(s.toString());
            }
        }
        return out;
    }
}
