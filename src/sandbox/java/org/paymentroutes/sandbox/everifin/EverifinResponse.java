package org.paymentroutes.sandbox.everifin;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * What the sandbox answers to one request, built by the endpoints and written by the server.
 *
 * @param status      HTTP status
 * @param contentType Content-Type header, or null for none
 * @param body        response body (may be empty)
 * @param headers     extra headers (Location, Retry-After, WWW-Authenticate...)
 * @param reason      why the request was refused (recorded for tests), null when it was accepted
 */
record EverifinResponse(int status, String contentType, byte[] body, Map<String, String> headers, String reason) {

    static final String JSON = "application/json";
    static final String HTML = "text/html; charset=utf-8";

    static EverifinResponse json(int status, byte[] body) {
        return new EverifinResponse(status, JSON, body, Map.of(), null);
    }

    static EverifinResponse html(int status, String page) {
        return new EverifinResponse(status, HTML, page.getBytes(StandardCharsets.UTF_8), Map.of(), null);
    }

    /** An HTML page that also says why the request was refused (for the journal). */
    static EverifinResponse htmlRefusal(int status, String page, String reason) {
        return new EverifinResponse(status, HTML, page.getBytes(StandardCharsets.UTF_8), Map.of(), reason);
    }

    static EverifinResponse redirect(String location) {
        return new EverifinResponse(302, null, new byte[0], Map.of("Location", location), null);
    }

    EverifinResponse withHeader(String name, String value) {
        Map<String, String> more = new HashMap<>(headers);
        more.put(name, value);
        return new EverifinResponse(status, contentType, body, Map.copyOf(more), reason);
    }
}
