package org.paymentroutes.tools.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;

/**
 * Heap with N payments in flight: the bundle's orders consumers are paused (the intake route is
 * suspended), N orders are submitted and wait in the broker (which lives in the bundle's heap, paging
 * to disk beyond its memory limit); the live heap is taken after a full collection; then the
 * consumers resume and work the backlog off while the heap is sampled, until every order's
 * ACTION_REQUIRED outcome has arrived. So at the peak all N orders are accepted by the system and
 * none is answered.
 *
 * @see ResourceMeter
 */
public final class InFlightHeap {

    static final String INTAKE_ROUTE = "intake";
    static final long RECEIVE_WAIT_MS = 1_500;

    private InFlightHeap() {
    }

    /**
     * @param liveBeforeMb   live heap (after a full GC) before the orders were sent
     * @param liveInFlightMb live heap (after a full GC) with all N orders waiting
     * @param maxUsedMb      highest heap use sampled from submit to the last outcome
     * @param maxAfterGcMb   highest heap left after any collection in that time
     * @param completed      orders whose ACTION_REQUIRED arrived within the time limit
     * @param drainSeconds   consumers resumed → last outcome
     * @param drainOrdersPerSecond completed / drainSeconds: the bundle working off a backlog
     */
    public record Result(int inFlight, int queued, double liveBeforeMb, double liveInFlightMb, double maxUsedMb, double maxAfterGcMb,
                         int completed, double drainSeconds, double drainOrdersPerSecond, ResourceMeter.Usage usage) {
    }

    public static Result run(BenchRig rig, String tag, int orders, Duration limit) throws Exception {
        var s = rig.settings();
        CamelContext camel = rig.app().camelContext();
        List<String> ids = FintectureBench.ids(tag, orders);
        Map<String, Long> submitted = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + limit.toNanos();
        double before = mb(ResourceMeter.liveHeapAfterFullGc());
        ResourceMeter meter = ResourceMeter.start();
        OutcomeCollector collector;
        OrderProducer producer;
        double inFlight;
        int queued;
        long resumed;
        try {
            try (QueueDrain actions = new QueueDrain(rig.jms(), s.require("payments.queue.actions"), deadline).start()) {
                collector = new OutcomeCollector(rig.jms(), s.require("payments.queue.outcomes"), "ACTION_REQUIRED", FintectureBench.FAILING,
                        submitted, orders, deadline).start();
                camel.getRouteController().suspendRoute(INTAKE_ROUTE);
                try {
                    // A consumer already waiting in receive (1 s) when the route was suspended would take one order
                    // and roll it back (redelivered a second later): let those waits run out first.
                    Thread.sleep(RECEIVE_WAIT_MS);
                    producer = new OrderProducer(rig.jms(), s.require("payments.queue.orders"), ids, FintectureBench::order, submitted, 0,
                            deadline);
                    producer.start().join(limit.toMillis() + 2_000);
                    queued = producer.sent() - collector.completed() - collector.failed();
                    inFlight = mb(ResourceMeter.liveHeapAfterFullGc());
                } finally {
                    camel.getRouteController().resumeRoute(INTAKE_ROUTE);
                    resumed = System.nanoTime();
                }
                producer.throwIfFailed();
                collector.await();
            }
        } finally {
            meter.close();
        }
        ResourceMeter.Usage usage = meter.stop();
        collector.throwIfFailed();
        double seconds = collector.lastNanos() == 0 ? 0 : (collector.lastNanos() - resumed) / 1e9;
        return new Result(orders, queued, before, inFlight, usage.maxHeapUsedMb(), usage.maxHeapAfterGcMb(), collector.completed(),
                seconds, seconds <= 0 ? 0 : collector.completed() / seconds, usage);
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
