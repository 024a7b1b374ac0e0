package org.paymentroutes.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.paymentroutes.provider.ProviderUnavailableException;
import org.paymentroutes.routes.ExchangeKeys;
import org.paymentroutes.routes.FailedAttempts;

/**
 * A failed attempt ends the order's lease and is noted in its history, except the timeout of a
 * page of Fintecture's listing, which the lookup asks for again within the same attempt.
 */
class FailedAttemptsTest extends StoreDatabases {

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aListingPageThatTimedOutIsNotTheOrdersFailedAttempt(String db, PaymentStore store) throws Exception {
        String id = db + "-FA-PAGE";
        assertThat(store.payments().receive(id, "fintecture", new BigDecimal("5.00"), "EUR", "INV-1", "hash-" + id, "{}",
                Duration.ofSeconds(30)).created()).isTrue();
        FailedAttempts failedAttempts = new FailedAttempts(store);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Exchange page = attempt(camel, id, new SocketTimeoutException("Read timed out"));
            page.setProperty(ExchangeKeys.PAGE_IN_FLIGHT, true);
            failedAttempts.record(page);
            assertThat(store.history().of(id)).as("nothing noted").hasSize(1);
            assertThat(store.payments().claim(id, Duration.ofSeconds(30))).as("the lease is still held").isFalse();

            // The lookup gave up (or something else failed): that is the order's failed attempt.
            failedAttempts.record(attempt(camel, id, new ProviderUnavailableException("lost answer: Fintecture answered HTTP 503")));
            assertThat(store.history().of(id)).hasSize(2);
            assertThat(store.payments().claim(id, Duration.ofSeconds(30))).as("the lease is released").isTrue();
        }
    }

    private static Exchange attempt(DefaultCamelContext camel, String orderId, Exception cause) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(ExchangeKeys.ORDER_ID, orderId);
        exchange.setProperty(ExchangeKeys.SOURCE, "initiation");
        exchange.setProperty(ExchangeKeys.CLAIMED, true);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, cause);
        exchange.setProperty(ExchangeKeys.LOST_ANSWER, true);
        return exchange;
    }
}
