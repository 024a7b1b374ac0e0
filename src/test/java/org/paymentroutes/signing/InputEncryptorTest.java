package org.paymentroutes.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Base64;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everifin input encryption, checked by OpenSSL's own OAEP SHA-256 decryption. */
class InputEncryptorTest {

    final PublicKey publicKey = PemKeys.publicOf(HttpSignerTest.key("test-key.pem"));
    final String base64Der = Base64.getEncoder().encodeToString(publicKey.getEncoded());

    @Test
    void aValueEncryptedByTheBundleDecryptsWithOpensslOaepSha256(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(HttpSignerTest.opensslAvailable(), "openssl not installed");
        String secret = "pässwörd-123";
        String ciphertext = InputEncryptor.encrypt(base64Der, secret);
        Files.write(tmp.resolve("c.bin"), Base64.getDecoder().decode(ciphertext));
        String plain = HttpSignerTest.run(tmp, "openssl", "pkeyutl", "-decrypt", "-inkey",
                HttpSignerTest.DIR.resolve("test-key.pem").toAbsolutePath().toString(), "-pkeyopt", "rsa_padding_mode:oaep",
                "-pkeyopt", "rsa_oaep_md:sha256", "-pkeyopt", "rsa_mgf1_md:sha256", "-in", tmp.resolve("c.bin").toString());
        assertThat(plain).isEqualTo(secret);
    }

    @Test
    void pemAndBase64DerKeysBothWorkAndCiphertextsDiffer() throws Exception {
        String pem = "-----BEGIN PUBLIC KEY-----\n" + base64Der.replaceAll("(.{64})", "$1\n") + "\n-----END PUBLIC KEY-----\n";
        assertThat(InputEncryptor.publicKey(pem)).isEqualTo(publicKey);
        assertThat(InputEncryptor.encrypt(base64Der, "123456")).isNotEqualTo(InputEncryptor.encrypt(base64Der, "123456"));
    }

    @Test
    void aBadKeyFailsWithoutEchoingTheValue() {
        assertThatThrownBy(() -> InputEncryptor.encrypt("bm90LWEta2V5", "secret-otp-999"))
                .hasMessageNotContaining("secret-otp-999").isInstanceOf(IllegalArgumentException.class);
    }
}
