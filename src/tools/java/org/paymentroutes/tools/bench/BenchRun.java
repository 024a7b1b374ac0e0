package org.paymentroutes.tools.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.paymentroutes.config.Settings;

/**
 * One bench run, all in this JVM: the load sweep (bundle and floor side by side on each fresh
 * bundle), then, on one more fresh bundle, latency at a fixed rate, the Everifin process loop and
 * the heap with payments in flight; then the report files.
 */
public final class BenchRun {

    private BenchRun() {
    }

    public static BenchReport run(Settings base, BenchOptions o, PrintStream progress) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Machine machine = Machine.current();
        long t0 = System.nanoTime();
        String startedAt = Instant.now().toString();
        String runId = "BENCH-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
        Path dataRoot = o.dataDir().resolve(runId).toAbsolutePath();
        progress.println("Machine: " + machine.describe());
        progress.println("Data: " + dataRoot + (o.keepData() ? " (kept)" : " (deleted after each bundle)"));
        List<SweepRow> rows;
        List<PacedRun> paced = new java.util.ArrayList<>();
        EverifinBench.Result everifin = null;
        InFlightHeap.Result inFlight = null;
        try (LogLevels ignored = LogLevels.quiet(o.quietLogs())) {
            rows = LoadSweep.run(base, o, runId, dataRoot, progress);
            if (o.pacedRate() > 0 || o.everifinPayments() > 0 || o.inFlight() > 0) {
                progress.printf(Locale.ROOT, "== bundle with %d consumer(s): latency at a fixed rate, Everifin, heap in flight%n",
                        o.extrasConcurrency());
                try (BenchRig rig = BenchRig.start(base, dataRoot.resolve("extras"), o.extrasConcurrency(), o.keepData())) {
                    LoadSweep.warmUp(rig, Math.min(o.warmup(), LoadSweep.LATER_WARMUP), o, runId + "-x", progress);
                    if (o.pacedRate() > 0 && o.pacedOrders() > 0) {
                        // The rate asked for, and a load the bundle can carry (half the best burst throughput measured above).
                        double best = rows.stream().mapToDouble(r -> r.bundle().ordersPerSecond()).max().orElse(0);
                        double sustainable = Math.max(1, Math.floor(best / 2 / 10) * 10);
                        List<Double> rates = new java.util.ArrayList<>(List.of((double) o.pacedRate()));
                        if (best > 0 && sustainable < o.pacedRate()) {
                            rates.add(0, sustainable);
                        }
                        int i = 0;
                        for (double rate : rates) {
                            // The same duration at each rate (at least 200 orders, for the percentiles).
                            int n = (int) Math.min(o.pacedOrders(), Math.max(200, Math.round(rate * o.pacedOrders() / o.pacedRate())));
                            Measurement m = FintectureBench.run(rig, "P" + (++i) + "-" + runId, n, rate, o.timeLimit());
                            paced.add(new PacedRun(rate, m));
                            progress.printf(Locale.ROOT, "   paced at %.0f orders/s: %s%n", rate, LoadSweep.line(m));
                        }
                    }
                    if (o.everifinPayments() > 0) {
                        everifin = EverifinBench.run(rig, "E-" + runId, o.everifinPayments(), o.timeLimit());
                        progress.printf(Locale.ROOT, "   everifin: %d payments, %d of them AUTHORIZED, %.1f process calls/s, %.1f payments/s%n",
                                everifin.payments(), everifin.completed(), everifin.processCallsPerSecond(), everifin.paymentsPerSecond());
                    }
                    if (o.inFlight() > 0) {
                        inFlight = InFlightHeap.run(rig, "H-" + runId, o.inFlight(), o.timeLimit());
                        progress.printf(Locale.ROOT, "   in flight: %d orders, live heap %.0f MB (before %.0f MB), max used %.0f MB, "
                                        + "drained at %.0f orders/s%n", inFlight.inFlight(), inFlight.liveInFlightMb(), inFlight.liveBeforeMb(),
                                inFlight.maxUsedMb(), inFlight.drainOrdersPerSecond());
                    }
                }
            }
        } finally {
            if (!o.keepData()) {
                BenchRig.deleteTree(dataRoot);
            }
        }
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("orders", o.orders());
        options.put("concurrency", o.concurrencies());
        options.put("warmup", o.warmup());
        options.put("pacedRate", o.pacedRate());
        options.put("pacedOrders", o.pacedOrders());
        options.put("everifin", o.everifinPayments());
        options.put("inFlight", o.inFlight());
        options.put("extrasConcurrency", o.extrasConcurrency());
        options.put("timeLimitSeconds", o.timeLimit().toSeconds());
        String store = base.get("payments.store.url");
        options.put("store", store == null ? "H2 file" : store.startsWith("jdbc:postgresql:") ? "PostgreSQL" : "H2 (payments.store.url)");
        return new BenchReport(startedAt, (System.nanoTime() - t0) / 1e9, machine, options, rows, paced, everifin, inFlight);
    }
}
