package org.paymentroutes.sandbox.fintecture;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Reads the merchant's public key for the sandbox, independently of the bundle's own key code. */
public final class SandboxKeys {

    private SandboxKeys() {
    }

    /**
     * Reads an RSA public key from PEM: {@code PUBLIC KEY} (what {@code openssl pkey -pubout}
     * writes), {@code RSA PUBLIC KEY}, a {@code CERTIFICATE}, or an unencrypted key pair (its
     * public half). The stream is not closed.
     *
     * @throws IllegalArgumentException if the PEM holds no RSA public key
     * @throws UncheckedIOException     if the stream cannot be read
     */
    public static PublicKey loadPublicKey(InputStream pem) {
        try {
            PEMParser parser = new PEMParser(new InputStreamReader(pem, StandardCharsets.US_ASCII));
            Object object = parser.readObject();
            SubjectPublicKeyInfo info;
            if (object instanceof SubjectPublicKeyInfo spki) {
                info = spki;
            } else if (object instanceof X509CertificateHolder certificate) {
                info = certificate.getSubjectPublicKeyInfo();
            } else if (object instanceof PEMKeyPair pair) {
                info = pair.getPublicKeyInfo();
            } else {
                throw new IllegalArgumentException("no public key in PEM (found "
                        + (object == null ? "nothing" : object.getClass().getSimpleName()) + ")");
            }
            PublicKey key = new JcaPEMKeyConverter().getPublicKey(info);
            // Fintecture signs with rsa-sha256 only; an EC key here is a configuration mistake.
            if (!(key instanceof RSAPublicKey)) {
                throw new IllegalArgumentException("not an RSA public key: " + key.getAlgorithm());
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read PEM public key", e);
        }
    }
}
