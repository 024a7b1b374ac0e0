package org.paymentroutes.sandbox.fintecture;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What the sandbox answers to one request, built by the endpoints and written by the server.
 *
 * @param status      HTTP status
 * @param contentType Content-Type header, or null for none
 * @param body        response body (may be empty)
 * @param headers     extra headers (Location, Retry-After...)
 * @param reason      why the request was refused (recorded for tests), null when it was accepted
 */
record SandboxResponse(int status, String contentType, byte[] body, Map<String, String> headers, String reason) {

    static final String JSON = "application/json";
    static final String HTML = "text/html; charset=utf-8";

    static SandboxResponse json(int status, byte[] body) {
        return new SandboxResponse(status, JSON, body, Map.of(), null);
    }

    static SandboxResponse html(int status, String page) {
        return new SandboxResponse(status, HTML, page.getBytes(StandardCharsets.UTF_8), Map.of(), null);
    }

    static SandboxResponse redirect(String location) {
        return new SandboxResponse(302, null, new byte[0], Map.of("Location", location), null);
    }
}
