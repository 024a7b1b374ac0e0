package org.paymentroutes.http;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code application/x-www-form-urlencoded} as used by query strings, the token request and the
 * HTML forms, and appending a query to a client's URL.
 */
public final class FormCodec {

    private FormCodec() {
    }

    /**
     * Decodes {@code a=1&b=x%20y} into names and their values, in order.
     *
     * @throws IllegalArgumentException on a malformed %-escape
     */
    public static Map<String, List<String>> decode(String raw) {
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

    /** Percent-encodes a query value; spaces become {@code %20}, which form and RFC 3986 parsers read alike. */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The single value of {@code name}; null when absent; throws when given more than once (ambiguous). */
    public static String single(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new IllegalArgumentException(name + " given more than once");
        }
        return values.get(0);
    }

    /**
     * {@code base} with {@code params} (name, value, name, value...) appended to its query: '?' when
     * it has none, '&' when it has one, always before any fragment. Values are percent-encoded.
     */
    public static String appendQuery(String base, String... params) {
        String fragment = "";
        int hash = base.indexOf('#');
        if (hash >= 0) {
            fragment = base.substring(hash);
            base = base.substring(0, hash);
        }
        StringBuilder url = new StringBuilder(base);
        char separator = base.indexOf('?') < 0 ? '?' : (base.endsWith("?") || base.endsWith("&") ? 0 : '&');
        for (int i = 0; i + 1 < params.length; i += 2) {
            if (separator != 0) {
                url.append(separator);
            }
            url.append(encode(params[i])).append('=').append(encode(params[i + 1]));
            separator = '&';
        }
        return url.append(fragment).toString();
    }

    /** The query parameter names of an absolute URL (decoded), empty when it has no query. */
    public static List<String> queryNames(String url) {
        int q = url.indexOf('?');
        if (q < 0) {
            return List.of();
        }
        int hash = url.indexOf('#', q);
        String query = hash < 0 ? url.substring(q + 1) : url.substring(q + 1, hash);
        try {
            return List.copyOf(decode(query).keySet());
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }
}
