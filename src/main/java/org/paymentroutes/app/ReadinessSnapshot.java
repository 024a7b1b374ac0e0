package org.paymentroutes.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The readiness checks, run on a thread of their own every {@code interval}, and their latest
 * results, so that a probe is answered from memory. Run per request, they opened a broker
 * connection and queried the store for every probe: with the public port flooded on a 2-core
 * machine, {@code /health} then took up to 3.8 s (p95 3.6 s) while liveness, which runs no probe,
 * took at most 1.1 s. A result older than {@code staleAfter} (the checks hang, say on a broker
 * that accepts connections and never answers) is reported DOWN, naming the check
 * {@code readiness-checks}: stale results never say UP. Liveness is not cached: it is cheap, and a
 * hung readiness probe must not get a live bundle restarted.
 */
final class ReadinessSnapshot implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReadinessSnapshot.class);

    private record Snapshot(Collection<HealthCheck.Result> results, long atNanos) {
    }

    private final CamelContext camel;
    private final long staleAfterNanos;
    private final ScheduledExecutorService thread;
    private volatile Snapshot latest;

    private ReadinessSnapshot(CamelContext camel, Duration staleAfter) {
        this.camel = camel;
        this.staleAfterNanos = staleAfter.toNanos();
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "readiness-checks");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts refreshing every {@code interval}; stale after five intervals, and never under 10 s. */
    static ReadinessSnapshot start(CamelContext camel, Duration interval) {
        Duration fiveIntervals = interval.multipliedBy(5);
        return start(camel, interval, fiveIntervals.compareTo(Duration.ofSeconds(10)) < 0 ? Duration.ofSeconds(10) : fiveIntervals);
    }

    static ReadinessSnapshot start(CamelContext camel, Duration interval, Duration staleAfter) {
        ReadinessSnapshot snapshot = new ReadinessSnapshot(camel, staleAfter);
        snapshot.thread.scheduleWithFixedDelay(snapshot::refreshQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return snapshot;
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // Left stale on purpose: the next probe reports it DOWN.
            LOG.warn("readiness checks failed to run: {}", e.toString());
        }
    }

    private synchronized Snapshot refresh() {
        Snapshot s = new Snapshot(List.copyOf(HealthCheckHelper.invokeReadiness(camel)), System.nanoTime());
        latest = s;
        return s;
    }

    /**
     * The latest readiness results (run here, once, before the first refresh has completed), plus a
     * DOWN {@code readiness-checks} result when they are stale.
     */
    Collection<HealthCheck.Result> results() {
        Snapshot s = latest;
        if (s == null) {
            s = refresh();
        }
        long age = System.nanoTime() - s.atNanos();
        if (age <= staleAfterNanos) {
            return s.results();
        }
        List<HealthCheck.Result> withStale = new ArrayList<>(s.results());
        withStale.add(Stale.result(camel, TimeUnit.NANOSECONDS.toSeconds(age)));
        return withStale;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    /** The result that says the others are too old to trust. */
    private static final class Stale extends AbstractHealthCheck {

        private final long ageSeconds;

        private Stale(long ageSeconds) {
            super("payments", "readiness-checks");
            this.ageSeconds = ageSeconds;
        }

        static HealthCheck.Result result(CamelContext camel, long ageSeconds) {
            Stale check = new Stale(ageSeconds);
            check.setCamelContext(camel);
            return check.call();
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, java.util.Map<String, Object> options) {
            builder.down().message("the readiness checks last completed " + ageSeconds + " s ago");
        }
    }
}
