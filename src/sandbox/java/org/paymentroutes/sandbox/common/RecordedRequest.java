package org.paymentroutes.sandbox.common;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request a sandbox received, for tests to inspect.
 *
 * @param method     HTTP method as received
 * @param target     the raw path and query, exactly as received (never decoded)
 * @param headers    headers with lower-case names, each with its values in order
 * @param body       the exact body bytes (encrypted inputs stay encrypted here: a sandbox never
 *                   records a decrypted value)
 * @param status     the HTTP status the sandbox answered
 * @param reason     why the sandbox refused it (e.g. "digest mismatch"), null when accepted
 * @param receivedAt when the request arrived
 */
public record RecordedRequest(String method, String target, Map<String, List<String>> headers, byte[] body,
                              int status, String reason, Instant receivedAt) {

    /** The first value of a header (name in any case), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public boolean refused() {
        return reason != null;
    }

    /** The path without the query. */
    public String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /**
     * Leaves out the query, the headers and the body, so that logging a request cannot leak a
     * bearer token, a client secret (token form), an authorization code or a payer's credential.
     */
    @Override
    public String toString() {
        return "RecordedRequest[" + method + " " + path() + " -> " + status
                + (reason == null ? "" : " (" + reason + ")") + ", " + body.length + " body bytes]";
    }
}
