package org.paymentroutes.sandbox.fintecture;

import java.util.List;
import java.util.Map;

/**
 * One request as it came off the wire: the raw (never decoded) path and query, the headers with
 * lower-case names, and the exact body bytes. Signatures and digests are checked against this.
 *
 * @param rawQuery the query as sent, without the '?'; null when the target had no '?'
 */
record IncomingRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {

    /** The request target as sent: path, then '?' and the raw query if there was one. */
    String rawTarget() {
        return rawQuery == null ? rawPath : rawPath + "?" + rawQuery;
    }

    /** The first value of a header, or null. */
    String header(String lowerCaseName) {
        List<String> values = headers.get(lowerCaseName);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** How many times a header was sent; a signed header sent twice is ambiguous. */
    int headerCount(String lowerCaseName) {
        List<String> values = headers.get(lowerCaseName);
        return values == null ? 0 : values.size();
    }
}
