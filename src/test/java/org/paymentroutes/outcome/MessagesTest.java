package org.paymentroutes.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.paymentroutes.order.Problem;

/** A rejection carries the start of the refused message, never a huge one whole, with the whole message's size and SHA-256. */
class MessagesTest {

    final ObjectMapper json = new ObjectMapper();

    JsonNode rejection(byte[] original) throws Exception {
        return json.readTree(Messages.rejection("O-1", "too big", List.of(new Problem("message", "too big")), original,
                OffsetDateTime.parse("2026-01-02T03:04:05Z")));
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void aHugeMessageIsCutToItsStartWithTheWholeMessagesSizeAndHash() throws Exception {
        byte[] huge = new byte[20 * 1024 * 1024];
        Arrays.fill(huge, (byte) 'x');
        String rejection = Messages.rejection("O-1", "too big", List.of(), huge, OffsetDateTime.parse("2026-01-02T03:04:05Z"));
        assertThat(rejection.length()).isLessThan(Messages.ORIGINAL_LIMIT + 1_000);
        JsonNode r = json.readTree(rejection);
        assertThat(r.path("original").asText()).isEqualTo("x".repeat(Messages.ORIGINAL_LIMIT));
        assertThat(r.path("originalTruncated").asBoolean()).isTrue();
        assertThat(r.path("originalBytes").asLong()).isEqualTo(huge.length);
        assertThat(r.path("originalSha256").asText()).isEqualTo(sha256(huge));
    }

    @Test
    void theCutNeverSplitsACharacter() throws Exception {
        byte[] accents = "é".repeat(3_000).getBytes(StandardCharsets.UTF_8); // 2 bytes each; the limit falls inside one with a 1-byte prefix
        byte[] shifted = ("a" + new String(accents, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        JsonNode r = rejection(shifted);
        assertThat(r.path("original").asText()).isEqualTo("a" + "é".repeat((Messages.ORIGINAL_LIMIT - 1) / 2)).doesNotContain("\uFFFD");
        assertThat(r.path("originalSha256").asText()).isEqualTo(sha256(shifted));
    }

    @Test
    void aSmallMessageIsCopiedWhole() throws Exception {
        byte[] order = "{\"orderId\": \"O-1\", \"amount\": \"1.00\"}".getBytes(StandardCharsets.UTF_8);
        JsonNode r = rejection(order);
        assertThat(r.path("original").asText()).isEqualTo(new String(order, StandardCharsets.UTF_8));
        assertThat(r.path("originalTruncated").asBoolean()).isFalse();
        assertThat(r.path("originalBytes").asInt()).isEqualTo(order.length);
        assertThat(r.path("originalSha256").asText()).isEqualTo(sha256(order));
        assertThat(rejection(null).path("original").isNull()).isTrue();
    }
}
