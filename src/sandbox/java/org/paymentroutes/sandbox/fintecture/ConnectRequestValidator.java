package org.paymentroutes.sandbox.fintecture;

import org.paymentroutes.sandbox.common.IncomingRequest;
import org.paymentroutes.sandbox.common.SandboxJson;

import org.paymentroutes.http.FormCodec;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Validates a {@code POST /pis/v2/connect} request once its signature is known to be good: the
 * query's redirect_uri and state, and the JSON:API body. Every problem is reported, each naming
 * its field, so that a client bug shows up in one round trip.
 */
final class ConnectRequestValidator {

    /** A valid request's values, or the problems found. */
    record Result(String redirectUri, String state, String amount, String currency, String communication,
                  String psuName, List<FintectureErrors.Item> problems) {
        boolean valid() {
            return problems.isEmpty();
        }
    }

    /** Decimal string, no sign, no exponent, no leading zeros, at most 2 decimals (EUR cents). */
    private static final Pattern AMOUNT = Pattern.compile("(0|[1-9][0-9]*)(\\.[0-9]{1,2})?");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final int COMMUNICATION_MAX = 140;

    private ConnectRequestValidator() {
    }

    static Result validate(IncomingRequest request) {
        List<FintectureErrors.Item> problems = new ArrayList<>();

        Map<String, List<String>> query;
        try {
            query = FormCodec.decode(request.rawQuery());
        } catch (IllegalArgumentException e) {
            problems.add(problem("invalid_parameter", "query: malformed percent-encoding"));
            query = Map.of();
        }
        String redirectUri = queryParameter(query, "redirect_uri", problems);
        if (redirectUri != null && !isAbsoluteHttpUri(redirectUri)) {
            problems.add(problem("invalid_parameter", "redirect_uri: must be an absolute http(s) URI"));
        }
        String state = queryParameter(query, "state", problems);

        String contentType = request.header("content-type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            problems.add(problem("invalid_header", "Content-Type: must be application/json"));
        }

        JsonNode body;
        try {
            body = SandboxJson.MAPPER.readTree(request.body());
        } catch (IOException e) {
            problems.add(problem("invalid_body", "body: not valid JSON"));
            return new Result(redirectUri, state, null, null, null, null, List.copyOf(problems));
        }
        if (body == null || !body.isObject()) {
            problems.add(problem("invalid_body", "body: must be a JSON object"));
            return new Result(redirectUri, state, null, null, null, null, List.copyOf(problems));
        }

        JsonNode data = body.path("data");
        if (!"payments".equals(text(data.path("type")))) {
            problems.add(problem("invalid_attribute", "data.type: must be \"payments\""));
        }
        JsonNode attributes = data.path("attributes");
        String amount = text(attributes.path("amount"));
        if (attributes.path("amount").isMissingNode() || attributes.path("amount").isNull()) {
            problems.add(problem("missing_attribute", "data.attributes.amount: required, a decimal string"));
        } else if (amount == null) {
            problems.add(problem("invalid_attribute", "data.attributes.amount: must be a JSON string, not a number"));
        } else if (!AMOUNT.matcher(amount).matches() || new BigDecimal(amount).signum() <= 0) {
            problems.add(problem("invalid_attribute", "data.attributes.amount: must be a positive decimal string"));
        }
        String currency = text(attributes.path("currency"));
        if (currency == null) {
            problems.add(problem("missing_attribute", "data.attributes.currency: required"));
        } else if (!CURRENCY.matcher(currency).matches()) {
            problems.add(problem("invalid_attribute", "data.attributes.currency: must be 3 upper-case letters"));
        }
        String communication = text(attributes.path("communication"));
        if (communication == null || communication.isBlank()) {
            problems.add(problem("missing_attribute", "data.attributes.communication: required"));
        } else if (communication.codePointCount(0, communication.length()) > COMMUNICATION_MAX) {
            problems.add(problem("invalid_attribute",
                    "data.attributes.communication: at most " + COMMUNICATION_MAX + " characters"));
        }
        String psuName = text(body.path("meta").path("psu_name"));
        if (psuName == null || psuName.isBlank()) {
            problems.add(problem("missing_attribute", "meta.psu_name: required"));
        }
        return new Result(redirectUri, state, amount, currency, communication, psuName, List.copyOf(problems));
    }

    /** A required, single, non-blank query parameter; null (and a problem noted) otherwise. */
    private static String queryParameter(Map<String, List<String>> query, String name, List<FintectureErrors.Item> problems) {
        List<String> values = query.getOrDefault(name, List.of());
        if (values.size() > 1) {
            problems.add(problem("invalid_parameter", name + ": given more than once"));
            return null;
        }
        if (values.isEmpty() || values.get(0).isBlank()) {
            problems.add(problem("missing_parameter", name + ": required query parameter"));
            return null;
        }
        return values.get(0);
    }

    /** The value of a JSON string, or null for anything else (a number amount is a client bug here). */
    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    private static boolean isAbsoluteHttpUri(String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            return uri.isAbsolute() && uri.getHost() != null
                    && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static FintectureErrors.Item problem(String code, String detail) {
        return new FintectureErrors.Item(code, detail);
    }
}
