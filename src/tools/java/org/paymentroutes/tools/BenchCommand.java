package org.paymentroutes.tools;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.paymentroutes.tools.bench.BenchOptions;
import org.paymentroutes.tools.bench.BenchReport;
import org.paymentroutes.tools.bench.BenchRun;
import org.paymentroutes.tools.bench.ReportWriter;
import org.paymentroutes.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure throughput, latency, CPU and heap, all in this JVM on 127.0.0.1: the sandboxes, and a fresh bundle"
                + " (embedded persistent broker, store under --dir) per consumer concurrency.",
                "Reports side by side: Fintecture initiation end to end (orders/s, p50/p95/p99, CPU s, max heap); the floor (a plain"
                        + " Java loop on the same broker, store and sandbox) and the bundle's ratio to it; latency at a fixed offered rate;"
                        + " Everifin process calls/s through a multi-step bank; the heap with N payments in flight.",
                "Writes results.md, results.json and throughput.png to --out and prints the table. Every loop is bounded by a count"
                        + " and --time-limit."})
final class BenchCommand implements Callable<Integer> {

    @ParentCommand
    ToolsCli parent;

    @Option(names = "--orders", split = ",", splitSynopsisLabel = ",", paramLabel = "N",
            description = "Orders per measurement (default 500; with --sweep 100,500,2000; with --full 100,500,1000,2000,5000).")
    List<Integer> orders;

    @Option(names = "--concurrency", split = ",", splitSynopsisLabel = ",", paramLabel = "C",
            description = "Bundle consumers (payments.broker.consumers) and floor threads, a fresh bundle each (default 4;"
                    + " with --sweep 1,4,8; with --full 1,2,4,8,16).")
    List<Integer> concurrency;

    @Option(names = "--sweep", description = "Run the load sweep: every order count against every concurrency.")
    boolean sweep;

    @Option(names = "--full", description = "The full sweep (implies --sweep), 10,000 in flight, 300 Everifin payments.")
    boolean full;

    @Option(names = "--in-flight", paramLabel = "N",
            description = "Orders in flight for the heap measurement (default 2000; with --full 10000; 0 = skip).")
    Integer inFlight;

    @Option(names = "--everifin", paramLabel = "N",
            description = "Everifin payments through the credentials-otp bank (default 100; with --full 300; 0 = skip).")
    Integer everifin;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "500",
            description = "Offered orders/s of the latency measurement (default ${DEFAULT-VALUE}; 0 = skip).")
    int rate;

    @Option(names = "--paced-orders", paramLabel = "N", description = "Orders of the latency measurement (default: 4 s worth at --rate).")
    Integer pacedOrders;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "3000",
            description = "Orders through a first, unmeasured bundle (and half as many through the floor) to warm the JIT compiler up"
                    + " (default ${DEFAULT-VALUE}); each measured bundle then gets at most 300.")
    int warmup;

    @Option(names = "--time-limit", paramLabel = "S", defaultValue = "180",
            description = "Seconds any one measurement may take; it then reports what it got (default ${DEFAULT-VALUE}).")
    int timeLimit;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/bench", description = "Where the results go (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Where each bundle's broker journal and H2 store go (default: OUT/data; deleted afterwards unless --keep-data).")
    Path dir;

    @Option(names = "--keep-data", description = "Keep the bundles' data after the run.")
    boolean keepData;

    @Option(names = "--logs", description = "Keep the bundle's INFO log lines (one per order and step) while measuring (default: WARN).")
    boolean logs;

    @Override
    public Integer call() throws Exception {
        System.setProperty("java.awt.headless", "true");
        org.paymentroutes.tools.bench.BenchRig.noNagle();
        Settings settings = parent.settings();
        boolean sweeping = sweep || full;
        List<Integer> orderCounts = orders != null ? orders
                : full ? BenchOptions.FULL_ORDERS : sweeping ? BenchOptions.QUICK_ORDERS : List.of(500);
        List<Integer> concurrencies = concurrency != null ? concurrency
                : full ? BenchOptions.FULL_CONCURRENCY : sweeping ? BenchOptions.QUICK_CONCURRENCY : List.of(4);
        int extras = sweeping ? settings.integer("payments.broker.consumers", 1, 64) : concurrencies.get(0);
        BenchOptions options;
        try {
            options = new BenchOptions(orderCounts, concurrencies, warmup, extras, rate,
                    pacedOrders != null ? pacedOrders : Math.max(1, rate * 4),
                    everifin != null ? everifin : full ? 300 : 100,
                    inFlight != null ? inFlight : full ? 10_000 : 2_000,
                    Duration.ofSeconds(timeLimit), out, dir != null ? dir : out.resolve("data"), keepData, !logs);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            return 2;
        }
        BenchReport report = BenchRun.run(settings, options, System.out);
        ReportWriter.write(report, out);
        System.out.println();
        System.out.println("Machine: " + report.machine().describe());
        System.out.println();
        System.out.print(ReportWriter.table(report.rows()));
        System.out.println();
        for (BenchReport.Target t : report.targets()) {
            System.out.println("  " + (t.met() == null ? "[?]  " : t.met() ? "[met]" : "[NOT]") + " " + t.target() + ": " + t.measured());
        }
        System.out.println();
        System.out.println("Written: " + out.resolve(ReportWriter.MARKDOWN) + ", " + out.resolve(ReportWriter.JSON) + ", "
                + out.resolve(ReportWriter.PNG));
        return 0;
    }
}
