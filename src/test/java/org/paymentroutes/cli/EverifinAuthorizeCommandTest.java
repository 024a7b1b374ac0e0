package org.paymentroutes.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paymentroutes.sandbox.everifin.EverifinSandbox;
import org.paymentroutes.sandbox.everifin.EverifinSandboxSettings;

/** everifin-authorize against the Everifin sandbox, the test playing the user's browser. */
class EverifinAuthorizeCommandTest {

    private static final Pattern AUTH_URL = Pattern.compile("(http://\\S+/protocol/openid-connect/auth\\?\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private EverifinSandbox sandbox;
    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private final List<Running> running = new ArrayList<>();
    private final PrintStream originalOut = System.out;

    /** payments.* system properties win over the --config file: set aside during each test (other tests may leave some). */
    private final java.util.Map<String, String> setAside = new java.util.HashMap<>();

    @BeforeEach
    void startSandbox() throws Exception {
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("payments.")) {
                setAside.put(key, System.getProperty(key));
                System.clearProperty(key);
            }
        }
        sandbox = new EverifinSandbox(EverifinSandboxSettings.demo().withPort(0)).start();
    }

    @AfterEach
    void stop() throws Exception {
        for (Running r : running) {
            r.exit.cancel(true);
        }
        background.shutdownNow();
        background.awaitTermination(10, TimeUnit.SECONDS);
        System.setOut(originalOut);
        sandbox.close();
        setAside.forEach(System::setProperty);
    }

    @Test
    void storesTheRefreshTokenAsAnOwnerOnlySecretAndNeverPrintsIt() throws Exception {
        Running cmd = start(config(EverifinSandboxSettings.DEMO_CLIENT_SECRET), "--callback-port", String.valueOf(freePort()));
        String authorizationUrl = cmd.authorizationUrl();
        assertThat(authorizationUrl).contains("/auth/realms/everifin_app/protocol/openid-connect/auth?",
                "client_id=" + EverifinSandboxSettings.DEMO_CLIENT_ID, "response_type=code", "scope=pis",
                "redirect_uri=http%3A%2F%2F127.0.0.1%3A");
        assertThat(state(authorizationUrl)).matches("[A-Za-z0-9_-]{22}");

        HttpResponse<String> callback = approve(authorizationUrl);

        assertThat(callback.statusCode()).isEqualTo(200);
        assertThat(callback.body()).contains("Authorized: you can close this window");
        assertThat(cmd.exitCode()).as(cmd.err()).isEqualTo(0);
        Path stored = dir.resolve("data").resolve("secrets").resolve("everifin-refresh-token").toAbsolutePath();
        assertThat(stored).as(cmd.out()).exists();
        if (org.paymentroutes.cli.authorize.SecretFile.posix(stored.getParent())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored))).isEqualTo("rw-------");
        }
        String refreshToken = Files.readString(stored, StandardCharsets.UTF_8).strip();
        assertThat(refreshToken).isNotEmpty();

        // The sandbox's identity server accepts it: the bundle can renew access tokens with it.
        HttpResponse<String> renewed = tokenRequest("grant_type=refresh_token&refresh_token=" + enc(refreshToken)
                + "&client_id=" + enc(EverifinSandboxSettings.DEMO_CLIENT_ID)
                + "&client_secret=" + enc(EverifinSandboxSettings.DEMO_CLIENT_SECRET));
        assertThat(renewed.statusCode()).as(renewed.body()).isEqualTo(200);
        assertThat(JSON.readTree(renewed.body()).path("access_token").asText()).isNotBlank();

        assertThat(cmd.out()).contains("set PAYMENTS_EVERIFIN_REFRESH_TOKEN_FILE=" + stored
                        + " (or payments.everifin.refresh-token-file=" + stored + ")")
                .doesNotContain(refreshToken).doesNotContain(EverifinSandboxSettings.DEMO_CLIENT_SECRET);
        assertThat(cmd.err()).doesNotContain(refreshToken);
        assertThat(dir.resolve("data").resolve("secrets")).isDirectoryNotContaining(p -> p.getFileName().toString().endsWith(".tmp"));
    }

    @Test
    void aWrongStateIsRefusedAndTheCommandKeepsWaiting() throws Exception {
        int port = freePort();
        Path output = dir.resolve("elsewhere").resolve("token");
        Running cmd = start(config(EverifinSandboxSettings.DEMO_CLIENT_SECRET), "--callback-port", String.valueOf(port),
                "--output", output.toString());
        String authorizationUrl = cmd.authorizationUrl();
        String callback = "http://127.0.0.1:" + port + "/everifin/authorized";

        HttpResponse<String> forged = get(callback + "?code=some-code&state=not-the-state");
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.body()).contains("state mismatch");
        assertThat(get(callback + "?code=some-code").statusCode()).isEqualTo(400);
        assertThat(get(callback + "?error=access_denied&state=not-the-state").statusCode()).isEqualTo(400);
        Thread.sleep(200);
        assertThat(cmd.exit.isDone()).as("still waiting after forged answers").isFalse();
        assertThat(output).doesNotExist();

        assertThat(approve(authorizationUrl).statusCode()).isEqualTo(200);
        assertThat(cmd.exitCode()).as(cmd.err()).isEqualTo(0);
        assertThat(output).exists();
        assertThat(cmd.out()).contains("PAYMENTS_EVERIFIN_REFRESH_TOKEN_FILE=" + output.toAbsolutePath());
    }

    @Test
    void aDenialAtEverifinStoresNothing() throws Exception {
        Running cmd = start(config(EverifinSandboxSettings.DEMO_CLIENT_SECRET), "--callback-port", String.valueOf(freePort()));
        String authorizationUrl = cmd.authorizationUrl();

        // The user presses Deny on the consent page (a form posted to the same URL).
        int q = authorizationUrl.indexOf('?');
        HttpResponse<String> denied = browser.send(HttpRequest.newBuilder(URI.create(authorizationUrl.substring(0, q)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(authorizationUrl.substring(q + 1) + "&decision=deny")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(denied.statusCode()).isEqualTo(302);
        HttpResponse<String> page = get(denied.headers().firstValue("Location").orElseThrow());

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("access_denied");
        assertThat(cmd.exitCode()).isEqualTo(1);
        assertThat(cmd.err()).contains("Everifin did not authorize: access_denied");
        assertThat(dir.resolve("data").resolve("secrets").resolve("everifin-refresh-token")).doesNotExist();
    }

    @Test
    void aRefusedCodeExchangeSaysWhatTheIdentityServerSaidWithoutTheSecret() throws Exception {
        String wrongSecret = "wrong-secret-" + System.nanoTime();
        Running cmd = start(config(wrongSecret), "--callback-port", String.valueOf(freePort()));

        HttpResponse<String> callback = approve(cmd.authorizationUrl());

        assertThat(callback.statusCode()).isEqualTo(502);
        assertThat(cmd.exitCode()).isEqualTo(1);
        assertThat(cmd.err()).contains("HTTP 401", "invalid_client", "payments.everifin.client-secret").doesNotContain(wrongSecret);
        assertThat(cmd.out()).doesNotContain(wrongSecret);
        assertThat(callback.body()).doesNotContain(wrongSecret);
        assertThat(dir.resolve("data").resolve("secrets").resolve("everifin-refresh-token")).doesNotExist();
    }

    @Test
    void noAnswerBeforeTheTimeoutIsExitCode3() throws Exception {
        Running cmd = start(config(EverifinSandboxSettings.DEMO_CLIENT_SECRET), "--callback-port", "0", "--timeout", "1");
        cmd.authorizationUrl();

        assertThat(cmd.exitCode()).isEqualTo(3);
        assertThat(cmd.err()).contains("timed out", "within 1 s", "nothing was stored");
        assertThat(dir.resolve("data").resolve("secrets").resolve("everifin-refresh-token")).doesNotExist();
    }

    @Test
    void aMissingClientIdIsAConfigurationErrorNamingTheKey() throws Exception {
        Path config = dir.resolve("no-client.properties");
        Files.writeString(config, "payments.everifin.base-url=" + sandbox.baseUrl() + "\n");
        Running cmd = start(config, "--callback-port", "0");

        assertThat(cmd.exitCode()).isEqualTo(2);
        assertThat(cmd.err().strip()).startsWith("configuration error: payments.everifin.client-id: is required");
    }

    // ---------------------------------------------------------------- the user's side

    /** The browser: the authorization URL with auto=1 (the sandbox approves at once), then the redirect to the callback. */
    private HttpResponse<String> approve(String authorizationUrl) throws Exception {
        HttpResponse<String> consent = get(authorizationUrl + "&auto=1");
        assertThat(consent.statusCode()).as(consent.body()).isEqualTo(302);
        String location = consent.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("http://127.0.0.1:").contains("/everifin/authorized?", "code=", "state=");
        return get(location);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> tokenRequest(String form) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/auth/realms/"
                                + EverifinSandboxSettings.DEMO_REALM + "/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String state(String url) {
        Matcher m = Pattern.compile("[?&]state=([^&]+)").matcher(url);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    // ---------------------------------------------------------------- running the command

    private Path config(String clientSecret) throws Exception {
        Path config = dir.resolve("everifin.properties");
        Files.writeString(config, String.join("\n",
                "payments.everifin.base-url=" + sandbox.baseUrl(),
                "payments.everifin.client-id=" + EverifinSandboxSettings.DEMO_CLIENT_ID,
                "payments.everifin.client-secret=" + clientSecret,
                "payments.data-dir=" + dir.resolve("data").toString().replace('\\', '/'),
                ""));
        return config;
    }

    /** Runs {@code everifin-authorize --config FILE ARGS} in the background, its stdout and stderr captured. */
    private Running start(Path config, String... args) {
        List<String> all = new ArrayList<>(List.of("everifin-authorize", "--config", config.toString()));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        Future<Integer> exit = background.submit(() -> PaymentRoutesCli.execute(new PrintWriter(err, true), all.toArray(String[]::new)));
        Running r = new Running(exit, out, err);
        running.add(r);
        return r;
    }

    private record Running(Future<Integer> exit, ByteArrayOutputStream stdout, StringWriter stderr) {

        String out() {
            return stdout.toString(StandardCharsets.UTF_8);
        }

        String err() {
            return stderr.toString();
        }

        int exitCode() throws Exception {
            return exit.get(30, TimeUnit.SECONDS);
        }

        /** The authorization URL the command printed, once it is listening. */
        String authorizationUrl() throws Exception {
            long deadline = System.currentTimeMillis() + 15_000;
            while (System.currentTimeMillis() < deadline) {
                Matcher m = AUTH_URL.matcher(out());
                if (m.find() && out().contains("Waiting up to")) {
                    return m.group(1);
                }
                if (exit.isDone()) {
                    throw new AssertionError("the command ended (exit " + exit.get() + ") before printing the URL: " + err());
                }
                Thread.sleep(20);
            }
            throw new AssertionError("no authorization URL printed; stdout: " + out() + " stderr: " + err());
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
