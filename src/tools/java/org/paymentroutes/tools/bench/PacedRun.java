package org.paymentroutes.tools.bench;

/** A Fintecture measurement with the producer paced at {@code offered} orders/s: latency at a given load, not under a burst. */
public record PacedRun(double offered, Measurement measurement) {

    /** True when the bundle kept up: every order answered, at (within 5 %) the offered rate. */
    public boolean keptUp() {
        return measurement.complete() && measurement.ordersPerSecond() >= 0.95 * offered;
    }
}
