package org.paymentroutes.sandbox.everifin;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One request as it came off the wire: the raw (never decoded) path and query, the headers with
 * lower-case names, and the exact body bytes.
 *
 * @param rawQuery the query as sent, without the '?'; null when the target had no '?'
 */
record IncomingRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {

    /** The first value of a header, or null. */
    String header(String lowerCaseName) {
        List<String> values = headers.get(lowerCaseName);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** How many times a header was sent; a credential header sent twice is ambiguous. */
    int headerCount(String lowerCaseName) {
        List<String> values = headers.get(lowerCaseName);
        return values == null ? 0 : values.size();
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Whether the Content-Type names this media type (parameters such as charset ignored). */
    boolean hasContentType(String mediaType) {
        String contentType = header("content-type");
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return type.equalsIgnoreCase(mediaType);
    }
}
