package org.paymentroutes.sandbox.fintecture;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.spec.MGF1ParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * A merchant's webhook verification, written here from the provider's description in plain JCA
 * (the key read with BouncyCastle's PEMParser), sharing no code with the sandbox's signer.
 */
final class WebhookCheck {

    /** One check a receiver makes; a webhook is authentic when none fails. */
    enum Defect { DIGEST, KEY_ID, DATE, SIGNATURE }

    private static final Pattern PARAM = Pattern.compile("([A-Za-z]+)=\"([^\"]*)\"");
    private static final PrivateKey MERCHANT_KEY = loadPrivateKey();

    private WebhookCheck() {
    }

    static PrivateKey merchantPrivateKey() {
        return MERCHANT_KEY;
    }

    /** The checks this webhook fails. */
    static Set<Defect> defects(WebhookReceiver.Received webhook, String appId, Duration dateTolerance) {
        Set<Defect> defects = EnumSet.noneOf(Defect.class);
        if (!sha256Digest(webhook.body()).equals(webhook.header("Digest"))) {
            defects.add(Defect.DIGEST);
        }
        Map<String, String> signature = signatureParams(webhook.header("Signature"));
        if (!appId.equals(signature.get("keyId"))) {
            defects.add(Defect.KEY_ID);
        }
        Instant sent = ZonedDateTime.parse(webhook.header("Date"), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        if (Duration.between(sent, Instant.now()).abs().compareTo(dateTolerance) > 0) {
            defects.add(Defect.DATE);
        }
        String decrypted = decrypt(signature.get("signature"));
        if (!signingString(webhook).equals(decrypted)) {
            defects.add(Defect.SIGNATURE);
        }
        return defects;
    }

    /** The signing string rebuilt from the headers received, in the order the Signature's headers list names them. */
    static String signingString(WebhookReceiver.Received webhook) {
        StringBuilder s = new StringBuilder();
        for (String name : signatureParams(webhook.header("Signature")).get("headers").split(" ")) {
            if (s.length() > 0) {
                s.append('\n');
            }
            s.append(name).append(": ").append(webhook.header(name));
        }
        return s.toString();
    }

    static Map<String, String> signatureParams(String header) {
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(header);
        while (m.find()) {
            params.put(m.group(1), m.group(2));
        }
        return params;
    }

    static String sha256Digest(byte[] body) {
        try {
            return "SHA-256=" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RSA-OAEP SHA-1 / MGF1-SHA-1 decryption with the merchant's private key; null when it does not decrypt. */
    static String decrypt(String base64) {
        try {
            Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
            cipher.init(Cipher.DECRYPT_MODE, MERCHANT_KEY,
                    new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT));
            return new String(cipher.doFinal(Base64.getDecoder().decode(base64)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The form body the provider documents, built here field by field with URLEncoder (UTF-8). */
    static String expectedBody(SandboxPayment p) {
        StringBuilder form = new StringBuilder()
                .append("session_id=").append(enc(p.sessionId()))
                .append("&status=").append(enc(p.status()))
                .append("&customer_id=").append(enc(p.customerId()))
                .append("&provider=").append(enc(p.provider() == null ? "" : p.provider()))
                .append("&state=").append(enc(p.state()))
                .append("&type=PayByBank");
        if (p.transferState() != null) {
            form.append("&transfer_state=").append(enc(p.transferState()));
        }
        return form.append("&amount=").append(enc(p.amount())).append("&currency=").append(enc(p.currency())).toString();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static PrivateKey loadPrivateKey() {
        try (InputStream in = WebhookCheck.class.getResourceAsStream(SandboxSettings.DEMO_PRIVATE_KEY_RESOURCE);
             PEMParser parser = new PEMParser(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            return new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) parser.readObject());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
