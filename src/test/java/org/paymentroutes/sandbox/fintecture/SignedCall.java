package org.paymentroutes.sandbox.fintecture;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.UUID;

/**
 * Builds one signed PIS request the way a correct client would, with a knob for each thing a
 * buggy client could get wrong (body, target, date, key, keyId, headers list).
 */
final class SignedCall {

    String method;
    /** The raw path and query that is signed. */
    String target;
    /** The raw path and query that is sent; defaults to {@link #target}. */
    String sentTarget;
    byte[] body;
    /** The body that is sent; defaults to {@link #body} (the one the digest is made from). */
    byte[] sentBody;
    String token;
    Instant date = Instant.now();
    String dateHeader;
    String requestId = UUID.randomUUID().toString();
    String keyId = SandboxSettings.DEMO_APP_ID;
    PrivateKey key = TestSigning.demoPrivateKey();
    String headersList;
    /** Replaces the whole Signature header when set. */
    String signatureOverride;
    boolean sendDigest = true;
    boolean sendSignature = true;

    static SignedCall post(String target, String json, String token) {
        SignedCall call = new SignedCall();
        call.method = "POST";
        call.target = target;
        call.body = json.getBytes(StandardCharsets.UTF_8);
        call.token = token;
        return call;
    }

    static SignedCall get(String target, String token) {
        SignedCall call = new SignedCall();
        call.method = "GET";
        call.target = target;
        call.token = token;
        return call;
    }

    HttpRequest build(String baseUrl) {
        String date = dateHeader != null ? dateHeader : TestSigning.httpDate(this.date);
        boolean hasBody = body != null && body.length > 0;
        String digest = hasBody ? TestSigning.digest(body) : null;
        String list = headersList != null ? headersList
                : hasBody ? "(request-target) date digest x-request-id" : "(request-target) date x-request-id";
        String signature = TestSigning.sign(key, TestSigning.signingString(method, target, date, digest, requestId));

        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + (sentTarget != null ? sentTarget : target)))
                .header("Accept", "application/json")
                .header("Date", date)
                .header("X-Request-ID", requestId);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (sendSignature) {
            request.header("Signature", signatureOverride != null ? signatureOverride
                    : TestSigning.signatureHeader(keyId, list, signature));
        }
        if (hasBody) {
            if (sendDigest) {
                request.header("Digest", digest);
            }
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofByteArray(sentBody != null ? sentBody : body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return request.build();
    }
}
