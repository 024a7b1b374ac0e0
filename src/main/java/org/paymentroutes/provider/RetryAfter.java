package org.paymentroutes.provider;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A provider's {@code Retry-After} header (RFC 9110, section 10.2.3): either delta-seconds or an
 * HTTP-date. Input from outside: anything else, or a wait longer than {@link #LONGEST}, is ignored
 * or capped, so a provider cannot park our circuit for a year.
 */
public final class RetryAfter {

    /** The longest wait a provider's Retry-After is taken at its word for. */
    static final Duration LONGEST = Duration.ofHours(1);

    private RetryAfter() {
    }

    /** When the provider asks to be called again; empty when the header is absent or unreadable. */
    public static Optional<Instant> parse(String value, Instant now) {
        if (value == null || value.isBlank() || value.length() > 64) {
            return Optional.empty();
        }
        String v = value.trim();
        Instant at;
        if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // At most 10 digits: Long-safe, and anything longer is capped anyway.
            long seconds = v.length() > 10 ? Long.MAX_VALUE : Long.parseLong(v);
            at = seconds >= LONGEST.toSeconds() ? now.plus(LONGEST) : now.plusSeconds(seconds);
        } else {
            try {
                at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        if (at.isBefore(now)) {
            return Optional.of(now);
        }
        Instant latest = now.plus(LONGEST);
        return Optional.of(at.isAfter(latest) ? latest : at);
    }
}
