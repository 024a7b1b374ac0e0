package org.paymentroutes.sandbox.everifin;

import org.paymentroutes.sandbox.common.IncomingRequest;
import org.paymentroutes.sandbox.common.SandboxResponse;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The payer headers the process endpoint requires: {@code x-ef-sender-ip} (the payer's IP) and
 * {@code x-ef-sender-user-agent} ("a valid user agent must be provided, i.e. containing operation
 * system info"), and the optional {@code x-user-data-encryption-method}. Banks use them for
 * fraud checks, so a client that sends its own server's user agent or no IP fails here.
 */
final class ProcessHeaders {

    static final String SENDER_IP = "x-ef-sender-ip";
    static final String SENDER_USER_AGENT = "x-ef-sender-user-agent";
    static final String ENCRYPTION_METHOD = "x-user-data-encryption-method";

    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    /** What a browser's user agent says about its operating system. */
    private static final List<String> OS_TOKENS = List.of("Windows", "Mac", "Linux", "Android", "iPhone", "iPad", "X11", "CrOS");

    private ProcessHeaders() {
    }

    /** Null when the headers are acceptable, else the 400 to answer. */
    static SandboxResponse check(IncomingRequest request) {
        for (String name : List.of(SENDER_IP, SENDER_USER_AGENT, ENCRYPTION_METHOD)) {
            if (request.headerCount(name) > 1) {
                return EverifinErrors.badField(EverifinErrors.INVALID_HEADER, name, "sent more than once");
            }
        }
        String ip = request.header(SENDER_IP);
        if (ip == null || ip.isBlank()) {
            return EverifinErrors.badField(EverifinErrors.INVALID_HEADER, SENDER_IP, "is required: the payer's IP address");
        }
        if (!isIpAddress(ip.trim())) {
            return EverifinErrors.badField(EverifinErrors.INVALID_HEADER, SENDER_IP, "must be an IPv4 or IPv6 address");
        }
        String userAgent = request.header(SENDER_USER_AGENT);
        if (userAgent == null || userAgent.isBlank()) {
            return EverifinErrors.badField(EverifinErrors.INVALID_HEADER, SENDER_USER_AGENT,
                    "is required: the payer's full browser user agent");
        }
        if (!looksLikeBrowser(userAgent)) {
            return EverifinErrors.badField(EverifinErrors.INVALID_HEADER, SENDER_USER_AGENT,
                    "must be the payer's browser user agent, with operating system info, e.g. "
                    + "Mozilla/5.0 (Windows NT 10.0; Win64; x64) ...");
        }
        String method = request.header(ENCRYPTION_METHOD);
        if (method != null && !InputDecryptor.METHOD.equals(method.trim())) {
            return EverifinErrors.badField(EverifinErrors.INVALID_HEADER, ENCRYPTION_METHOD,
                    "the only supported method is " + InputDecryptor.METHOD);
        }
        return null;
    }

    /** Whether the body's sensitive values are declared encrypted (checked valid by {@link #check}). */
    static boolean encrypted(IncomingRequest request) {
        return request.header(ENCRYPTION_METHOD) != null;
    }

    static boolean isIpAddress(String value) {
        if (IPV4.matcher(value).matches()) {
            return true;
        }
        if (!value.contains(":") || !IPV6_CHARS.matcher(value).matches()) {
            return false;
        }
        try {
            // A literal with ':' is parsed, never looked up in DNS.
            return InetAddress.getByName(value) != null;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static boolean looksLikeBrowser(String userAgent) {
        return userAgent.contains("(") && OS_TOKENS.stream().anyMatch(userAgent::contains);
    }
}
