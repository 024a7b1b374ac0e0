package org.paymentroutes.operations;

import java.time.Duration;
import org.paymentroutes.config.Settings;
import org.paymentroutes.store.PaymentStore;
import org.paymentroutes.store.Retention;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retention route's bean (routes/operations.camel.yaml): removes, batch by batch, what the store
 * keeps of payments final for longer than {@code payments.retention.after} days ({@link Retention}).
 */
public final class RetentionJob {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

    private final PaymentStore store;
    private final Duration after;
    private final int batchSize;
    private final String instance;

    public RetentionJob(PaymentStore store, Duration after, int batchSize, String instance) {
        this.store = store;
        this.after = after;
        this.batchSize = batchSize;
        this.instance = instance;
    }

    /** payments.retention.after (days, 1-3650) and payments.retention.batch-size. */
    public static RetentionJob from(Settings s, PaymentStore store, String instance) {
        return new RetentionJob(store, Duration.ofDays(s.integer("payments.retention.after", 1, 3650)),
                s.integer("payments.retention.batch-size", 1, 10_000), instance);
    }

    /** One run: batches until nothing is due; returns what it removed. */
    public Retention.Removed run() {
        Retention.Removed total = Retention.Removed.NONE;
        Retention.Removed batch;
        do {
            batch = store.retention().purge(store.now().minus(after), batchSize, instance);
            total = total.plus(batch);
        } while (batch.payments() == batchSize);
        if (total.payments() > 0) {
            LOG.info("Retention: data of {} final payments removed ({} history rows, {} outbox rows, {} webhook receipts)",
                    total.payments(), total.historyRows(), total.outboxRows(), total.receipts());
        }
        return total;
    }
}
