package org.paymentroutes.sandbox.everifin;

import org.paymentroutes.sandbox.common.RandomIds;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * Everifin's encryption of sensitive inputs, {@code RSAES-OAEP/SHA-256}, in one place.
 *
 * <p>The key handed out in {@code inputEncryptionConfig.encryptionKey} is the standard base64 of
 * the X.509 SubjectPublicKeyInfo DER of a per-payment RSA-2048 key (what
 * {@code PublicKey.getEncoded()} gives; wrap it in {@code -----BEGIN PUBLIC KEY-----} lines for a
 * PEM). A client encrypts the UTF-8 bytes of each value with RSAES-OAEP, SHA-256 as the hash AND
 * as MGF1's hash, empty label, and sends the standard base64 of the 256-byte ciphertext. (Everifin's
 * page on the key and ciphertext formats could not be retrieved; this is the common reading of
 * the method name, and openssl's {@code pkeyutl -pkeyopt rsa_padding_mode:oaep -pkeyopt
 * rsa_oaep_md:sha256 -pkeyopt rsa_mgf1_md:sha256} produces exactly it.)
 *
 * <p>In JCA the parameters are given explicitly: {@code RSA/ECB/OAEPWithSHA-256AndMGF1Padding}
 * alone means MGF1 with SHA-1 in the SunJCE provider and would not interoperate.
 */
final class InputDecryptor {

    static final String METHOD = "RSAES-OAEP/SHA-256";
    static final int KEY_BITS = 2048;
    private static final OAEPParameterSpec OAEP_SHA256 = new OAEPParameterSpec(
            "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

    /** Why a value could not be decrypted; the message never contains the value. */
    static final class DecryptionException extends Exception {
        DecryptionException(String message) {
            super(message, null, false, false);
        }
    }

    private InputDecryptor() {
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(KEY_BITS, RandomIds.random());
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation unavailable", e);
        }
    }

    /** {@code inputEncryptionConfig.encryptionKey}: standard base64 of the X.509 SubjectPublicKeyInfo DER. */
    static String encodePublicKey(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /**
     * The UTF-8 bytes of the value (the caller wipes them after use).
     *
     * @throws DecryptionException when the value is not base64 of one ciphertext block, or does not decrypt
     */
    static byte[] decrypt(KeyPair keys, String base64Ciphertext) throws DecryptionException {
        byte[] ciphertext;
        try {
            ciphertext = Base64.getDecoder().decode(base64Ciphertext);
        } catch (IllegalArgumentException e) {
            throw new DecryptionException("is not standard base64 of an RSAES-OAEP/SHA-256 ciphertext");
        }
        int blockBytes = (((RSAPublicKey) keys.getPublic()).getModulus().bitLength() + 7) / 8;
        if (ciphertext.length != blockBytes) {
            throw new DecryptionException("is not an RSAES-OAEP/SHA-256 ciphertext: " + ciphertext.length
                    + " bytes after base64, expected " + blockBytes);
        }
        try {
            Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
            cipher.init(Cipher.DECRYPT_MODE, keys.getPrivate(), OAEP_SHA256);
            return cipher.doFinal(ciphertext);
        } catch (GeneralSecurityException e) {
            throw new DecryptionException("could not be decrypted with this payment's key "
                    + "(RSAES-OAEP with SHA-256 and MGF1-SHA-256, empty label)");
        }
    }
}
