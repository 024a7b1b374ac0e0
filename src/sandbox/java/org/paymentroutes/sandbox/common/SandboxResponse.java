package org.paymentroutes.sandbox.common;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * What a sandbox answers to one request, built by the endpoints and written by {@link SandboxServer}.
 *
 * @param status      HTTP status
 * @param contentType Content-Type header, or null for none
 * @param body        response body (may be empty)
 * @param headers     extra headers (Location, Retry-After, WWW-Authenticate...)
 * @param reason      why the request was refused (recorded for tests), null when it was accepted
 */
public record SandboxResponse(int status, String contentType, byte[] body, Map<String, String> headers, String reason) {

    public static final String JSON = "application/json";
    public static final String HTML = "text/html; charset=utf-8";

    public static SandboxResponse json(int status, byte[] body) {
        return new SandboxResponse(status, JSON, body, Map.of(), null);
    }

    public static SandboxResponse html(int status, String page) {
        return new SandboxResponse(status, HTML, page.getBytes(StandardCharsets.UTF_8), Map.of(), null);
    }

    /** An HTML page that also says why the request was refused (for the journal). */
    public static SandboxResponse htmlRefusal(int status, String page, String reason) {
        return new SandboxResponse(status, HTML, page.getBytes(StandardCharsets.UTF_8), Map.of(), reason);
    }

    public static SandboxResponse redirect(String location) {
        return new SandboxResponse(302, null, new byte[0], Map.of("Location", location), null);
    }

    public SandboxResponse withHeader(String name, String value) {
        Map<String, String> more = new HashMap<>(headers);
        more.put(name, value);
        return new SandboxResponse(status, contentType, body, Map.copyOf(more), reason);
    }
}
