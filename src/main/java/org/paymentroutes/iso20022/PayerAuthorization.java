package org.paymentroutes.iso20022;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.paymentroutes.order.OrderParser;
import org.paymentroutes.order.Problem;

/**
 * The treasurer's authorization of a payment that came in a pain.001 file: the ERP's front end sends
 * it when the treasurer opens the payment, with what an Everifin payment needs and a file cannot
 * carry, the payer's IP and browser:
 * <pre>{"orderId": "iso-...", "payer": {"ip": "203.0.113.7", "userAgent": "Mozilla/5.0 (...) ..."}}</pre>
 * Parsed as strictly as an order: unknown fields, duplicate keys and trailing data are refused, and
 * the payer's device is checked by the order parser's own rules.
 */
public final class PayerAuthorization {

    public static final int MAX_BYTES = 4096;
    private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(5).maxStringLength(MAX_BYTES).build());
    }

    /** Either an authorization (orderId, ip, userAgent) or the problems; {@code orderId} when it could be read. */
    public record Result(String orderId, String ip, String userAgent, List<Problem> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    private PayerAuthorization() {
    }

    public static Result parse(byte[] body) {
        if (body == null || body.length == 0 || body.length > MAX_BYTES) {
            return refused(null, new Problem("$", "the message must be 1 to " + MAX_BYTES + " bytes of JSON"));
        }
        JsonNode root;
        try {
            // A strict decoder: malformed bytes are refused, never replaced.
            root = JSON.readTree(java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(body)).toString());
        } catch (Exception e) {
            return refused(null, new Problem("$", "not valid UTF-8 JSON"));
        }
        if (root == null || !root.isObject()) {
            return refused(null, new Problem("$", "expected a JSON object"));
        }
        List<Problem> problems = new ArrayList<>();
        JsonNode id = root.get("orderId");
        String orderId = id != null && id.isTextual() && ORDER_ID.matcher(id.textValue()).matches() ? id.textValue() : null;
        if (orderId == null) {
            problems.add(new Problem("orderId", "is required: the order id of the payment the treasurer opened"));
        }
        OrderParser.PayerDevice device = OrderParser.payerDevice(root.get("payer"));
        problems.addAll(device.problems());
        root.fieldNames().forEachRemaining(name -> {
            if (!Set.of("orderId", "payer").contains(name)) {
                problems.add(new Problem(name.replaceAll("[\\p{Cntrl}\\p{Cf}]", "?"), "is not a field of an authorization"));
            }
        });
        return new Result(orderId, device.ip(), device.userAgent(), List.copyOf(problems));
    }

    private static Result refused(String orderId, Problem p) {
        return new Result(orderId, null, null, List.of(p));
    }
}
