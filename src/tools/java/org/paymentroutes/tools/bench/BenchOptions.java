package org.paymentroutes.tools.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What one bench run measures.
 *
 * @param orders           order counts of the Fintecture measurements (each against each concurrency)
 * @param concurrencies    bundle consumer concurrencies (payments.broker.consumers; a fresh bundle each), also the floor's threads
 * @param warmup           orders through a first, unmeasured bundle (half as many through the floor) to warm the JVM up;
 *                         each measured bundle gets at most {@link LoadSweep#LATER_WARMUP} more
 * @param extrasConcurrency consumers of the bundle for the paced, Everifin and in-flight measurements
 * @param pacedRate        offered orders/s of the latency measurement; 0 = none
 * @param pacedOrders      orders of the latency measurement
 * @param everifinPayments Everifin payments through the multi-step bank; 0 = none
 * @param inFlight         orders in flight for the heap measurement; 0 = none
 * @param timeLimit        the most any one measurement may take (each loop ends then, and reports what it got)
 * @param out              where results.md, results.json and throughput.png go
 * @param dataDir          where each bundle's broker journal and H2 store go (deleted after each bundle unless keepData)
 * @param quietLogs        turn the bundle's per-order INFO log lines down to WARN while measuring
 */
public record BenchOptions(List<Integer> orders, List<Integer> concurrencies, int warmup, int extrasConcurrency, int pacedRate,
                           int pacedOrders, int everifinPayments, int inFlight, Duration timeLimit, Path out, Path dataDir,
                           boolean keepData, boolean quietLogs) {

    public static final List<Integer> QUICK_ORDERS = List.of(100, 500, 2000);
    public static final List<Integer> QUICK_CONCURRENCY = List.of(1, 4, 8);
    public static final List<Integer> FULL_ORDERS = List.of(100, 500, 1000, 2000, 5000);
    public static final List<Integer> FULL_CONCURRENCY = List.of(1, 2, 4, 8, 16);

    public BenchOptions {
        orders = List.copyOf(orders);
        concurrencies = List.copyOf(concurrencies);
        if (orders.isEmpty() || concurrencies.isEmpty()) {
            throw new IllegalArgumentException("at least one order count and one concurrency");
        }
        for (int n : orders) {
            if (n < 1 || n > 100_000) {
                throw new IllegalArgumentException("--orders: each between 1 and 100000, was " + n);
            }
        }
        for (int c : concurrencies) {
            if (c < 1 || c > 64) {
                throw new IllegalArgumentException("--concurrency: each between 1 and 64, was " + c);
            }
        }
        if (extrasConcurrency < 1 || extrasConcurrency > 64) {
            throw new IllegalArgumentException("concurrency between 1 and 64, was " + extrasConcurrency);
        }
        if (warmup < 0 || pacedRate < 0 || pacedOrders < 0 || everifinPayments < 0 || inFlight < 0 || inFlight > 100_000) {
            throw new IllegalArgumentException("counts must be between 0 and 100000");
        }
        if (everifinPayments > EverifinBench.MAX_PAYMENTS) {
            throw new IllegalArgumentException("--everifin: at most " + EverifinBench.MAX_PAYMENTS);
        }
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("--time-limit must be positive");
        }
    }
}
