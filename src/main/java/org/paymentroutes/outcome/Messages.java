package org.paymentroutes.outcome;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.paymentroutes.order.Problem;
import org.paymentroutes.store.Payment;
import org.paymentroutes.store.PaymentStatus;

/**
 * The JSON the bundle writes to its queues (docs/architecture.md#messages-the-bundle-writes): outcomes, actions and rejections.
 * Every message has {@code schemaVersion} 1; field order is fixed so messages read the same way
 * everywhere. None of them ever carries a secret; a rejection carries the original message so an
 * operator can fix and re-send it.
 */
public final class Messages {

    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ISO_INSTANT;

    private Messages() {
    }

    /** An outcome event: the payment's current status, and which channel saw the change. */
    public static String outcome(Payment p, String source) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", SCHEMA_VERSION);
        m.put("orderId", p.orderId());
        m.put("provider", p.provider());
        m.put("providerPaymentId", p.providerPaymentId());
        m.put("status", p.status().name());
        m.put("providerStatus", p.providerStatus());
        m.put("reasonCode", p.reasonCode());
        m.put("amount", p.amountText());
        m.put("currency", p.currency());
        m.put("source", source);
        m.put("occurredAt", time(p.updatedAt()));
        return write(m);
    }

    /** The REJECTED outcome of an order that was never accepted (so there is no stored payment). */
    public static String rejectedOutcome(String orderId, String provider, List<Problem> problems, OffsetDateTime at) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", SCHEMA_VERSION);
        m.put("orderId", orderId);
        m.put("provider", provider);
        m.put("providerPaymentId", null);
        m.put("status", PaymentStatus.REJECTED.name());
        m.put("providerStatus", null);
        m.put("reasonCode", "INVALID_ORDER");
        m.put("amount", null);
        m.put("currency", null);
        m.put("source", "intake");
        m.put("occurredAt", time(at));
        m.put("errors", problems);
        return write(m);
    }

    /**
     * What goes to payments.rejected: every problem, and the original message as received (decoded
     * as UTF-8, leniently), cut to its first {@link #ORIGINAL_LIMIT} bytes so that a huge refused
     * message is not copied whole; {@code originalBytes} and {@code originalSha256} describe the
     * whole message, so an operator can still tell which one it was.
     */
    public static String rejection(String orderId, String reason, List<Problem> problems, byte[] original, OffsetDateTime at) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", SCHEMA_VERSION);
        m.put("orderId", orderId);
        m.put("reason", reason);
        m.put("errors", problems);
        m.put("rejectedAt", time(at));
        boolean truncated = original != null && original.length > ORIGINAL_LIMIT;
        m.put("original", original == null ? null
                : new String(original, 0, truncated ? charBoundary(original, ORIGINAL_LIMIT) : original.length, StandardCharsets.UTF_8));
        m.put("originalTruncated", original == null ? null : truncated);
        m.put("originalBytes", original == null ? null : original.length);
        m.put("originalSha256", original == null ? null : sha256(original));
        return write(m);
    }

    /** The most of a refused message a rejection carries (bytes). */
    public static final int ORIGINAL_LIMIT = 4096;

    /** The largest cut at or below {@code limit} that does not split a UTF-8 character. */
    private static int charBoundary(byte[] bytes, int limit) {
        int cut = limit;
        while (cut > 0 && (bytes[cut] & 0xC0) == 0x80) {
            cut--;
        }
        return cut;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** A REDIRECT action: the payer must open this URL. */
    public static String redirectAction(Payment p) {
        return action(p, "REDIRECT", Map.of("url", p.actionUrl()), p.updatedAt());
    }

    /**
     * An action for the payer: {@code REDIRECT} (url), {@code INPUT} (inputs to collect and which of
     * them are sensitive) or {@code WAIT_PUSH} (confirm in the bank's app), with its details.
     */
    public static String action(Payment p, String type, Map<String, Object> details, OffsetDateTime at) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", SCHEMA_VERSION);
        m.put("orderId", p.orderId());
        m.put("provider", p.provider());
        m.put("providerPaymentId", p.providerPaymentId());
        m.put("type", type);
        m.putAll(new java.util.TreeMap<>(details));
        m.put("occurredAt", time(at));
        return write(m);
    }

    static String time(OffsetDateTime t) {
        return t == null ? null : INSTANT.format(t.withOffsetSameInstant(ZoneOffset.UTC).toInstant());
    }

    private static String write(Map<String, Object> m) {
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write message JSON", e);
        }
    }
}
