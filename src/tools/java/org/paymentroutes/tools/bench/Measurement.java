package org.paymentroutes.tools.bench;

/**
 * One measured run of N orders through one path (the bundle, or the floor).
 *
 * @param path           "bundle" or "floor"
 * @param orders         orders the run was asked for
 * @param sent           orders the producer sent within the time limit
 * @param completed      orders whose awaited outcome arrived
 * @param failed         orders that ended otherwise (a refusal, a failure)
 * @param seconds        first submit → last outcome
 * @param ordersPerSecond completed / seconds
 * @param latency        submit → outcome, per completed order
 * @param usage          what the process spent meanwhile
 * @param providerCalls  payment sessions the sandbox created meanwhile
 */
public record Measurement(String path, int orders, int concurrency, int sent, int completed, int failed, double seconds,
                          double ordersPerSecond, Latencies.Summary latency, ResourceMeter.Usage usage, int providerCalls) {

    /** True when every order came back as awaited within the time limit. */
    public boolean complete() {
        return completed == orders;
    }

    /** CPU milliseconds of the process per completed order. */
    public double cpuMsPerOrder() {
        return completed == 0 ? 0 : usage.cpuSeconds() * 1000 / completed;
    }
}
