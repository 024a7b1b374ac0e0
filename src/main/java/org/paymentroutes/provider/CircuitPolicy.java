package org.paymentroutes.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes that consume one provider's queues share this policy (their {@code routePolicyRef} in the YAML):
 * it feeds each finished exchange to the provider's {@link ProviderCircuit}; when the circuit opens
 * it suspends those routes' consumers, so their messages wait on the broker instead of burning
 * their redelivery budget, probes the provider, and resumes the consumers when it answers.
 *
 * <p>Suspending and probing happen on the policy's own thread: never on a consumer's thread, which
 * may be the one whose exchange opened the circuit. Logs one line when the circuit opens and one when
 * it closes (and one if an outage outlasts the max outage).
 */
public final class CircuitPolicy extends RoutePolicySupport {

    private static final Logger LOG = LoggerFactory.getLogger(CircuitPolicy.class);

    /** Asks the provider something cheap: empty when it answered, else the outage met. */
    @FunctionalInterface
    public interface Probe {
        Optional<Outage> call();
    }

    private final ProviderCircuit circuit;
    private final Clock clock;
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler;
    private volatile Probe probe;
    /** Only touched on the scheduler thread. */
    private boolean suspended;

    public CircuitPolicy(ProviderCircuit circuit, Clock clock) {
        this.circuit = circuit;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "circuit-" + circuit.provider());
            t.setDaemon(true);
            return t;
        });
    }

    /** Set once Camel runs (the probe calls a route). Until then an open circuit waits for it. */
    public void setProbe(Probe probe) {
        this.probe = probe;
    }

    public ProviderCircuit circuit() {
        return circuit;
    }

    @Override
    public void onInit(Route route) {
        routes.add(route);
    }

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        if (exchange.getProperty(org.paymentroutes.routes.ExchangeKeys.CIRCUIT_PROBE, false, Boolean.class)) {
            return;
        }
        Optional<Outage> outage = Outage.of(exchange, clock.instant());
        if (outage.isPresent()) {
            if (circuit.failed(outage.get().why(), outage.get().retryAfter())) {
                LOG.warn("{} circuit OPEN after repeated outages (last: {}): its queues ({}) are not consumed, orders wait on the broker;"
                        + " probing from {}, for at most {}", circuit.provider(), outage.get().why(), routeIds(), circuit.nextProbe(),
                        circuit.maxOutage());
                scheduler.execute(this::holdConsumers);
                scheduleProbe();
            }
        } else if (Outage.answered(exchange)) {
            circuit.answered();
        }
    }

    @Override
    protected void doStop() {
        scheduler.shutdownNow();
    }

    private void scheduleProbe() {
        Instant at = circuit.nextProbe();
        long delay = at == null ? 0 : Math.max(0, Duration.between(clock.instant(), at).toMillis());
        scheduler.schedule(this::probe, delay, TimeUnit.MILLISECONDS);
    }

    /** Runs on the scheduler thread only. */
    private void probe() {
        if (!circuit.isOpen()) {
            return;
        }
        if (!circuit.holding() && suspended) {
            LOG.warn("{} outage longer than {}: its queues are consumed again, so failing orders now use their redelivery budget"
                    + " and go to DLQ; the circuit stays open and probing", circuit.provider(), circuit.maxOutage());
            releaseConsumers();
        }
        Probe current = probe;
        Optional<Outage> outage;
        try {
            outage = current == null ? Optional.of(new Outage("not started", Optional.empty())) : current.call();
        } catch (RuntimeException e) {
            outage = Optional.of(new Outage(e.getClass().getSimpleName(), Optional.empty()));
        }
        if (outage.isPresent()) {
            circuit.probeFailed(outage.get().why(), outage.get().retryAfter());
            scheduleProbe();
            return;
        }
        Duration open = circuit.probeAnswered();
        releaseConsumers();
        LOG.info("{} circuit CLOSED: the provider answered after {}s; its queues are consumed again", circuit.provider(), open.toSeconds());
    }

    private void holdConsumers() {
        if (suspended || !circuit.holding()) {
            return;
        }
        forEachConsumer("suspend", this::suspendOrStopConsumer);
        suspended = true;
    }

    private void releaseConsumers() {
        if (!suspended) {
            return;
        }
        forEachConsumer("resume", this::resumeOrStartConsumer);
        suspended = false;
    }

    private interface ConsumerAction {
        void apply(Consumer consumer) throws Exception;
    }

    /** One route's failure does not keep the others held (or unheld); it is logged. */
    private void forEachConsumer(String verb, ConsumerAction action) {
        for (Route route : routes) {
            try {
                action.apply(route.getConsumer());
            } catch (Exception e) {
                LOG.warn("{} circuit: could not {} route {} ({})", circuit.provider(), verb, route.getRouteId(), e.toString());
            }
        }
    }

    private List<String> routeIds() {
        return routes.stream().map(Route::getRouteId).toList();
    }
}
