package org.paymentroutes.broker;

/**
 * The broker's listen address, parsed from the {@code payments.broker.listen} setting ("host:port").
 * Kept apart so the parsing rules (and their error messages, which name the key) live in one place.
 */
record ListenAddress(String host, int port) {

    static final String KEY = "payments.broker.listen";

    /** Accepts "host:port", "[ipv6]:port"; port 0 means "any free port". */
    static ListenAddress parse(String listen) {
        if (listen == null || listen.isBlank()) {
            throw new IllegalArgumentException(KEY + ": expected host:port, got nothing");
        }
        String value = listen.trim();
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException(KEY + ": expected host:port, got '" + listen + "'");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(KEY + ": port must be a number in '" + listen + "'", e);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(KEY + ": port " + port + " is out of range 0-65535");
        }
        return new ListenAddress(host, port);
    }

    ListenAddress withPort(int newPort) {
        return new ListenAddress(host, newPort);
    }

    /**
     * The address clients dial. A wildcard bind address (0.0.0.0, ::) is not something a client can
     * connect to, so the loopback address stands in for it (the broker listens there too).
     */
    String clientUrl() {
        String target = switch (host) {
            case "0.0.0.0" -> "127.0.0.1";
            case "::", "0:0:0:0:0:0:0:0" -> "[::1]";
            default -> uriHost();
        };
        return "tcp://" + target + ":" + port;
    }

    /** The host as it must appear in a URI: IPv6 literals in brackets. */
    String uriHost() {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    @Override
    public String toString() {
        return uriHost() + ":" + port;
    }
}
