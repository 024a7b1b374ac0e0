package org.paymentroutes.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Cipher;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fintecture's webhook scheme with a fixed key pair: accepted as built, refused with any one defect. */
class WebhookVerifierTest {

    static final Instant NOW = Instant.parse("2026-11-22T10:15:30Z");
    static final String DATE = "Sun, 22 Nov 2026 10:15:30 GMT";
    static final String BODY = "session_id=44f00841780445d4981be9ea2f8aafae&status=payment_created&customer_id=c1&provider=cmcifr2a&state=ERP-1";

    final PrivateKey key = HttpSignerTest.key("test-key.pem");
    final PublicKey publicKey = PemKeys.publicOf(key);
    final WebhookVerifier verifier = new WebhookVerifier("app-123", key, Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));

    WebhookVerifierTest() throws Exception {
    }

    /** Builds the webhook headers the provider's way: the signing string encrypted with our public key (OAEP SHA-1). */
    Map<String, String> providerHeaders(String body, String date, String keyId) throws Exception {
        String digest = HttpSigner.digest(body.getBytes(StandardCharsets.UTF_8));
        String signingString = "date: " + date + "\ndigest: " + digest + "\nx-request-id: 5b1f8e3a-7c2d-4e5f-9a8b-1c2d3e4f5a6b";
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
        c.init(Cipher.ENCRYPT_MODE, publicKey);
        String encrypted = Base64.getEncoder().encodeToString(c.doFinal(signingString.getBytes(StandardCharsets.UTF_8)));
        Map<String, String> h = new HashMap<>();
        h.put("date", date);
        h.put("digest", digest);
        h.put("x-request-id", "5b1f8e3a-7c2d-4e5f-9a8b-1c2d3e4f5a6b");
        h.put("signature", "keyId=\"" + keyId + "\",algorithm=\"rsa-sha256\",headers=\"date digest x-request-id\",signature=\"" + encrypted + "\"");
        return h;
    }

    String check(Map<String, String> h, String body) {
        return verifier.check("POST", "/webhooks/fintecture", h::get, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aWebhookBuiltTheProvidersWayIsAccepted() throws Exception {
        assertThat(check(providerHeaders(BODY, DATE, "app-123"), BODY)).isNull();
    }

    @Test
    void oneChangedByteAnywhereIsRefused() throws Exception {
        Map<String, String> h = providerHeaders(BODY, DATE, "app-123");
        assertThat(check(h, BODY.replace("payment_created", "payment_createe"))).isEqualTo("digest does not match the body");

        Map<String, String> badDigest = new HashMap<>(h);
        badDigest.put("digest", h.get("digest").replace('A', 'B').replace('a', 'b'));
        assertThat(check(badDigest, BODY)).isNotNull();

        Map<String, String> badSignature = new HashMap<>(h);
        String sig = h.get("signature");
        int i = sig.lastIndexOf("signature=\"") + 20;
        badSignature.put("signature", sig.substring(0, i) + (sig.charAt(i) == 'A' ? 'B' : 'A') + sig.substring(i + 1));
        assertThat(check(badSignature, BODY)).startsWith("signature");

        assertThat(check(providerHeaders(BODY, DATE, "app-999"), BODY)).isEqualTo("keyId is not our app id");

        Map<String, String> otherRequestId = new HashMap<>(h);
        otherRequestId.put("x-request-id", "00000000-0000-4000-8000-000000000000");
        assertThat(check(otherRequestId, BODY)).isEqualTo("signature does not match the signed headers");
    }

    @Test
    void aStaleOrFutureDateIsRefusedEvenWhenProperlySigned() throws Exception {
        String stale = "Sun, 22 Nov 2026 10:05:29 GMT";
        assertThat(check(providerHeaders(BODY, stale, "app-123"), BODY)).isEqualTo("Date is outside the tolerance window");
        String future = "Sun, 22 Nov 2026 10:25:31 GMT";
        assertThat(check(providerHeaders(BODY, future, "app-123"), BODY)).isEqualTo("Date is outside the tolerance window");
    }

    @Test
    void aSignatureThatCoversLessThanDateDigestAndRequestIdIsRefused() throws Exception {
        Map<String, String> h = providerHeaders(BODY, DATE, "app-123");
        h.put("signature", h.get("signature").replace("headers=\"date digest x-request-id\"", "headers=\"date\""));
        assertThat(check(h, BODY)).contains("does not cover");
    }

    @Test
    void aSignatureEncryptedByOpensslIsAccepted(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(HttpSignerTest.opensslAvailable(), "openssl not installed");
        String digest = HttpSigner.digest(BODY.getBytes(StandardCharsets.UTF_8));
        String signingString = "date: " + DATE + "\ndigest: " + digest + "\nx-request-id: r-1";
        Files.writeString(tmp.resolve("in"), signingString);
        Path pub = tmp.resolve("pub.pem");
        HttpSignerTest.run(tmp, "openssl", "pkey", "-in", HttpSignerTest.DIR.resolve("test-key.pem").toAbsolutePath().toString(),
                "-pubout", "-out", pub.toString());
        String encrypted = HttpSignerTest.run(tmp, "sh", "-c", "openssl pkeyutl -encrypt -pubin -inkey " + pub
                + " -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha1 -pkeyopt rsa_mgf1_md:sha1 -in " + tmp.resolve("in")
                + " | base64 -w0").strip();
        Map<String, String> h = Map.of("date", DATE, "digest", digest, "x-request-id", "r-1",
                "signature", "keyId=\"app-123\",algorithm=\"rsa-sha256\",headers=\"date digest x-request-id\",signature=\"" + encrypted + "\"");
        assertThat(check(h, BODY)).isNull();
    }
}
