package org.paymentroutes.reconcile;

import java.time.Duration;
import org.paymentroutes.config.Settings;

/** Reconciliation settings, checked at start-up (payments.reconcile.*). */
public record ReconcileConfig(int batchSize, Duration minInterval, Duration maxInterval, Duration abandonAfter,
                              Duration settlementHorizon, Duration stuckAfter, Duration lease, String instanceId) {

    public static ReconcileConfig from(Settings s) {
        Duration min = Duration.ofSeconds(s.integer("payments.reconcile.min-interval", 1, 86_400));
        Duration max = Duration.ofSeconds(s.integer("payments.reconcile.max-interval", 1, 7 * 86_400));
        if (max.compareTo(min) < 0) {
            throw new org.paymentroutes.config.ConfigException("payments.reconcile.max-interval",
                    "must not be below payments.reconcile.min-interval");
        }
        String instance = s.get("payments.instance-id");
        if (instance == null) {
            instance = hostName() + "-" + ProcessHandle.current().pid();
        }
        return new ReconcileConfig(s.integer("payments.reconcile.batch-size", 1, 10_000), min, max,
                Duration.ofSeconds(s.integer("payments.reconcile.abandon-after", 1, 365 * 86_400)),
                Duration.ofSeconds(s.integer("payments.reconcile.settlement-horizon", 1, 365 * 86_400)),
                Duration.ofSeconds(s.integer("payments.reconcile.stuck-after", 60, 365 * 86_400)),
                // A claim outlives one run (a batch checks one payment after another), not much more:
                // if the instance dies mid-run, its claimed payments are due again soon.
                Duration.ofMinutes(2), instance);
    }

    /** The wait before the next check grows with the payment's age: a quarter of it, within [min, max]. */
    public Duration nextInterval(Duration age) {
        Duration quarter = age.dividedBy(4);
        return quarter.compareTo(minInterval) < 0 ? minInterval : quarter.compareTo(maxInterval) > 0 ? maxInterval : quarter;
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
