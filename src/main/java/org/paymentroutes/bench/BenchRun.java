package org.paymentroutes.bench;

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
        Measurement paced = null;
        EverifinBench.Result everifin = null;
        InFlightHeap.Result inFlight = null;
        try (LogLevels ignored = LogLevels.quiet(o.quietLogs())) {
            rows = LoadSweep.run(base, o, runId, dataRoot, progress);
            if (o.pacedRate() > 0 || o.everifinPayments() > 0 || o.inFlight() > 0) {
                progress.printf(Locale.ROOT, "== bundle with %d consumer(s): latency at a fixed rate, Everifin, heap in flight%n",
                        o.extrasConcurrency());
                try (BenchRig rig = BenchRig.start(base, dataRoot.resolve("extras"), o.extrasConcurrency(), o.keepData())) {
                    LoadSweep.warmUp(rig, o, runId + "-x", progress);
                    if (o.pacedRate() > 0 && o.pacedOrders() > 0) {
                        paced = FintectureBench.run(rig, "P-" + runId, o.pacedOrders(), o.pacedRate(), o.timeLimit());
                        progress.printf(Locale.ROOT, "   paced at %d orders/s: %s%n", o.pacedRate(), LoadSweep.line(paced));
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
