package org.paymentroutes.signing;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads RSA keys from PEM. BouncyCastle parses the formats merchants are handed (PKCS#1
 * {@code RSA PRIVATE KEY} and PKCS#8 {@code PRIVATE KEY}); the keys it returns are plain JCA keys,
 * so signing itself runs on the JDK's provider. Error messages never contain key material.
 */
public final class PemKeys {

    private PemKeys() {
    }

    public static PrivateKey readPrivateKey(Path file) throws IOException {
        return readPrivateKey(Files.readString(file, StandardCharsets.US_ASCII));
    }

    public static PrivateKey readPrivateKey(String pem) throws IOException {
        Object parsed = parse(pem);
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        if (parsed instanceof PEMKeyPair pair) {
            return converter.getPrivateKey(pair.getPrivateKeyInfo());
        }
        if (parsed instanceof PrivateKeyInfo info) {
            return converter.getPrivateKey(info);
        }
        if (parsed instanceof PEMEncryptedKeyPair || parsed instanceof PKCS8EncryptedPrivateKeyInfo) {
            throw new IOException("the private key is encrypted; provide it unencrypted (e.g. openssl pkey -in key.pem -out plain.pem)");
        }
        throw new IOException("no RSA private key found (expected a PEM 'PRIVATE KEY' or 'RSA PRIVATE KEY' block)");
    }

    /** A public key from a PEM {@code PUBLIC KEY} block, or derived from a PEM private key. */
    public static PublicKey readPublicKey(String pem) throws IOException {
        Object parsed = parse(pem);
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        if (parsed instanceof SubjectPublicKeyInfo info) {
            return converter.getPublicKey(info);
        }
        if (parsed instanceof PEMKeyPair pair) {
            return converter.getPublicKey(pair.getPublicKeyInfo());
        }
        if (parsed instanceof PrivateKeyInfo) {
            return publicOf(readPrivateKey(pem));
        }
        throw new IOException("no public key found (expected a PEM 'PUBLIC KEY' block)");
    }

    /** The public half of an RSA private key (CRT form, which is what every PEM private key holds). */
    public static PublicKey publicOf(PrivateKey key) {
        if (!(key instanceof RSAPrivateCrtKey crt)) {
            throw new IllegalArgumentException("not an RSA private key with CRT parameters");
        }
        try {
            return java.security.KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object parse(String pem) throws IOException {
        try (Reader reader = new StringReader(pem); PEMParser parser = new PEMParser(reader)) {
            Object o = parser.readObject();
            if (o == null) {
                throw new IOException("no PEM block found");
            }
            return o;
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            // BouncyCastle reports malformed input with runtime exceptions; keep only the kind.
            throw new IOException("malformed PEM (" + e.getClass().getSimpleName() + ")");
        }
    }
}
