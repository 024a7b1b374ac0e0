package org.paymentroutes.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;

/**
 * Camel's exchanges per route (bound in Camel's registry, Camel applies it to every route):
 * {@code camel_exchanges_total}, {@code camel_exchanges_failed_total} and the processing time
 * {@code camel_exchange_processing_seconds}, each tagged with {@code routeId}. A route called from
 * another ({@code direct:}) counts the exchange too, for the time it spent in that route.
 */
public final class RouteMetrics implements RoutePolicyFactory {

    private final MeterRegistry registry;

    public RouteMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        return new Policy(registry, routeId);
    }

    private static final class Policy extends RoutePolicySupport {

        private final String startKey;
        private final Counter total;
        private final Counter failed;
        private final Timer processing;

        Policy(MeterRegistry registry, String routeId) {
            // Per route: an exchange passed on through direct: is in several routes at once.
            this.startKey = "paymentroutes.metrics.start." + routeId;
            this.total = Counter.builder("camel.exchanges").description("exchanges that completed a route, failed or not")
                    .tag("routeId", routeId).register(registry);
            this.failed = Counter.builder("camel.exchanges.failed").description("exchanges that ended a route with an exception")
                    .tag("routeId", routeId).register(registry);
            this.processing = Timer.builder("camel.exchange.processing").description("time an exchange spent in a route")
                    .tag("routeId", routeId).register(registry);
        }

        @Override
        public void onExchangeBegin(Route route, Exchange exchange) {
            exchange.setProperty(startKey, System.nanoTime());
        }

        @Override
        public void onExchangeDone(Route route, Exchange exchange) {
            Object start = exchange.removeProperty(startKey);
            if (start instanceof Long nanos) {
                processing.record(System.nanoTime() - nanos, TimeUnit.NANOSECONDS);
            }
            total.increment();
            if (exchange.isFailed()) {
                failed.increment();
            }
        }
    }
}
