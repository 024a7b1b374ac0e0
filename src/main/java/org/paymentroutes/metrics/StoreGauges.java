package org.paymentroutes.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.paymentroutes.store.OutboxRows;
import org.paymentroutes.store.PaymentStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges read from the store: the outbox backlog and its oldest row's age, and the parked payments.
 * Each scrape would otherwise query the database; the answers are kept for {@link #MAX_AGE}, so a
 * scraper (or a stranger on the management port) costs at most one query of each per period.
 */
public final class StoreGauges {

    private static final Logger LOG = LoggerFactory.getLogger(StoreGauges.class);
    static final Duration MAX_AGE = Duration.ofSeconds(5);

    private final PaymentStore store;
    private final Clock clock;
    private Instant readAt = Instant.MIN;
    private OutboxRows.Backlog backlog = new OutboxRows.Backlog(0, null);
    private long parked;

    private StoreGauges(PaymentStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public static void bind(MeterRegistry registry, PaymentStore store, Clock clock) {
        StoreGauges g = new StoreGauges(store, clock);
        Gauge.builder("payments.outbox.backlog", g, s -> s.fresh().backlog.rows())
                .description("outbox rows not yet sent to the broker").register(registry);
        Gauge.builder("payments.outbox.oldest.age.seconds", g, StoreGauges::oldestAgeSeconds)
                .description("seconds the oldest unsent outbox row has waited (0 when none)").register(registry);
        Gauge.builder("payments.parked", g, s -> s.fresh().parked)
                .description("payments parked for an operator (initiation uncertain)").register(registry);
    }

    private double oldestAgeSeconds() {
        StoreGauges s = fresh();
        return s.backlog.oldest() == null ? 0 : Math.max(0, Duration.between(s.backlog.oldest().toInstant(), clock.instant()).toMillis() / 1000.0);
    }

    /** This, with answers at most {@link #MAX_AGE} old; the last ones if the store cannot be read now. */
    private synchronized StoreGauges fresh() {
        Instant now = clock.instant();
        if (Duration.between(readAt, now).compareTo(MAX_AGE) >= 0) {
            readAt = now;
            try {
                backlog = store.outbox().backlog();
                parked = store.payments().parked();
            } catch (RuntimeException e) {
                LOG.debug("store gauges not read: {}", e.toString());
            }
        }
        return this;
    }
}
