package org.paymentroutes.app;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.paymentroutes.provider.ProviderCircuit;

/**
 * Readiness of one provider ({@code circuit-<provider>}): DOWN while its circuit breaker is open, so
 * an operator (or an orchestrator) sees which provider is out and that its orders are waiting. Not a
 * liveness check: restarting the bundle does not bring a provider back.
 */
final class CircuitCheck extends AbstractHealthCheck {

    private final ProviderCircuit circuit;

    CircuitCheck(ProviderCircuit circuit) {
        super("payments", "circuit-" + circuit.provider());
        this.circuit = circuit;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        ProviderCircuit.Snapshot s = circuit.snapshot();
        builder.detail("state", s.state().name());
        if (s.state() == ProviderCircuit.State.CLOSED) {
            builder.up();
            return;
        }
        builder.detail("openedAt", String.valueOf(s.openedAt()));
        builder.detail("nextProbe", String.valueOf(s.nextProbe()));
        builder.down().message(circuit.provider() + " circuit open since " + s.openedAt() + " (" + s.reason() + "); "
                + (s.holding() ? "orders wait on the broker" : "longer than the max outage: orders are consumed and may reach DLQ")
                + "; next probe at " + s.nextProbe());
    }
}
