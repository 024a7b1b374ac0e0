package org.paymentroutes.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar's commands as a user runs them: help, configuration errors, and the demo end to end. */
public class CliTest {


    private final Map<String, String> saved = new java.util.HashMap<>();

    private void setProperty(String key, String value) {
        if (!saved.containsKey(key)) {
            saved.put(key, System.getProperty(key));
        }
        System.setProperty(key, value);
    }

    @AfterEach
    void restore() {
        saved.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
    }

    static String[] run(String... args) {
        return run(false, args);
    }

    /** The tools' command line (demo, sandbox, bench, chaos), as payment-routes-tools.jar runs it. */
    static String[] runTools(String... args) {
        return run(true, args);
    }

    private static String[] run(boolean tools, String... args) {
        StringWriter err = new StringWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = tools ? org.paymentroutes.tools.ToolsCli.execute(new PrintWriter(err, true), args)
                    : PaymentRoutesCli.execute(new PrintWriter(err, true), args);
        } finally {
            System.setOut(original);
        }
        return new String[] {String.valueOf(code), out.toString(StandardCharsets.UTF_8), err.toString()};
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : List.of("run", "submit", "watch", "status", "list", "resolve", "redrive", "reconcile", "report",
                "everifin-authorize")) {
            String[] r = run(command, "--help");
            assertThat(r[0]).as(command).isEqualTo("0");
            assertThat(r[1]).as(command).contains("Usage:", command);
        }
        for (String command : List.of("sandbox", "demo", "bench", "chaos")) {
            String[] r = runTools(command, "--help");
            assertThat(r[0]).as(command).isEqualTo("0");
            assertThat(r[1]).as(command).contains("Usage:", command);
        }
    }

    @Test
    void aMissingCredentialStopsStartUpWithOneLineNamingTheKey(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("c.properties");
        Files.writeString(config, "payments.data-dir=" + dir.resolve("data").toString().replace('\\', '/') + "\n");
        String[] r = run("run", "--config", config.toString());
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2].strip()).startsWith("configuration error: payments.fintecture.app-id: is required")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void settingsAfterTheCommandWithSetWinOverTheConfigFile(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("c.properties");
        Files.writeString(config, "payments.data-dir=" + dir.resolve("data").toString().replace('\\', '/') + "\n"
                + "payments.fintecture.app-id=\n");
        String[] r = run("run", "--config", config.toString(), "--set", "payments.fintecture.app-id=a",
                "--set", "payments.fintecture.app-secret-file=" + dir.resolve("no-such-secret").toString().replace('\\', '/'));
        assertThat(r[0]).as(r[2]).isEqualTo("2");
        // app-id came from --set; the secret's -file twin too (and its file is missing).
        assertThat(r[2].strip()).startsWith("configuration error: payments.fintecture.app-secret");
    }

    @Test
    void theFinanceExportWritesThreeFilesWithTheirColumns(@TempDir Path dir) throws Exception {
        String data = "payments.data-dir=" + dir.resolve("data").toString().replace('\\', '/');
        String[] r = run("report", "--payments", "--from", "2026-03-01", "--to", "2026-03-02", "--output", dir.resolve("out").toString(),
                "--set", data);
        assertThat(r[0]).as(r[1] + r[2]).isEqualTo("0");
        assertThat(r[1]).contains("wrote ", "0 payment(s) settled 2026-03-01 to 2026-03-02");
        assertThat(Files.readString(dir.resolve("out/payments-2026-03-01_2026-03-02.csv")))
                .isEqualTo("settlement_date,order_id,provider,provider_payment_id,status,amount,currency,communication,authorized_at,"
                        + "settled_at,created_at\n");
        assertThat(Files.readString(dir.resolve("out/totals-2026-03-01_2026-03-02.csv"))).startsWith("settlement_date,provider,currency,count,amount");
        assertThat(Files.exists(dir.resolve("out/attention-2026-03-01_2026-03-02.csv"))).isTrue();
        assertThat(run("report", "--payments", "--format", "json", "--date", "2026-03-01", "--output", dir.resolve("json").toString(),
                "--set", data)[0]).isEqualTo("0");
        assertThat(Files.readString(dir.resolve("json/payments-2026-03-01_2026-03-01.json")).strip()).isEqualTo("[]");
        assertThat(run("report", "--from", "2026-03-01", "--set", data)[0]).as("--from without --payments").isEqualTo("1");
        assertThat(run("report", "--set", data)[1]).contains("Retention removed: data of 0 payments");
    }

    @Test
    void anUnknownSetKeyIsRefusedNamingIt() {
        String[] r = run("status", "X", "--set", "payments.no-such-key=1");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2].strip()).isEqualTo("configuration error: payments.no-such-key: is not a setting (given with --set);"
                + " see the configuration table in README.md");
        assertThat(run("status", "X", "--set", "no-equals-sign")[0]).isEqualTo("2");
    }

    @Test
    void aMalformedPrivateKeyIsNamed(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("key.pem");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        Path config = dir.resolve("c.properties");
        Files.writeString(config, String.join("\n", "payments.fintecture.app-id=a", "payments.fintecture.app-secret=b",
                "payments.fintecture.private-key=" + key.toString().replace('\\', '/'), ""));
        String[] r = run("run", "--config", config.toString());
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2]).startsWith("configuration error: payments.fintecture.private-key: ");
    }

    @Test
    void theDemoRunsEndToEndWithNoSetUp(@TempDir Path dir) throws Exception {
        setProperty("payments.data-dir", dir.toString());
        setProperty("payments.broker.listen", "127.0.0.1:" + freePort());
        setProperty("payments.http.port", String.valueOf(freePort()));
        setProperty("payments.management.port", String.valueOf(freePort()));
        setProperty("payments.sandbox.fintecture-port", String.valueOf(freePort()));
        setProperty("payments.sandbox.everifin-port", String.valueOf(freePort()));

        String[] r = runTools("demo", "--exit", "--wait", "30");

        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1]).contains("status=ACTION_REQUIRED", "status=REJECTED", "type=REDIRECT", "amount: must be a decimal string",
                "Fintecture sandbox sessions created: 2", "What to try next", "status=PENDING", "Everifin sandbox payments created: 1");

        // The operator commands read the same store afterwards.
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("(DEMO-\\d+-1) ").matcher(r[1]);
        assertThat(id.find()).isTrue();
        setProperty("payments.data-dir", dir.resolve("demo").toString());
        String[] status = run("status", id.group(1));
        assertThat(status[0]).as(status[2]).isEqualTo("0");
        assertThat(status[1]).contains("\"status\":\"ACTION_REQUIRED\"", "history:", "RECEIVED", "intake", "published");
        String[] report = run("report", "--format", "csv");
        assertThat(report[0]).as(report[2]).isEqualTo("0");
        // The two JSON orders (292.90) and three of the demo's pain.001 (8,750.60) await their payer; of the file's
        // other two, the demo's payer paid one (settled) and refused the other.
        assertThat(report[1]).contains("total,fintecture,ACTION_REQUIRED,EUR,5,9043.50", "total,fintecture,SETTLED,EUR,1,1250.00",
                "total,fintecture,FAILED,EUR,1,89.90");
        assertThat(run("status", "NO-SUCH-ORDER")[0]).isEqualTo("4");
    }

    public static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
