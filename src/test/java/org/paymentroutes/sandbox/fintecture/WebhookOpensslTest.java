package org.paymentroutes.sandbox.fintecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook signature decrypts with the openssl CLI, as Fintecture's SDKs decrypt it (Node's
 * privateDecrypt: RSA-OAEP, SHA-1, MGF1-SHA-1): an implementation that shares nothing with Java.
 */
class WebhookOpensslTest {

    @TempDir
    Path dir;

    @Test
    void opensslDecryptsTheWebhookSignatureToTheSigningString() throws Exception {
        Assumptions.assumeTrue(opensslAvailable(), "openssl CLI not available");
        Path key = dir.resolve("key.pem");
        try (InputStream in = getClass().getResourceAsStream(SandboxSettings.DEMO_PRIVATE_KEY_RESOURCE)) {
            Files.copy(in, key, StandardCopyOption.REPLACE_EXISTING);
        }
        try (WebhookReceiver receiver = new WebhookReceiver();
             FintectureSandbox sandbox = new FintectureSandbox(
                     SandboxSettings.demo().withPort(0).withWebhookUrl(receiver.url())).start()) {
            String sessionId = new SandboxClient(sandbox).createSession("42.00", "ERP-OPENSSL");
            sandbox.decide(sessionId, true);
            await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.received().isEmpty());
            WebhookReceiver.Received webhook = receiver.received().get(0);

            String signature = WebhookCheck.signatureParams(webhook.header("Signature")).get("signature");
            Path in = Files.write(dir.resolve("signature.bin"), Base64.getDecoder().decode(signature));
            Path out = dir.resolve("signing-string.txt");
            run("openssl", "pkeyutl", "-decrypt", "-inkey", key.toString(),
                    "-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", "rsa_oaep_md:sha1", "-pkeyopt", "rsa_mgf1_md:sha1",
                    "-in", in.toString(), "-out", out.toString());

            assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEqualTo("date: " + webhook.header("Date")
                    + "\ndigest: " + webhook.header("Digest") + "\nx-request-id: " + webhook.header("X-Request-ID"));
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }

    private static boolean opensslAvailable() {
        try {
            Process process = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
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
