package org.paymentroutes.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paymentroutes.routes.ExchangeKeys;
import org.paymentroutes.sandbox.common.MutableClock;
import org.paymentroutes.store.PaymentStatus;
import org.paymentroutes.store.PaymentStore;
import org.paymentroutes.store.StoreDataSource;
import org.paymentroutes.store.Transition;

/**
 * The abandon horizon: a Fintecture payment the payer left is EXPIRED (abandoned); an Everifin one
 * only on Everifin's own answer, in that check, that it is still not final (then provider_not_final,
 * in the daily report's attention rows), and never when Everifin could not be asked.
 */
class AbandonHorizonTest {

    static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

    @TempDir
    Path dir;

    HikariDataSource ds;
    PaymentStore store;
    final MutableClock clock = new MutableClock(T0);
    final ReconcileConfig config = new ReconcileConfig(10, Duration.ofSeconds(60), Duration.ofSeconds(3600), Duration.ofHours(2),
            Duration.ofDays(7), Duration.ofHours(1), Duration.ofMinutes(2), "test");
    Reconciler reconciler;
    final DefaultCamelContext camel = new DefaultCamelContext();

    @BeforeEach
    void open() {
        ds = StoreDataSource.open("jdbc:h2:file:" + dir.resolve("store"), "sa", "", 4);
        store = new PaymentStore(ds, clock, (p, s) -> "{}", "payments.outcomes");
        reconciler = new Reconciler(store, config);
    }

    @AfterEach
    void close() {
        ds.close();
    }

    void waiting(String orderId, String provider) {
        store.payments().receive(orderId, provider, new BigDecimal("12.00"), "EUR", orderId, "h-" + orderId, "{}");
        store.payments().transition(orderId, Transition.to(PaymentStatus.ACTION_REQUIRED).providerStatus("PROCESSING/PUSH")
                .providerPaymentId("p-" + orderId).source("process"));
    }

    /** One reconciliation check's end for the order; {@code providerSaid}: what the provider answered (null: no answer). */
    void checked(String orderId, String providerSaid) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(ExchangeKeys.RUN, new Reconciler.RunStats());
        exchange.setProperty(ExchangeKeys.ORDER_ID, orderId);
        exchange.setProperty(ExchangeKeys.PROVIDER_STATUS, providerSaid);
        reconciler.after(exchange);
    }

    @Test
    void anEverifinPaymentExpiresOnlyOnEverifinsAnswerThatItIsNotFinalAndIsListedForAnOperator() throws Exception {
        waiting("EV-1", "everifin");
        clock.advance(Duration.ofMinutes(30));
        checked("EV-1", "PROCESSING");
        assertThat(store.payments().find("EV-1").orElseThrow().status()).as("before the horizon").isEqualTo(PaymentStatus.ACTION_REQUIRED);

        clock.advance(config.abandonAfter().minus(Duration.ofMinutes(30)).plusSeconds(1));
        checked("EV-1", null);
        assertThat(store.payments().find("EV-1").orElseThrow().status()).as("Everifin could not be asked: not expired on a guess")
                .isEqualTo(PaymentStatus.ACTION_REQUIRED);

        checked("EV-1", "PROCESSING");
        var expired = store.payments().find("EV-1").orElseThrow();
        assertThat(expired.status()).isEqualTo(PaymentStatus.EXPIRED);
        assertThat(expired.reasonCode()).isEqualTo(Reconciler.NOT_FINAL);

        DailyReport report = new DailyReport(store, config, dir.resolve("reports"));
        assertThat(report.build(clock.instant().atOffset(ZoneOffset.UTC).toLocalDate()).attention())
                .filteredOn(a -> a.orderId().equals("EV-1")).singleElement()
                .satisfies(a -> assertThat(a.reason()).contains("not final"));
    }

    @Test
    void aFintecturePaymentThePayerAbandonedStillExpiresAsAbandoned() {
        waiting("FT-1", "fintecture");
        clock.advance(config.abandonAfter().plusSeconds(1));
        checked("FT-1", null);
        var expired = store.payments().find("FT-1").orElseThrow();
        assertThat(expired.status()).isEqualTo(PaymentStatus.EXPIRED);
        assertThat(expired.reasonCode()).isEqualTo("abandoned");
    }
}
