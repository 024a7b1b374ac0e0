package org.paymentroutes.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * Encrypts a payer's sensitive input (user id, password, OTP) for Everifin: RSAES-OAEP with SHA-256
 * and MGF1-SHA-256 (the name {@code RSA/ECB/OAEPWithSHA-256AndMGF1Padding} alone would use MGF1-SHA-1
 * in SunJCE and not interoperate). The key comes from the step's {@code inputEncryptionConfig}; its
 * format is not documented publicly, so both base64 DER (SubjectPublicKeyInfo) and PEM are accepted,
 * and the ciphertext is sent as standard base64 (assumptions kept here, in one class; see docs/everifin.md).
 */
public final class InputEncryptor {

    public static final String METHOD = "RSAES-OAEP/SHA-256";

    private static final OAEPParameterSpec OAEP_SHA256 =
            new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

    private InputEncryptor() {
    }

    public static String encrypt(String encryptionKey, String value) {
        try {
            Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
            cipher.init(Cipher.ENCRYPT_MODE, publicKey(encryptionKey), OAEP_SHA256);
            return Base64.getEncoder().encodeToString(cipher.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException | IOException e) {
            // Never the value, never the key material: only what went wrong.
            throw new IllegalArgumentException("cannot encrypt an input with the provider's key (" + e.getClass().getSimpleName() + ")");
        }
    }

    public static PublicKey publicKey(String encryptionKey) throws IOException, GeneralSecurityException {
        String key = encryptionKey.strip();
        if (key.startsWith("-----BEGIN")) {
            return PemKeys.readPublicKey(key);
        }
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder().decode(key)));
    }
}
