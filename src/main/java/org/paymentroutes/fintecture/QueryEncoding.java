package org.paymentroutes.fintecture;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encodes a query value so that only RFC 3986 unreserved characters stay literal (as
 * JavaScript's {@code encodeURIComponent} does, minus {@code !'()*}). Such a query is never re-encoded
 * on its way to the wire, so the {@code (request-target)} we sign is byte for byte what is sent.
 */
final class QueryEncoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private QueryEncoding() {
    }

    static String encode(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }
}
