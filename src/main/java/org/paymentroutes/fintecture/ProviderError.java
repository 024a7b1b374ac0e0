package org.paymentroutes.fintecture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An error answer from Fintecture: {@code {"status","code","log_id","errors":[{"code","title","detail"}]}}.
 * The {@code log_id} is what the provider's support asks for, so it is kept in the history.
 */
public record ProviderError(int httpStatus, String code, String errorCode, String detail, String logId) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static ProviderError parse(int httpStatus, byte[] body) {
        String code = null;
        String errorCode = null;
        String detail = null;
        String logId = null;
        try {
            JsonNode n = body == null || body.length == 0 ? null : JSON.readTree(body);
            if (n != null && n.isObject()) {
                code = text(n, "code");
                logId = text(n, "log_id");
                JsonNode first = n.path("errors").path(0);
                errorCode = text(first, "code");
                detail = text(first, "detail");
                if (detail == null) {
                    detail = text(first, "message");
                }
                if (detail == null) {
                    detail = text(first, "title");
                }
            }
        } catch (Exception ignored) {
            // Not JSON (a proxy's HTML page, say): the status alone tells what happened.
        }
        return new ProviderError(httpStatus, code, errorCode, detail, logId);
    }

    /** The most specific code: the first error's, else the top-level one, else "http_STATUS". */
    public String reasonCode() {
        return errorCode != null ? errorCode : code != null ? code : "http_" + httpStatus;
    }

    public String describe() {
        StringBuilder s = new StringBuilder("HTTP ").append(httpStatus);
        if (code != null) {
            s.append(' ').append(code);
        }
        if (errorCode != null) {
            s.append(" / ").append(errorCode);
        }
        if (detail != null) {
            s.append(": ").append(detail.length() > 300 ? detail.substring(0, 300) + "..." : detail);
        }
        if (logId != null) {
            s.append(" (log_id ").append(logId).append(')');
        }
        return s.toString();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
