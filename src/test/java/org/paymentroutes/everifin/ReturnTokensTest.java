package org.paymentroutes.everifin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The payer's return token: 256 random bits, URL-safe, kept and compared as its SHA-256. */
class ReturnTokensTest {

    @Test
    void aTokenIs256RandomUrlSafeBits() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            String token = ReturnTokens.newToken();
            assertThat(token).matches("[A-Za-z0-9_-]{43}");
            assertThat(Base64.getUrlDecoder().decode(token)).hasSize(32);
            assertThat(seen.add(token)).isTrue();
        }
    }

    @Test
    void onlyTheTokenWhoseHashWasStoredMatches() {
        String token = ReturnTokens.newToken();
        String stored = ReturnTokens.hash(token);
        assertThat(stored).matches("[0-9a-f]{64}").doesNotContain(token);
        assertThat(ReturnTokens.matches(token, stored)).isTrue();
        assertThat(ReturnTokens.matches(ReturnTokens.newToken(), stored)).isFalse();
        assertThat(ReturnTokens.matches(null, stored)).isFalse();
        assertThat(ReturnTokens.matches(token, null)).isFalse();
        assertThat(ReturnTokens.matches(null, null)).isFalse();
        assertThat(ReturnTokens.matches("", ReturnTokens.hash(""))).isTrue();
    }
}
