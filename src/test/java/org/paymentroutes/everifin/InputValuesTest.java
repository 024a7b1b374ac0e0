package org.paymentroutes.everifin;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** What an INPUT value must be before it is encrypted and sent: the reasons never carry the value. */
class InputValuesTest {

    static String publicKey(int bits) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits);
        return Base64.getEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded());
    }

    @Test
    void aValueLongerThanTheKeyCanEncryptIsRefusedWithTheLimit() throws Exception {
        String key = publicKey(2048); // RSA-OAEP SHA-256: 256 - 66 = 190 bytes
        assertThat(EverifinInputs.valueProblem("x".repeat(190), key)).isNull();
        assertThat(EverifinInputs.valueProblem("x".repeat(191), key)).isEqualTo("is 191 bytes; the step's encryption takes at most 190");
        // Bytes, not characters: 96 two-byte characters are 192 bytes.
        assertThat(EverifinInputs.valueProblem("é".repeat(96), key)).contains("192 bytes");
    }

    @Test
    void lengthEmptinessControlCharactersAndABadKeyAreNamed() {
        assertThat(EverifinInputs.valueProblem("a".repeat(257), null)).isEqualTo("is longer than 256 characters");
        assertThat(EverifinInputs.valueProblem("", null)).isEqualTo("is empty");
        assertThat(EverifinInputs.valueProblem("12\n34", null)).isEqualTo("contains control characters");
        assertThat(EverifinInputs.valueProblem("secret-value", "not a key")).startsWith("cannot be encrypted").doesNotContain("secret-value");
        assertThat(EverifinInputs.valueProblem("123456", null)).isNull();
    }
}
