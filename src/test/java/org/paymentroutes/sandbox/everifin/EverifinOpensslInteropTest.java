package org.paymentroutes.sandbox.everifin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox decrypts what the openssl CLI encrypts with the key it handed out: an
 * implementation that shares no code with Java, so the key format (base64 X.509 DER) and the
 * OAEP parameters (SHA-256, MGF1-SHA-256, empty label) are checked against a third party, not
 * only against the JCA the sandbox itself uses.
 */
class EverifinOpensslInteropTest {

    @TempDir
    Path dir;

    private EverifinSandbox sandbox;
    private FrontEnd client;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(opensslAvailable(), "openssl CLI not available");
        sandbox = new EverifinSandbox(EverifinSandboxSettings.demo().withPort(0)).start();
        client = new FrontEnd(sandbox.baseUrl());
        client.login();
    }

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void acceptsCredentialsAndOtpEncryptedByOpenssl() throws Exception {
        long id = client.createForProfile("credentials-otp");
        JsonNode credentials = client.step(id, null, false);
        Path pem = pem(credentials.path("inputEncryptionConfig").path("encryptionKey").asText());
        // openssl itself must read the key as an RSA-2048 public key.
        assertThat(run("openssl", "pkey", "-pubin", "-in", pem.toString(), "-noout", "-text")).contains("2048 bit");

        JsonNode otp = client.step(id, "{\"userId\":\"" + opensslEncrypt(pem, EverifinSandboxSettings.DEMO_USER_ID)
                + "\",\"userPassword\":\"" + opensslEncrypt(pem, EverifinSandboxSettings.DEMO_USER_PASSWORD) + "\"}", true);
        assertThat(otp.path("input").path("name").asText()).isEqualTo("otp");

        JsonNode processing = client.step(id, "{\"otp\":\"" + opensslEncrypt(pem, EverifinSandboxSettings.DEMO_OTP) + "\"}", true);
        assertThat(processing.path("status").asText()).isEqualTo("PROCESSING");
        assertThat(client.step(id, null, false).path("status").asText()).isEqualTo("CONFIRMED");
    }

    @Test
    void refusesOpensslOaepWithTheDefaultSha1Digests() throws Exception {
        long id = client.createForProfile("credentials-otp");
        Path pem = pem(client.step(id, null, false).path("inputEncryptionConfig").path("encryptionKey").asText());
        String sha1 = encrypt(pem, "sandbox-user", List.of("-pkeyopt", "rsa_padding_mode:oaep"));

        assertThat(client.process(id, "{\"userId\":\"" + sha1 + "\",\"userPassword\":\"" + sha1 + "\"}", true).statusCode())
                .isEqualTo(400);
    }

    /** The base64 DER the sandbox hands out, as a PEM file openssl reads. */
    private Path pem(String base64Der) throws Exception {
        String wrapped = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(Base64.getDecoder().decode(base64Der));
        return Files.writeString(dir.resolve("pub.pem"),
                "-----BEGIN PUBLIC KEY-----\n" + wrapped + "\n-----END PUBLIC KEY-----\n", StandardCharsets.US_ASCII);
    }

    private String opensslEncrypt(Path pem, String value) throws Exception {
        return encrypt(pem, value, List.of("-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", "rsa_oaep_md:sha256",
                "-pkeyopt", "rsa_mgf1_md:sha256"));
    }

    private String encrypt(Path pem, String value, List<String> options) throws Exception {
        Path in = Files.writeString(dir.resolve("value.txt"), value, StandardCharsets.UTF_8);
        Path out = dir.resolve("value.enc");
        List<String> command = new ArrayList<>(List.of("openssl", "pkeyutl", "-encrypt", "-pubin", "-inkey", pem.toString()));
        command.addAll(options);
        command.addAll(List.of("-in", in.toString(), "-out", out.toString()));
        run(command.toArray(String[]::new));
        byte[] ciphertext = Files.readAllBytes(out);
        assertThat(ciphertext).hasSize(256);
        return Base64.getEncoder().encodeToString(ciphertext);
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
        return output;
    }

    private static boolean opensslAvailable() {
        try {
            Process process = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
