package org.paymentroutes.app;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A readiness check of something the bundle cannot work without (the broker, the store): DOWN while
 * the probe fails, so a load balancer or orchestrator stops sending work until it is back. Not a
 * liveness check: restarting the bundle does not bring a broker back. The answer names the check
 * and the kind of failure only, never a URL, user or message that might carry one.
 */
final class ReadinessCheck extends AbstractHealthCheck {

    /** Touches the dependency; throws when it cannot be reached. */
    @FunctionalInterface
    interface Probe {
        void probe() throws Exception;
    }

    private final Probe probe;

    ReadinessCheck(String id, Probe probe) {
        super("payments", id);
        this.probe = probe;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            probe.probe();
            builder.up();
        } catch (Exception e) {
            builder.down().message(getId() + " unreachable (" + e.getClass().getSimpleName() + ")");
        }
    }
}
