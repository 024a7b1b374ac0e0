package org.paymentroutes.sandbox.common;

import java.util.Locale;

/** The names of the HTTP statuses a sandbox answers with, which each provider spells its own way in its error bodies. */
public final class StatusNames {

    private StatusNames() {
    }

    /** e.g. "Too Many Requests"; null for a status no sandbox answers with. */
    public static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Payload Too Large";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> null;
        };
    }

    /** e.g. "too_many_requests"; for a status without a title, that of 500 or 400 by class. */
    public static String snakeCase(int status) {
        String title = title(status);
        if (title == null) {
            title = title(status >= 500 ? 500 : 400);
        }
        return title.toLowerCase(Locale.ROOT).replace(' ', '_');
    }
}
