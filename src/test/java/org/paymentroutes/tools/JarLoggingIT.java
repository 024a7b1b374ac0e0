package org.paymentroutes.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paymentroutes.cli.CliTest;
import org.paymentroutes.sandbox.everifin.EverifinSandboxSettings;
import org.paymentroutes.sandbox.fintecture.SandboxSettings;

/**
 * What the demo logs, from the packaged tools jar, at the levels the README recommends for
 * troubleshooting: no secret, token, Authorization value or payer data at DEBUG or TRACE; a stranger's
 * callback cannot forge a line, write a NUL byte, cause a stack trace or fill a payment's history; and
 * PAYMENTS_LOG_FORMAT=json gives one JSON object per line with the payment's fields.
 */
class JarLoggingIT {

    /** Everything the demo knows that must never be logged: the sandboxes' credentials, and the samples' payer data. */
    static final List<String> SECRETS = List.of(SandboxSettings.DEMO_APP_SECRET, EverifinSandboxSettings.DEMO_CLIENT_SECRET,
            Base64.getEncoder().encodeToString((SandboxSettings.DEMO_APP_ID + ":" + SandboxSettings.DEMO_APP_SECRET).getBytes(StandardCharsets.UTF_8)),
            "Authorization", "Bearer ", "client_secret", "access_token",
            "Julien Lefebre", "julien@example.com", "09743593535", "rue Marie Stuart", "Jana Novakova", "SK2411000000002612345678",
            "SK3112000000198742637541");

    @TempDir
    Path dir;

    final int httpPort = port();

    static int port() {
        try {
            return CliTest.freePort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    Process demo(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dpayments.http.port=" + httpPort, "-Dpayments.management.port=" + port(), "-Dpayments.broker.listen=127.0.0.1:" + port(),
                "-Dpayments.sandbox.fintecture-port=" + port(), "-Dpayments.sandbox.everifin-port=" + port(),
                "-jar", JarDemoIT.JAR.toString(), "demo"));
        command.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("log.txt").toFile());
        b.environment().remove("PAYMENTS_LOG_LEVEL");
        b.environment().remove("PAYMENTS_LOG_FORMAT");
        b.environment().putAll(env);
        return b.start();
    }

    String finish(Process p) throws Exception {
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("finished").isTrue();
        return Files.readString(dir.resolve("log.txt"), StandardCharsets.UTF_8) + Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
    }

    @Test
    void debugAndTraceLogNoSecretAndNoPayerData() throws Exception {
        for (String level : List.of("DEBUG", "TRACE")) {
            String all = finish(demo(Map.of("PAYMENTS_LOG_LEVEL", level), "--exit", "--wait", "30"));
            assertThat(all).as(level).contains("status=ACTION_REQUIRED", "Everifin sandbox payments created: 1");
            for (String secret : SECRETS) {
                assertThat(all).as(level + ": " + secret).doesNotContain(secret);
            }
        }
    }

    @Test
    void strangersCallbacksForgeNoLineAndStayOutOfTheHistory() throws Exception {
        Process p = demo(Map.of("PAYMENTS_LOG_LEVEL", "TRACE"), "--wait", "30");
        try {
            Path out = dir.resolve("out.txt");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
            while (!Files.readString(out).contains("What to try next") && System.nanoTime() < until) {
                Thread.sleep(500);
            }
            Matcher order = Pattern.compile("(DEMO-\\d+-1) ").matcher(Files.readString(out));
            assertThat(order.find()).as(Files.readString(out)).isTrue();
            String base = "http://127.0.0.1:" + httpPort;
                        String longParam = "A".repeat(3000);
            assertThat(get(base + "/callbacks/fintecture?state=AAA%0AFAKE-LINE&session_id=x%00y%0D%0AFAKE-LINE")).isEqualTo(404);
            // A real order's id with a session that is not its own: a suspicious callback, noted in its history.
            assertThat(get(base + "/callbacks/fintecture?state=" + order.group(1) + "&session_id=" + longParam + "%0AFAKE-LINE")).isEqualTo(404);
            assertThat(get(base + "/callbacks/fintecture?state=%zz")).isEqualTo(400);
            assertThat(get(base + "/callbacks/everifin/" + order.group(1) + "?code=%zz&x=" + longParam)).isEqualTo(400);
            assertThat(get(base + "/callbacks/everifin/AAA%0AFAKE-LINE?state=" + longParam)).isEqualTo(404);
            Thread.sleep(1000);
            p.destroy();
            String log = finish(p);
            assertThat(log).contains("SUSPICIOUS callback");
            assertThat(log.lines()).noneMatch(l -> l.startsWith("FAKE-LINE")).noneMatch(l -> l.contains("\u0000"))
                    .noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by:")).noneMatch(l -> l.contains(longParam));

            String status = status(order.group(1));
            assertThat(status).contains("suspicious callback with session AAAA");
            String note = status.lines().filter(l -> l.contains("suspicious callback")).findFirst().orElseThrow();
            assertThat(note.length()).as(note).isLessThan(300);
            assertThat(status).doesNotContain(longParam).doesNotContain("\nFAKE-LINE");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void theJsonLayoutWritesOneObjectPerLineWithThePaymentsFields() throws Exception {
        String log = finish(demo(Map.of("PAYMENTS_LOG_FORMAT", "json"), "--exit", "--wait", "30"));
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("log.txt"))) {
            if (SANDBOX_JUL.matcher(line).find()) {
                continue; // the sandboxes (tools only) log through java.util.logging, not through the bundle's layout
            }
            JsonNode node = json.readTree(line);
            assertThat(node.isObject()).as(line).isTrue();
            assertThat(node.path("level").asText()).as(line).isNotEmpty();
            lines.add(node);
        }
        assertThat(lines).as(log).anySatisfy(n -> {
            assertThat(n.path("message").asText()).contains("NEW for fintecture");
            assertThat(n.path("orderId").asText()).startsWith("DEMO-");
            assertThat(n.path("provider").asText()).isEqualTo("fintecture");
            assertThat(n.path("routeId").asText()).isEqualTo("intake");
            assertThat(n.path("instance").asText()).isNotEmpty();
        });
        assertThat(lines).as(log).anySatisfy(n -> {
            assertThat(n.path("logger").asText()).startsWith("org.paymentroutes.everifin");
            assertThat(n.path("orderId").asText()).startsWith("DEMO-");
            assertThat(n.path("provider").asText()).isEqualTo("everifin");
        });
    }

    /** The operators' {@code status} command, from the production jar, on the demo's store (its history notes). */
    String status(String orderId) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dpayments.data-dir=" + dir.resolve("data/demo"), "-jar", Path.of("target/payment-routes.jar").toAbsolutePath().toString(),
                "status", orderId).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("status.txt").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(dir.resolve("status.txt"), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    static final Pattern SANDBOX_JUL = Pattern.compile("^(\\w{3} \\d{2}, \\d{4} .* org\\.paymentroutes\\.sandbox\\.|INFO: (Fintecture|Everifin) sandbox )");

    /** A GET sent as typed: java.net.URI refuses a malformed escape such as {@code %zz}, a stranger's client does not. */
    static int get(String url) throws Exception {
        URI base = URI.create(url.substring(0, url.indexOf('/', "http://".length())));
        String target = url.substring(base.toString().length());
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1)).readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }
}
