package org.paymentroutes.sandbox.fintecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox accepts what the openssl CLI signs: digest and signature made by an implementation
 * that shares no code with the sandbox or with Java, so the sandbox's check cannot be agreeing
 * only with itself.
 */
class OpensslInteropTest {

    private static final String BODY = """
            {"meta":{"psu_name":"Zoë Ørsted"},"data":{"type":"payments","attributes":\
            {"amount":"12.50","currency":"EUR","communication":"Facture n° 42"}}}""";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private FintectureSandbox sandbox;
    private Path key;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(opensslAvailable(), "openssl CLI not available");
        key = dir.resolve("key.pem");
        try (InputStream in = getClass().getResourceAsStream(SandboxSettings.DEMO_PRIVATE_KEY_RESOURCE)) {
            Files.copy(in, key, StandardCopyOption.REPLACE_EXISTING);
        }
        sandbox = new FintectureSandbox(SandboxSettings.demo().withPort(0)).start();
    }

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void acceptsAConnectDigestedAndSignedByOpenssl() throws Exception {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        String target = "/pis/v2/connect?redirect_uri="
                + URLEncoder.encode("https://shop.example/return?x=1&y=é", StandardCharsets.UTF_8) + "&state=ERP-9";
        String date = TestSigning.httpDate(Instant.now());
        String requestId = UUID.randomUUID().toString();
        String digest = "SHA-256=" + Base64.getEncoder().encodeToString(opensslSha256(body));
        String signingString = "(request-target): post " + target + "\ndate: " + date + "\ndigest: " + digest
                + "\nx-request-id: " + requestId;

        HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + target))
                .header("Authorization", "Bearer " + token())
                .header("Content-Type", "application/json")
                .header("Date", date)
                .header("X-Request-ID", requestId)
                .header("Digest", digest)
                .header("Signature", TestSigning.signatureHeader(SandboxSettings.DEMO_APP_ID,
                        "(request-target) date digest x-request-id", opensslSign(signingString)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(sandbox.sessionsForState("ERP-9")).isEqualTo(1);
    }

    @Test
    void acceptsAPaymentGetSignedByOpensslAndRefusesOneSignedWithATrailingNewline() throws Exception {
        String token = token();
        String sessionId = createSession(token);
        String target = "/pis/v2/payments/" + sessionId;
        String date = TestSigning.httpDate(Instant.now());
        String requestId = UUID.randomUUID().toString();
        String signingString = "(request-target): get " + target + "\ndate: " + date + "\nx-request-id: " + requestId;

        HttpResponse<String> ok = http.send(get(target, token, date, requestId, opensslSign(signingString)),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);

        HttpResponse<String> trailingNewline = http.send(get(target, token, date, requestId, opensslSign(signingString + "\n")),
                HttpResponse.BodyHandlers.ofString());
        assertThat(trailingNewline.statusCode()).isEqualTo(401);
        assertThat(trailingNewline.body()).contains("signature invalid");
    }

    private HttpRequest get(String target, String token, String date, String requestId, String signature) {
        return HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + target))
                .header("Authorization", "Bearer " + token)
                .header("Date", date)
                .header("X-Request-ID", requestId)
                .header("Signature", TestSigning.signatureHeader(SandboxSettings.DEMO_APP_ID,
                        "(request-target) date x-request-id", signature))
                .GET().build();
    }

    private String createSession(String token) throws Exception {
        SignedCall call = SignedCall.post("/pis/v2/connect?redirect_uri=https%3A%2F%2Fshop.example%2Fr&state=S", BODY, token);
        HttpResponse<String> response = http.send(call.build(sandbox.baseUrl()), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body()).at("/meta/session_id").asText();
    }

    private String token() throws Exception {
        String basic = Base64.getEncoder().encodeToString(
                (SandboxSettings.DEMO_APP_ID + ":" + SandboxSettings.DEMO_APP_SECRET).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/oauth/accesstoken"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "grant_type=client_credentials&app_id=" + SandboxSettings.DEMO_APP_ID + "&scope=PIS")).build();
        return new ObjectMapper().readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body())
                .path("access_token").asText();
    }

    /** {@code openssl dgst -sha256 -binary}. */
    private byte[] opensslSha256(byte[] data) throws Exception {
        Path in = Files.write(dir.resolve("body.json"), data);
        Path out = dir.resolve("body.sha256");
        run("openssl", "dgst", "-sha256", "-binary", "-out", out.toString(), in.toString());
        return Files.readAllBytes(out);
    }

    /** {@code openssl dgst -sha256 -sign key.pem} over the signing string, exactly as given (no newline added). */
    private String opensslSign(String signingString) throws Exception {
        Path in = Files.writeString(dir.resolve("signing-string.txt"), signingString, StandardCharsets.UTF_8);
        Path out = dir.resolve("signature.bin");
        run("openssl", "dgst", "-sha256", "-sign", key.toString(), "-out", out.toString(), in.toString());
        return Base64.getEncoder().encodeToString(Files.readAllBytes(out));
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }

    private static boolean opensslAvailable() {
        try {
            Process process = new ProcessBuilder(new ArrayList<>(List.of("openssl", "version"))).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
