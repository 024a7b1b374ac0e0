package org.paymentroutes.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketTimeoutException;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.paymentroutes.routes.ExchangeKeys;

/** What the circuit breaker counts as an outage, and what as an answer. */
class OutageTest {

    static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");

    final DefaultCamelContext camel = new DefaultCamelContext();

    Exchange exchange(Exception failure, int status, String retryAfter) {
        Exchange e = new DefaultExchange(camel);
        e.setException(failure);
        if (status > 0) {
            e.getMessage().setHeader(ExchangeKeys.HEADER_HTTP_RESPONSE_CODE, status);
        }
        e.getMessage().setHeader(ExchangeKeys.HEADER_RETRY_AFTER, retryAfter);
        return e;
    }

    @Test
    void fiveHundredsAndTooManyRequestsAreOutagesWithTheirRetryAfter() {
        Outage o = Outage.of(exchange(new ProviderUnavailableException("x"), 503, "30"), NOW).orElseThrow();
        assertThat(o.why()).isEqualTo("HTTP 503");
        assertThat(o.retryAfter()).contains(NOW.plusSeconds(30));
        assertThat(Outage.of(exchange(new ProviderUnavailableException("x"), 429, null), NOW)).get()
                .extracting(Outage::why).isEqualTo("HTTP 429");
    }

    @Test
    void aTokenEndpointOutageCountsByTheStatusItCarries() {
        assertThat(Outage.of(exchange(new TokenUnavailableException("x", 502, null), 0, null), NOW)).get()
                .extracting(Outage::why).isEqualTo("HTTP 502");
        assertThat(Outage.of(exchange(new TokenUnavailableException("x", 401, null), 0, null), NOW)).isEmpty();
    }

    @Test
    void timeoutsAndRefusedConnectionsAnywhereInTheCauseChainAreOutages() {
        Exception wrapped = new TokenUnavailableException("x", 0, new IllegalStateException(new SocketTimeoutException("Read timed out")));
        assertThat(Outage.of(exchange(wrapped, 0, null), NOW)).get().extracting(Outage::why).isEqualTo("SocketTimeoutException");
        assertThat(Outage.of(exchange(new java.net.ConnectException("refused"), 0, null), NOW)).isPresent();
    }

    @Test
    void credentialsRefusedOtherFailuresAndSuccessAreNot() {
        assertThat(Outage.of(exchange(new ProviderUnavailableException("x"), 403, null), NOW)).isEmpty();
        assertThat(Outage.of(exchange(new IllegalStateException("store down"), 0, null), NOW)).isEmpty();
        assertThat(Outage.of(exchange(null, 200, null), NOW)).isEmpty();
    }

    @Test
    void anAnswerIsTwoHundredOrARefusal() {
        Exchange e = exchange(null, 404, null);
        assertThat(Outage.answered(e)).as("no call made").isFalse();
        e.setProperty(ExchangeKeys.ANSWER, ProviderAnswer.REFUSED);
        assertThat(Outage.answered(e)).isTrue();
        e.setProperty(ExchangeKeys.ANSWER, ProviderAnswer.UNAVAILABLE);
        assertThat(Outage.answered(e)).isFalse();
    }
}
