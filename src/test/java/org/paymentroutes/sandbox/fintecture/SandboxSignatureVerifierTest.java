package org.paymentroutes.sandbox.fintecture;

import org.paymentroutes.sandbox.common.IncomingRequest;
import org.paymentroutes.sandbox.common.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The verifier on its own, for the cases that are awkward to send through an HTTP client. */
class SandboxSignatureVerifierTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:15:30Z"));
    private final SandboxSignatureVerifier verifier = new SandboxSignatureVerifier(SandboxSettings.DEMO_APP_ID,
            SandboxSettings.demoPublicKey(), Duration.ofMinutes(5), clock);

    @Test
    void parsesTheSignatureHeaderAndRefusesMalformedOrRepeatedParameters() {
        assertThat(SandboxSignatureVerifier.parseSignatureHeader(
                "keyId=\"a\",algorithm=\"rsa-sha256\",headers=\"(request-target) date\",signature=\"AB+/==\""))
                .containsEntry("keyId", "a").containsEntry("headers", "(request-target) date").containsEntry("signature", "AB+/==");
        assertThat(SandboxSignatureVerifier.parseSignatureHeader("keyId=\"a\", algorithm=\"rsa-sha256\"")).hasSize(2);
        assertThat(SandboxSignatureVerifier.parseSignatureHeader("keyId=\"a\",keyId=\"b\"")).isNull();
        assertThat(SandboxSignatureVerifier.parseSignatureHeader("keyId=a")).isNull();
        assertThat(SandboxSignatureVerifier.parseSignatureHeader("keyId=\"a\" junk")).isNull();
        assertThat(SandboxSignatureVerifier.parseSignatureHeader("")).isNull();
    }

    @Test
    void verifiesAGetAndNamesTheFirstFailedCheck() throws Exception {
        String date = "Sun, 22 Nov 2026 10:15:30 GMT";
        String id = "0f8fad5b-d9cb-469f-a165-70867728950e";
        String signed = sign("(request-target): get /pis/v2/payments/abc\ndate: " + date + "\nx-request-id: " + id);

        assertThat(verifier.verify(get("/pis/v2/payments/abc", date, id, signed, Map.of()))).isNull();
        assertThat(verifier.verify(get("/pis/v2/payments/abd", date, id, signed, Map.of()))).isEqualTo("signature invalid");
        assertThat(verifier.verify(get("/pis/v2/payments/abc", date, id, signed, Map.of("digest", List.of("SHA-256=x")))))
                .isEqualTo("digest sent on a request without a body");
        assertThat(verifier.verify(get("/pis/v2/payments/abc", date, id, "!!!", Map.of()))).isEqualTo("signature is not base64");
        assertThat(verifier.verify(get("/pis/v2/payments/abc", "Mon, 22 Nov 2026 10:15:30 GMT", id, signed, Map.of())))
                .isEqualTo("date is not RFC 1123 GMT"); // 22 Nov 2026 is a Sunday

        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(verifier.verify(get("/pis/v2/payments/abc", date, id, signed, Map.of()))).isEqualTo("date outside tolerance");
    }

    @Test
    void aSignedHeaderSentTwiceIsRefused() {
        Map<String, List<String>> headers = Map.of(
                "date", List.of("Sun, 22 Nov 2026 10:15:30 GMT", "Sun, 22 Nov 2026 10:15:31 GMT"),
                "x-request-id", List.of("0f8fad5b-d9cb-469f-a165-70867728950e"),
                "signature", List.of("keyId=\"x\""));
        assertThat(verifier.verify(new IncomingRequest("GET", "/p", null, headers, new byte[0])))
                .isEqualTo("date header sent more than once");
    }

    @Test
    void theSigningStringKeepsTheRawQueryAndAnEmptyQuery() {
        IncomingRequest request = new IncomingRequest("POST", "/pis/v2/connect", "redirect_uri=https%3A%2F%2Fx&state=A",
                Map.of(), "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(SandboxSignatureVerifier.signingString(request, "D", "SHA-256=Z", "R")).isEqualTo(
                "(request-target): post /pis/v2/connect?redirect_uri=https%3A%2F%2Fx&state=A\ndate: D\ndigest: SHA-256=Z\nx-request-id: R");
        IncomingRequest emptyQuery = new IncomingRequest("GET", "/pis/v2/payments/a", "", Map.of(), new byte[0]);
        assertThat(SandboxSignatureVerifier.signingString(emptyQuery, "D", null, "R"))
                .isEqualTo("(request-target): get /pis/v2/payments/a?\ndate: D\nx-request-id: R");
    }

    private IncomingRequest get(String path, String date, String id, String signature, Map<String, List<String>> extra) {
        Map<String, List<String>> headers = new java.util.HashMap<>(Map.of(
                "date", List.of(date),
                "x-request-id", List.of(id),
                "signature", List.of(TestSigning.signatureHeader(SandboxSettings.DEMO_APP_ID,
                        "(request-target) date x-request-id", signature))));
        headers.putAll(extra);
        return new IncomingRequest("GET", path, null, headers, new byte[0]);
    }

    private static String sign(String signingString) throws Exception {
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(TestSigning.demoPrivateKey());
        signer.update(signingString.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(signer.sign());
    }
}
