package org.paymentroutes.sandbox.common;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One request as it came off the wire: the raw (never decoded) path and query, the headers with
 * lower-case names, and the exact body bytes. Signatures and digests are checked against this.
 *
 * @param rawQuery the query as sent, without the '?'; null when the target had no '?'
 */
public record IncomingRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {

    /** The request target as sent: path, then '?' and the raw query if there was one. */
    public String rawTarget() {
        return rawQuery == null ? rawPath : rawPath + "?" + rawQuery;
    }

    /** The first value of a header, or null. */
    public String header(String lowerCaseName) {
        List<String> values = headers.get(lowerCaseName);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** How many times a header was sent; a credential or signed header sent twice is ambiguous. */
    public int headerCount(String lowerCaseName) {
        List<String> values = headers.get(lowerCaseName);
        return values == null ? 0 : values.size();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Whether the Content-Type names this media type (parameters such as charset ignored). */
    public boolean hasContentType(String mediaType) {
        String contentType = header("content-type");
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return type.equalsIgnoreCase(mediaType);
    }
}
