package org.paymentroutes.bench;

/** One cell of the load sweep: the bundle and the floor with the same orders and concurrency, on the same rig. */
public record SweepRow(int orders, int concurrency, Measurement bundle, Measurement floor) {

    /** The bundle's orders/s as a fraction of the floor's (0 when the floor measured nothing). */
    public double ratio() {
        return floor == null || floor.ordersPerSecond() <= 0 ? 0 : bundle.ordersPerSecond() / floor.ordersPerSecond();
    }
}
