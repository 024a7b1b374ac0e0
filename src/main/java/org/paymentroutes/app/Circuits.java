package org.paymentroutes.app;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.paymentroutes.config.Settings;
import org.paymentroutes.provider.CircuitPolicy;
import org.paymentroutes.provider.ProviderCircuit;
import org.paymentroutes.provider.ProviderProbe;

/**
 * One circuit breaker per provider (docs/architecture.md#provider-outages): the route policy its
 * queue-consuming routes name ({@code <provider>Circuit}), its readiness check
 * ({@code circuit-<provider>}), and its probe, a status GET of a payment id nobody has.
 */
final class Circuits {

    /** The provider's status GET (as its status fetch sends it) of an id no payment has. */
    private static final Map<String, String> PROBE_PATHS = Map.of(
            "fintecture", "/pis/v2/payments/circuit-probe",
            "everifin", "/v1/payments/single/circuit-probe");

    private final Map<String, CircuitPolicy> policies = new LinkedHashMap<>();

    private Circuits() {
    }

    /** Reads the settings and binds each provider's policy and readiness check; before Camel starts. */
    static Circuits bind(Main main, Settings settings) {
        Circuits circuits = new Circuits();
        for (String provider : new String[] {"fintecture", "everifin"}) {
            String prefix = "payments." + provider + ".";
            ProviderCircuit circuit = new ProviderCircuit(provider,
                    settings.integer(prefix + "circuit.failures", 1, 1000),
                    Duration.ofSeconds(settings.integer(prefix + "circuit.probe-interval", 1, 3600)),
                    Duration.ofSeconds(settings.integer(prefix + "max-outage", 0, 30 * 86_400)),
                    Clock.systemUTC());
            CircuitPolicy policy = new CircuitPolicy(circuit, Clock.systemUTC());
            main.bind(provider + "Circuit", policy);
            main.bind(provider + "CircuitReadiness", new CircuitCheck(circuit));
            circuits.policies.put(provider, policy);
        }
        return circuits;
    }

    /**
     * The probes call routes: given once Camel runs. Then, if a Micrometer registry is bound (the one
     * behind /metrics), a gauge per provider: {@code payments_circuit_open{provider="..."}}, 1 while open.
     */
    void start(CamelContext camel) {
        MeterRegistry meters = camel.getRegistry().findSingleByType(MeterRegistry.class);
        policies.forEach((provider, policy) -> {
            policy.setProbe(new ProviderProbe(camel.createProducerTemplate(), provider, PROBE_PATHS.get(provider), Clock.systemUTC()));
            if (meters != null) {
                Gauge.builder("payments.circuit.open", policy.circuit(), ProviderCircuit::openGauge).strongReference(true)
                        .tag("provider", provider).description("1 while the provider's circuit breaker is open").register(meters);
            }
        });
    }
}
