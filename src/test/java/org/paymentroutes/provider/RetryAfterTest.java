package org.paymentroutes.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Retry-After as delta-seconds or HTTP-date (RFC 9110, 10.2.3), bounded, and nothing else. */
class RetryAfterTest {

    static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");

    @Test
    void deltaSeconds() {
        assertThat(RetryAfter.parse("120", NOW)).contains(NOW.plusSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", NOW)).contains(NOW);
    }

    @Test
    void httpDate() {
        assertThat(RetryAfter.parse("Wed, 02 Dec 2026 09:05:00 GMT", NOW)).contains(Instant.parse("2026-12-02T09:05:00Z"));
        assertThat(RetryAfter.parse("Wed, 02 Dec 2026 08:00:00 GMT", NOW)).as("in the past: now").contains(NOW);
    }

    @Test
    void cappedAtAnHour() {
        assertThat(RetryAfter.parse("86400", NOW)).contains(NOW.plus(RetryAfter.LONGEST));
        assertThat(RetryAfter.parse("99999999999999999999", NOW)).contains(NOW.plus(RetryAfter.LONGEST));
        assertThat(RetryAfter.parse("Thu, 01 Jan 2099 00:00:00 GMT", NOW)).contains(NOW.plus(RetryAfter.LONGEST));
    }

    @Test
    void anythingElseIsIgnored() {
        assertThat(RetryAfter.parse(null, NOW)).isEmpty();
        assertThat(RetryAfter.parse("", NOW)).isEmpty();
        assertThat(RetryAfter.parse("-5", NOW)).isEmpty();
        assertThat(RetryAfter.parse("1.5", NOW)).isEmpty();
        assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
        assertThat(RetryAfter.parse("2026-12-02T09:05:00Z", NOW)).isEmpty();
        assertThat(RetryAfter.parse("1".repeat(100), NOW)).isEmpty();
    }
}
