package org.paymentroutes.tools.bench;

import java.util.Arrays;

/**
 * Latencies of one measurement (nanoseconds in, milliseconds out): p50/p95/p99 by nearest rank on the
 * sorted values, so a percentile is always a latency that was actually measured. Thread-safe.
 */
public final class Latencies {

    private long[] values = new long[1024];
    private int count;

    public synchronized void add(long nanos) {
        if (count == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[count++] = Math.max(0, nanos);
    }

    public synchronized int count() {
        return count;
    }

    /** The summary of what was added so far (all zero when nothing was). */
    public synchronized Summary summary() {
        long[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return new Summary(0, 0, 0, 0, 0, 0);
        }
        double sum = 0;
        for (long v : sorted) {
            sum += v;
        }
        return new Summary(sorted.length, ms(percentile(sorted, 50)), ms(percentile(sorted, 95)), ms(percentile(sorted, 99)),
                ms(sorted[sorted.length - 1]), ms((long) (sum / sorted.length)));
    }

    /** Nearest rank: the smallest value such that at least p percent of the values are at most it. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    /** Milliseconds. */
    public record Summary(int count, double p50, double p95, double p99, double max, double mean) {
    }
}
