package org.paymentroutes.tools.bench;

/**
 * One cell of the load sweep: the bundle, the floor and the durable floor (FloorLoop) with the same
 * orders and concurrency, on the same rig.
 */
public record SweepRow(int orders, int concurrency, Measurement bundle, Measurement floor, Measurement durableFloor) {

    /** The bundle's orders/s as a fraction of the floor's (0 when the floor measured nothing). */
    public double ratio() {
        return ratio(floor);
    }

    /** The bundle's orders/s as a fraction of the durable floor's: what Camel, the outbox and the checks cost. */
    public double durableRatio() {
        return ratio(durableFloor);
    }

    private double ratio(Measurement base) {
        return base == null || base.ordersPerSecond() <= 0 ? 0 : bundle.ordersPerSecond() / base.ordersPerSecond();
    }
}
