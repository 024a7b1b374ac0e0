package org.paymentroutes.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.paymentroutes.logging.LogMasking;

/**
 * The answer of {@code /health}: Camel's health checks (the context, routes, consumers, and the
 * bundle's {@link ReadinessCheck}s), each named with its state. UP only while every check is.
 */
final class HealthReport {

    /** Which checks a request asks for. */
    enum Kind {
        ALL, LIVENESS, READINESS
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final boolean up;
    private final String json;

    private HealthReport(boolean up, String json) {
        this.up = up;
        this.json = json;
    }

    /**
     * Liveness runs its checks now (cheap: no probe of the broker or the store); readiness is the
     * latest of {@code readiness}' background runs. Call off an event loop all the same.
     */
    static HealthReport of(CamelContext camel, ReadinessSnapshot readiness, Kind kind, boolean withData) {
        Collection<HealthCheck.Result> results = switch (kind) {
            case LIVENESS -> HealthCheckHelper.invokeLiveness(camel);
            case READINESS -> readiness.results();
            case ALL -> both(HealthCheckHelper.invokeLiveness(camel), readiness.results());
        };
        return of(results, withData);
    }

    /** Every check once: a check of both kinds (the context's) is taken from the liveness run. */
    private static Collection<HealthCheck.Result> both(Collection<HealthCheck.Result> liveness, Collection<HealthCheck.Result> readiness) {
        Map<String, HealthCheck.Result> byId = new TreeMap<>();
        readiness.forEach(r -> byId.put(r.getCheck().getId(), r));
        liveness.forEach(r -> byId.put(r.getCheck().getId(), r));
        return byId.values();
    }

    static HealthReport of(Collection<HealthCheck.Result> results, boolean withData) {
        boolean up = !results.isEmpty() && results.stream().allMatch(r -> r.getState() == HealthCheck.State.UP);
        ObjectNode root = JSON.createObjectNode();
        root.put("status", up ? "UP" : "DOWN");
        ArrayNode checks = root.putArray("checks");
        List<HealthCheck.Result> sorted = results.stream().sorted(Comparator.comparing(r -> r.getCheck().getId())).toList();
        for (HealthCheck.Result result : sorted) {
            ObjectNode check = checks.addObject();
            check.put("name", result.getCheck().getId());
            check.put("status", result.getState().name());
            // Messages and details go through the log mask: a route's endpoint may carry credentials.
            result.getMessage().ifPresent(m -> check.put("message", LogMasking.mask(m)));
            if (withData && !result.getDetails().isEmpty()) {
                ObjectNode data = check.putObject("data");
                for (Map.Entry<String, Object> e : new TreeMap<>(result.getDetails()).entrySet()) {
                    data.put(e.getKey(), LogMasking.mask(String.valueOf(e.getValue())));
                }
            }
        }
        return new HealthReport(up, root.toPrettyString());
    }

    /** 200 while every check is UP, 503 otherwise. */
    int httpStatus() {
        return up ? 200 : 503;
    }

    String json() {
        return json;
    }
}
