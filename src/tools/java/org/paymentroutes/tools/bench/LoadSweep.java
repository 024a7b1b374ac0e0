package org.paymentroutes.tools.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.paymentroutes.config.Settings;

/**
 * Orders × concurrency: after warming the JVM up, for each concurrency a fresh bundle
 * (payments.broker.consumers = C) on its own data; on it, after a short warm-up, for each order count
 * the bundle's Fintecture initiation and then the floor with C threads, so each row compares the two
 * on the same broker, store and sandbox.
 */
public final class LoadSweep {

    /** Warm-up orders on every measured bundle (pools, token, tables; the JIT was warmed on a bundle of its own before). */
    static final int LATER_WARMUP = 300;
    static final int JVM_WARMUP_CONSUMERS = 8;

    private LoadSweep() {
    }

    public static List<SweepRow> run(Settings base, BenchOptions o, String runId, Path dataRoot, PrintStream progress) throws Exception {
        List<SweepRow> rows = new ArrayList<>();
        if (o.warmup() > LATER_WARMUP) {
            // The JVM first, on a bundle of its own with the most consumers asked for (it gets through the orders fastest).
            int c = Math.min(JVM_WARMUP_CONSUMERS, o.concurrencies().stream().mapToInt(Integer::intValue).max().orElse(1));
            progress.printf(Locale.ROOT, "== warming the JVM up: a bundle with %d consumer(s)%n", c);
            try (BenchRig rig = BenchRig.start(base, dataRoot.resolve("0-warmup"), c, o.keepData())) {
                warmUp(rig, o.warmup(), o, runId + "-0", progress);
            }
        }
        int rigs = 0;
        for (int c : o.concurrencies()) {
            rigs++;
            progress.printf(Locale.ROOT, "== bundle with %d consumer(s)%n", c);
            try (BenchRig rig = BenchRig.start(base, dataRoot.resolve(rigs + "-c" + c), c, o.keepData())) {
                warmUp(rig, Math.min(o.warmup(), LATER_WARMUP), o, runId + "-" + rigs + "-c" + c, progress);
                int cell = 0;
                for (int n : o.orders()) {
                    // Unique per cell: an order id seen before is a duplicate, which the bundle answers without calling the provider.
                    String tag = runId + "-" + rigs + "-c" + c + "-" + (++cell) + "-n" + n;
                    Measurement bundle = FintectureBench.run(rig, "B-" + tag, n, 0, o.timeLimit());
                    progress.println("   " + line(bundle));
                    Measurement floor = FloorLoop.run(rig, "F-" + tag, n, c, o.timeLimit());
                    progress.println("   " + line(floor));
                    Measurement durable = FloorLoop.run(rig, "D-" + tag, n, c, o.timeLimit(), true);
                    progress.println("   " + line(durable));
                    rows.add(new SweepRow(n, c, bundle, floor, durable));
                }
            }
        }
        return rows;
    }

    /**
     * Orders through both paths, not reported. A run first warms the JVM on a bundle of its own: the
     * JIT compiler needs thousands of orders through Camel, Artemis and H2 before the code is
     * compiled (on 2 cores a cold run spends more CPU compiling than working). The measured bundles
     * reuse the compiled code and only warm their pools, token and tables.
     */
    static void warmUp(BenchRig rig, int orders, BenchOptions o, String tag, PrintStream progress) throws Exception {
        if (orders == 0) {
            return;
        }
        Measurement b = FintectureBench.run(rig, "W-B-" + tag, orders, 0, o.timeLimit());
        Measurement f = FloorLoop.run(rig, "W-F-" + tag, Math.max(1, orders / 2), rig.consumers(), o.timeLimit());
        Measurement d = FloorLoop.run(rig, "W-D-" + tag, Math.max(1, orders / 2), rig.consumers(), o.timeLimit(), true);
        progress.printf(Locale.ROOT, "   warm-up (not reported): bundle %d orders at %.0f orders/s, floor %d at %.0f orders/s, "
                + "durable floor %d at %.0f orders/s%n", orders, b.ordersPerSecond(), f.orders(), f.ordersPerSecond(), d.orders(),
                d.ordersPerSecond());
    }

    static String line(Measurement m) {
        return String.format(Locale.ROOT, "%-6s %5d orders, c=%-2d %8.1f orders/s  p50 %7.1f ms  p99 %7.1f ms  CPU %6.1f s  heap %5.0f MB%s",
                m.path(), m.orders(), m.concurrency(), m.ordersPerSecond(), m.latency().p50(), m.latency().p99(), m.usage().cpuSeconds(),
                m.usage().maxHeapUsedMb(), m.complete() ? "" : "  INCOMPLETE: " + m.completed() + " of " + m.orders()
                        + (m.failed() > 0 ? ", " + m.failed() + " failed" : ""));
    }
}
