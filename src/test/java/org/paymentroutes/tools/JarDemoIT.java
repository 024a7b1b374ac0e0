package org.paymentroutes.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    Path out;

    String[] run(String... args) throws Exception {
        Process p = start(args);
        // Generous: CI's machine (2 cores) ran the chaos below in over 180 s where an idle one takes 55 s.
        // What the command printed goes into the failure, so a slow or stuck run says where it stood.
        if (!p.waitFor(420, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly); // the chaos run's bundle process
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError("not finished within 420 s:\n" + Files.readString(out, StandardCharsets.UTF_8));
        }
        return new String[] {String.valueOf(p.exitValue()), Files.readString(out, StandardCharsets.UTF_8)};
    }

    /** The tools jar with free ports: the broker and HTTP ones as -D, the sandboxes' with --set after the command. */
    Process start(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dpayments.http.port=" + CliTest.freePort(), "-Dpayments.management.port=" + CliTest.freePort(),
                "-Dpayments.broker.listen=127.0.0.1:" + CliTest.freePort(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        if (!List.of(args).contains("--help")) {
            command.addAll(List.of("--set", "payments.sandbox.fintecture-port=" + CliTest.freePort(),
                    "--set", "payments.sandbox.everifin-port=" + CliTest.freePort()));
        }
        out = dir.resolve("out.txt");
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    @Test
    void theDemoRunsFromTheJar() throws Exception {
        String[] r = run("demo", "--exit", "--wait", "30");
        assertThat(r[0]).as(r[1]).isEqualTo("0");
        assertThat(r[1]).contains("status=ACTION_REQUIRED", "status=REJECTED", "type=REDIRECT",
                "Fintecture sandbox sessions created: 2", "Everifin sandbox payments created: 1", "What to try next");
        // The ERP's payment run: the pain.001 in, its pain.002s out (the file's, then as the demo's payer decides).
        assertThat(r[1]).contains("pain.001.001.09, 2 PmtInf, 5 transactions", "GrpSts=ACTC", "PmtInf PMT-SUPPLIERS-1  PmtInfSts=ACTC",
                "PmtInf PMT-SALARIES-1  PmtInfSts=ACTC");
        assertThat(r[1]).containsPattern("pain\\.002 on DEMO-RUN-[0-9]+  GrpSts=ACTC")
                .containsPattern("OrgnlEndToEndId=INV-2026-0001  TxSts=ACSP\\R")
                .containsPattern("OrgnlEndToEndId=INV-2026-0001  TxSts=ACSC\\R")
                .containsPattern("OrgnlEndToEndId=INV-2026-0002  TxSts=RJCT  reason=[A-Z0-9]{4}")
                // The JSON side, unchanged beside the reports.
                .containsPattern("INV-2026-0001  iso-[a-z2-7]{26}  RECEIVED, ACTION_REQUIRED, AUTHORIZED, SETTLED\\R")
                .containsPattern("INV-2026-0003  iso-[a-z2-7]{26}  RECEIVED, ACTION_REQUIRED  http://\\S+/connect/");
    }

    /**
     * As a new user: run the demo, play the payer on the URLs it prints (Fintecture's Connect page,
     * Everifin's bank page), follow the redirects as a browser would, and land on a page that shows
     * the order and its status (not on the samples' non-existent shop.example).
     */
    @Test
    void thePayerComesBackToAPageShowingTheOrdersStatus() throws Exception {
        Process demo = start("demo", "--wait", "30");
        try {
            String output = awaitOutput("What to try next", Duration.ofSeconds(180));
            // One line only, the bundle's log4j2 layout: no JUL two-line records, no Quartz banner.
            assertThat(output).doesNotContain("org.quartz.core.QuartzScheduler", "Scheduler meta-data");
            assertThat(output.lines().filter(l -> l.matches("^[A-Z][a-z]{2} \\d{2}, \\d{4} .*"))).as(output).isEmpty();

            String connect = find(output, "(http://\\S+/connect/[0-9a-f]{32})");
            assertThat(get(connect).statusCode()).isEqualTo(200);
            HttpResponse<String> landed = follow(post(connect + "/decision", "choice=accept"));
            assertLandedOnTheReturnPage(landed, "AUTHORIZED", "SETTLED");

            String bank = find(output, "(http://\\S+/bank/[0-9]+/authorize)");
            assertThat(get(bank).statusCode()).isEqualTo(200);
            landed = follow(post(bank, "choice=approve"));
            assertLandedOnTheReturnPage(landed, "PENDING", "ACTION_REQUIRED", "AUTHORIZED", "SETTLED");
        } finally {
            demo.destroy();
            if (!demo.waitFor(30, TimeUnit.SECONDS)) {
                demo.destroyForcibly();
            }
        }
    }

    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private void assertLandedOnTheReturnPage(HttpResponse<String> landed, String... statuses) {
        assertThat(landed.statusCode()).as(landed.body()).isEqualTo(200);
        assertThat(landed.uri().getPath()).isEqualTo("/return");
        String orderId = find(landed.uri().getRawQuery(), "orderId=(DEMO-[0-9]+-[0-9]+)");
        assertThat(landed.body()).contains("<dt>Order</dt><dd>" + orderId + "</dd>");
        assertThat(find(landed.body(), "<dt>Status</dt><dd>([A-Z_]+)</dd>")).isIn((Object[]) statuses);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String form) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Follows redirects as a browser would (at most 5), returning the page it ends on. */
    private HttpResponse<String> follow(HttpResponse<String> response) throws Exception {
        for (int hops = 0; hops < 5 && response.statusCode() / 100 == 3; hops++) {
            response = get(response.uri().resolve(response.headers().firstValue("Location").orElseThrow()).toString());
        }
        return response;
    }

    private String awaitOutput(String marker, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String output = Files.readString(out, StandardCharsets.UTF_8);
            if (output.contains(marker)) {
                return output;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no '" + marker + "' within " + timeout + ":\n" + Files.readString(out, StandardCharsets.UTF_8));
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(regex + " in:\n" + text).isTrue();
        return m.group(1);
    }

    @Test
    void theChaosRunStartsFromTheJarAsTheReadmeShowsIt() throws Exception {
        // As the README runs it (a relative working directory), with small numbers. Its bundle
        // process runs in a directory of its own: a relative key path failed there at once.
        String[] r = run("chaos", "--orders", "30", "--kills", "1", "--settle-timeout", "300");
        assertThat(r[1]).contains("orders lost: 0", "second payable sessions at the provider: 0", "outcomes published twice: 0",
                "orders with outcomes out of order: 0").doesNotContain("configuration error");
        assertThat(r[0]).as(r[1]).isEqualTo("0");
    }

    @Test
    void helpFromTheJar() throws Exception {
        String[] r = run("--help");
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[1]).contains("demo", "sandbox", "chaos", "bench");
    }
}
