package org.paymentroutes.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.paymentroutes.config.Settings;

/**
 * Orders × concurrency: for each concurrency a fresh bundle (payments.broker.consumers = C) on its
 * own data; on it, after a warm-up, for each order count the bundle's Fintecture initiation and then
 * the floor with C threads, so each row compares the two on the same broker, store and sandbox.
 */
public final class LoadSweep {

    private LoadSweep() {
    }

    public static List<SweepRow> run(Settings base, BenchOptions o, String runId, Path dataRoot, PrintStream progress) throws Exception {
        List<SweepRow> rows = new ArrayList<>();
        for (int c : o.concurrencies()) {
            progress.printf(Locale.ROOT, "== bundle with %d consumer(s)%n", c);
            try (BenchRig rig = BenchRig.start(base, dataRoot.resolve("c" + c), c, o.keepData())) {
                warmUp(rig, o, runId + "-c" + c, progress);
                for (int n : o.orders()) {
                    String tag = runId + "-c" + c + "-n" + n;
                    Measurement bundle = FintectureBench.run(rig, "B-" + tag, n, 0, o.timeLimit());
                    progress.println("   " + line(bundle));
                    Measurement floor = FloorLoop.run(rig, "F-" + tag, n, c, o.timeLimit());
                    progress.println("   " + line(floor));
                    rows.add(new SweepRow(n, c, bundle, floor));
                }
            }
        }
        return rows;
    }

    /** Orders through both paths, not reported: JIT compilation, connection pools, the token, the tables. */
    static void warmUp(BenchRig rig, BenchOptions o, String tag, PrintStream progress) throws Exception {
        if (o.warmup() == 0) {
            return;
        }
        Measurement b = FintectureBench.run(rig, "W-B-" + tag, o.warmup(), 0, o.timeLimit());
        Measurement f = FloorLoop.run(rig, "W-F-" + tag, o.warmup(), rig.consumers(), o.timeLimit());
        progress.printf(Locale.ROOT, "   warm-up: %d orders, bundle %.0f orders/s, floor %.0f orders/s (not reported)%n", o.warmup(),
                b.ordersPerSecond(), f.ordersPerSecond());
    }

    static String line(Measurement m) {
        return String.format(Locale.ROOT, "%-6s %5d orders, c=%-2d %8.1f orders/s  p50 %7.1f ms  p99 %7.1f ms  CPU %6.1f s  heap %5.0f MB%s",
                m.path(), m.orders(), m.concurrency(), m.ordersPerSecond(), m.latency().p50(), m.latency().p99(), m.usage().cpuSeconds(),
                m.usage().maxHeapUsedMb(), m.complete() ? "" : "  INCOMPLETE: " + m.completed() + " of " + m.orders()
                        + (m.failed() > 0 ? ", " + m.failed() + " failed" : ""));
    }
}
