package org.paymentroutes.sandbox.fintecture;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;

/**
 * A client-side signer for the tests, in plain JCA and written from the provider's description,
 * so that the sandbox is tested against something other than itself.
 */
final class TestSigning {

    /** JS toUTCString() form: two-digit day, GMT. */
    static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private static final PrivateKey DEMO_KEY = loadDemoPrivateKey();

    private TestSigning() {
    }

    static PrivateKey demoPrivateKey() {
        return DEMO_KEY;
    }

    /** An unrelated RSA key: what a client configured with the wrong key would sign with. */
    static PrivateKey otherPrivateKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair().getPrivate();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String httpDate(Instant instant) {
        return HTTP_DATE.format(instant);
    }

    static String digest(byte[] body) {
        try {
            return "SHA-256=" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String signingString(String method, String target, String date, String digest, String requestId) {
        StringBuilder s = new StringBuilder("(request-target): ").append(method.toLowerCase(Locale.ROOT)).append(' ').append(target)
                .append("\ndate: ").append(date);
        if (digest != null) {
            s.append("\ndigest: ").append(digest);
        }
        return s.append("\nx-request-id: ").append(requestId).toString();
    }

    static String sign(PrivateKey key, String signingString) {
        try {
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(key);
            signer.update(signingString.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String signatureHeader(String keyId, String headers, String signature) {
        return "keyId=\"" + keyId + "\",algorithm=\"rsa-sha256\",headers=\"" + headers + "\",signature=\"" + signature + "\"";
    }

    private static PrivateKey loadDemoPrivateKey() {
        try (InputStream in = TestSigning.class.getResourceAsStream(SandboxSettings.DEMO_PRIVATE_KEY_RESOURCE)) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            String base64 = pem.replace("-----BEGIN PRIVATE KEY-----", "")
                    .replace("-----END PRIVATE KEY-----", "")
                    .replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
