package org.paymentroutes.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.paymentroutes.store.PaymentStatus;

/**
 * One operator command as the CLI sends it to {@code payments.queue.operator} (a JSON object). It comes
 * over the broker, so it is parsed strictly: known fields only, each bounded and checked, and a refusal
 * names the field. {@code by} (who acts) is required for every command that changes something.
 */
public record OperatorRequest(String action, String orderId, String by, String failedReason, boolean expired, String sessionId,
                              boolean all, PaymentStatus status, String provider, boolean parked, boolean attention,
                              OffsetDateTime since, int limit) {

    public static final Set<String> ACTIONS = Set.of("list", "status", "resolve", "retry", "redrive");
    static final int MAX_LIMIT = 10_000;
    private static final int MAX_BYTES = 4096;
    private static final Set<String> FIELDS = Set.of("action", "orderId", "by", "failed", "expired", "session", "all", "status",
            "provider", "parked", "attention", "since", "limit");
    private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}");
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._@-]{0,63}");
    private static final Pattern REASON_CODE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern SESSION = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Pattern PROVIDER = Pattern.compile("[a-z]{1,16}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request the bundle refuses, naming the field. */
    public static final class Refused extends IllegalArgumentException {
        public Refused(String field, String reason) {
            super(field + ": " + reason);
        }
    }

    public static OperatorRequest parse(String body) {
        if (body == null || body.length() > MAX_BYTES) {
            throw new Refused("request", "must be a JSON object of at most " + MAX_BYTES + " characters");
        }
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (Exception e) {
            throw new Refused("request", "is not JSON");
        }
        if (n == null || !n.isObject()) {
            throw new Refused("request", "must be a JSON object");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new Refused(f.length() > 40 ? f.substring(0, 40) : f, "unknown field");
            }
        }
        String action = text(n, "action", Pattern.compile("[a-z]{1,16}"), "one of " + ACTIONS);
        if (action == null || !ACTIONS.contains(action)) {
            throw new Refused("action", "must be one of " + ACTIONS);
        }
        String status = text(n, "status", Pattern.compile("[A-Za-z_]{1,20}"), "a status");
        PaymentStatus s = null;
        if (status != null) {
            try {
                s = PaymentStatus.valueOf(status.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new Refused("status", "must be one of " + java.util.Arrays.toString(PaymentStatus.values()));
            }
        }
        int limit = n.has("limit") ? n.get("limit").asInt(-1) : 500;
        if (!n.path("limit").isMissingNode() && !n.get("limit").canConvertToInt() || limit < 1 || limit > MAX_LIMIT) {
            throw new Refused("limit", "must be 1-" + MAX_LIMIT);
        }
        OperatorRequest r = new OperatorRequest(action, text(n, "orderId", ORDER_ID, "an order id"),
                text(n, "by", NAME, "a name (letters, digits, space . _ @ -; at most 64)"),
                text(n, "failed", REASON_CODE, "a reason code (letters, digits, _ . -; at most 64)"), bool(n, "expired"),
                text(n, "session", SESSION, "a provider payment id (letters, digits, _ -; at most 128)"), bool(n, "all"), s,
                text(n, "provider", PROVIDER, "a provider name"), bool(n, "parked"), bool(n, "attention"), since(n), limit);
        r.check();
        return r;
    }

    /** What each action needs. */
    private void check() {
        boolean changes = !action.equals("list") && !action.equals("status");
        if (changes && by == null) {
            throw new Refused("by", "is required: who acts (recorded in the payment's history)");
        }
        if ((action.equals("status") || action.equals("resolve") || action.equals("retry")) && orderId == null) {
            throw new Refused("orderId", "is required for " + action);
        }
        if (action.equals("resolve")) {
            int given = (failedReason != null ? 1 : 0) + (expired ? 1 : 0) + (sessionId != null ? 1 : 0);
            if (given != 1) {
                throw new Refused("resolve", "give exactly one of failed, expired, session");
            }
        }
        if (action.equals("redrive") && (orderId == null) == !all) {
            throw new Refused("redrive", "give either orderId or all");
        }
    }

    private static String text(JsonNode n, String field, Pattern pattern, String what) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || !pattern.matcher(v.textValue()).matches()) {
            throw new Refused(field, "must be " + what);
        }
        return v.textValue();
    }

    private static boolean bool(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new Refused(field, "must be true or false");
        }
        return v.booleanValue();
    }

    /** A day (YYYY-MM-DD, from its start in UTC) or an instant (ISO 8601 with offset). */
    private static OffsetDateTime since(JsonNode n) {
        String v = text(n, "since", Pattern.compile("[0-9T:.+Z-]{10,35}"), "a date (YYYY-MM-DD) or an ISO 8601 time with offset");
        if (v == null) {
            return null;
        }
        try {
            return v.length() == 10 ? LocalDate.parse(v).atStartOfDay().atOffset(ZoneOffset.UTC) : OffsetDateTime.parse(v);
        } catch (DateTimeParseException e) {
            throw new Refused("since", "must be a date (YYYY-MM-DD) or an ISO 8601 time with offset");
        }
    }
}
