package org.paymentroutes.sandbox.fintecture;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code application/x-www-form-urlencoded} as used by query strings, the token request and the
 * connect page's form. Decoding is only for reading values: signatures are always checked over
 * the raw bytes, never over anything re-encoded from here.
 */
final class FormCodec {

    private FormCodec() {
    }

    /**
     * Decodes {@code a=1&b=x%20y} into names and their values, in order.
     *
     * @throws IllegalArgumentException on a malformed %-escape
     */
    static Map<String, List<String>> decode(String raw) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return result;
        }
        for (String pair : raw.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            result.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return result;
    }

    /**
     * Percent-encodes a query value. Spaces become {@code %20}, not {@code +}, so that both form
     * decoders and strict RFC 3986 parsers read the same value.
     */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The single value of {@code name}; null when absent; throws when given more than once (ambiguous). */
    static String single(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new IllegalArgumentException(name + " given more than once");
        }
        return values.get(0);
    }
}
