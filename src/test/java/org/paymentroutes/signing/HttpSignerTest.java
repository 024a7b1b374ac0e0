package org.paymentroutes.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks the signer against OpenSSL: the committed vector (see src/test/resources/signing/README.md) and a live run. */
class HttpSignerTest {

    static final Path DIR = Path.of("src/test/resources/signing");
    static final Instant DATE = Instant.parse("2026-11-22T10:15:30Z");
    static final String REQUEST_ID = "7b0e5c1e-3f0a-4d1b-9a55-2f7c2f9d1e01";
    static final String TARGET = "/pis/v2/connect?redirect_uri=https%3A%2F%2Fshop.example%2Freturn&state=ERP-1";

    @Test
    void signatureHeaderMatchesTheOpensslVectorByteForByte() throws IOException {
        byte[] body = Files.readAllBytes(DIR.resolve("vector-body.json"));
        String expected = Files.readString(DIR.resolve("vector-signature.b64")).strip();

        HttpSigner.SignedHeaders h = new HttpSigner("app-123", key("test-key.pem")).sign("POST", TARGET, body, DATE, REQUEST_ID);

        assertThat(h.date()).isEqualTo("Sun, 22 Nov 2026 10:15:30 GMT");
        assertThat(h.digest()).isEqualTo("SHA-256=TucN4g0KYBDBpIIaueHsS3gfzSQ+tFITqoNFfzCgz10=");
        assertThat(h.signature()).isEqualTo("keyId=\"app-123\",algorithm=\"rsa-sha256\","
                + "headers=\"(request-target) date digest x-request-id\",signature=\"" + expected + "\"");
    }

    @Test
    void pkcs1AndPkcs8FormsOfTheKeySignAlike() throws IOException {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String a = new HttpSigner("k", key("test-key.pem")).sign("POST", "/x", body, DATE, REQUEST_ID).signature();
        String b = new HttpSigner("k", key("test-key-pkcs1.pem")).sign("POST", "/x", body, DATE, REQUEST_ID).signature();
        assertThat(a).isEqualTo(b);
    }

    @Test
    void requestWithoutBodyHasNoDigestAndLeavesItOutOfTheHeadersList() throws IOException {
        HttpSigner.SignedHeaders h = new HttpSigner("k", key("test-key.pem")).sign("GET", "/pis/v2/payments/abc", null, DATE, REQUEST_ID);
        assertThat(h.digest()).isNull();
        assertThat(h.signature()).contains("headers=\"(request-target) date x-request-id\"");
    }

    @Test
    void liveOpensslSignsTheSameSigningStringIdentically(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(opensslAvailable(), "openssl not installed");
        byte[] body = "{\"amount\":\"12.30\",\"name\":\"Zoë ß ☃\"}".getBytes(StandardCharsets.UTF_8);
        String target = "/pis/v2/connect?redirect_uri=http%3A%2F%2Flocalhost%3A8080%2Fcb&state=A%2FB";
        HttpSigner.SignedHeaders h = new HttpSigner("k", key("test-key.pem")).sign("POST", target, body, DATE, REQUEST_ID);

        Path bodyFile = tmp.resolve("body");
        Files.write(bodyFile, body);
        String opensslDigest = "SHA-256=" + run(tmp, "sh", "-c", "openssl dgst -sha256 -binary " + bodyFile + " | base64 -w0").strip();
        assertThat(h.digest()).isEqualTo(opensslDigest);

        Path signingString = tmp.resolve("signing-string");
        Files.writeString(signingString, "(request-target): post " + target + "\ndate: " + h.date() + "\ndigest: " + opensslDigest
                + "\nx-request-id: " + REQUEST_ID, StandardCharsets.UTF_8);
        String opensslSignature = run(tmp, "sh", "-c", "openssl dgst -sha256 -sign " + DIR.resolve("test-key.pem").toAbsolutePath()
                + " " + signingString + " | base64 -w0").strip();
        assertThat(h.signature()).endsWith("signature=\"" + opensslSignature + "\"");
    }

    @Test
    void encryptedOrGarbledKeysAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> PemKeys.readPrivateKey("-----BEGIN PRIVATE KEY-----\nnot-base64!!\n-----END PRIVATE KEY-----\n"))
                .isInstanceOf(IOException.class).hasMessageNotContaining("not-base64");
        assertThatThrownBy(() -> PemKeys.readPrivateKey("hello")).isInstanceOf(IOException.class);
    }

    static PrivateKey key(String name) {
        try {
            return PemKeys.readPrivateKey(DIR.resolve(name));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static boolean opensslAvailable() {
        try {
            return new ProcessBuilder("openssl", "version").start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    static String run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
