package org.paymentroutes.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The business meters (README, "Running in production", metrics). Counted where the event happens
 * once for every channel: the intake's decision, the store's transition, the provider-call route,
 * the token caches, the webhook check, Everifin's step loop, the reconciler.
 *
 * <p>On Micrometer's global registry, to which the running bundle adds its Prometheus registry
 * ({@link MetricsRegistry}): the classes that count are built by tests and tools without one, and
 * then count into nothing. Tag values are short, fixed words (never an order id or a URL's
 * variable part), so the number of series stays bounded.
 */
public final class PaymentMetrics {

    /** The step types Everifin names (everifin.EverifinSteps); any other is counted as {@code other}. */
    private static final Set<String> STEP_TYPES = new LinkedHashSet<>(List.of("REDIRECT", "INPUT", "PUSH"));
    /** A path segment that names one thing (an id, a token): replaced in the endpoint tag. */
    private static final Pattern VARIABLE_SEGMENT = Pattern.compile("(?=[^/]*[0-9])[^/]{6,}|[^/]{24,}");

    private PaymentMetrics() {
    }

    private static MeterRegistry registry() {
        return Metrics.globalRegistry;
    }

    /** An order the intake accepted for processing (new, duplicate, resumed...): {@code decision} in lower case. */
    public static void orderReceived(String provider, String decision) {
        Counter.builder("payments.orders.received").description("orders the intake accepted, by provider and decision")
                .tag("provider", tag(provider)).tag("decision", tag(decision)).register(registry()).increment();
    }

    /** An order the intake refused ({@code invalid}, {@code conflict}) or parked ({@code parked}). */
    public static void orderRefused(String reason) {
        orderRefusedCounter(reason).increment();
    }

    private static Counter orderRefusedCounter(String reason) {
        return Counter.builder("payments.orders.refused").description("orders the intake refused or parked, by reason")
                .tag("reason", tag(reason)).register(registry());
    }

    /** A payment's status changed (the store applied a transition). */
    public static void statusChanged(String provider, String status) {
        Counter.builder("payments.status.changes").description("payment status changes applied by the store")
                .tag("provider", tag(provider)).tag("status", tag(status)).register(registry()).increment();
    }

    /** One call to a provider's API, answered with {@code code} (0: no answer) after {@code took}. */
    public static void providerCall(String provider, String method, String path, int code, Duration took) {
        String endpoint = tag(method) + " " + endpoint(path);
        Counter.builder("payments.provider.calls").description("calls to the providers' APIs, by endpoint and HTTP code")
                .tag("provider", tag(provider)).tag("endpoint", endpoint).tag("code", String.valueOf(code)).register(registry()).increment();
        Timer.builder("payments.provider.call").description("time of a call to a provider's API (token and signature included)")
                .tag("provider", tag(provider)).tag("endpoint", endpoint).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5)).maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry()).record(took);
    }

    /** A provider's access token was fetched (none cached, due for renewal, or refused). */
    public static void tokenRenewed(String provider) {
        tokenRenewals(provider).increment();
    }

    private static Counter tokenRenewals(String provider) {
        return Counter.builder("payments.token.renewals").description("access tokens fetched from a provider")
                .tag("provider", tag(provider)).register(registry());
    }

    /** A webhook whose signature was checked: {@code verified} or refused. */
    public static void webhook(String provider, boolean verified) {
        webhooks(provider, verified).increment();
    }

    private static Counter webhooks(String provider, boolean verified) {
        return Counter.builder("payments.webhooks").description("webhooks received, verified or refused")
                .tag("provider", tag(provider)).tag("result", verified ? "verified" : "refused").register(registry());
    }

    /** One step of an Everifin payment process, by the step type Everifin answered (one it does not name: {@code other}). */
    public static void everifinStep(String type) {
        everifinSteps(STEP_TYPES.contains(type) ? type : "other").increment();
    }

    private static Counter everifinSteps(String type) {
        return Counter.builder("payments.everifin.steps").description("Everifin process steps, by type")
                .tag("type", tag(type)).register(registry());
    }

    /**
     * Registers the counters whose tags are known in advance at zero, so that every series exists
     * from the start (a rate over a series that appears with its first event misses that event).
     */
    static void initialize() {
        for (String reason : List.of("invalid", "conflict", "parked")) {
            orderRefusedCounter(reason);
        }
        for (String provider : List.of("fintecture", "everifin")) {
            tokenRenewals(provider);
        }
        for (boolean verified : new boolean[] {true, false}) {
            webhooks("fintecture", verified);
            reconcileChecks(verified);
        }
        for (String type : STEP_TYPES) {
            everifinSteps(type);
        }
        everifinSteps("other");
    }

    /** One reconciliation check of a payment: {@code changed} when it moved the payment's status. */
    public static void reconcileCheck(boolean changed) {
        reconcileChecks(changed).increment();
    }

    private static Counter reconcileChecks(boolean changed) {
        return Counter.builder("payments.reconcile.checks").description("reconciliation checks of payments, by result")
                .tag("result", changed ? "changed" : "unchanged").register(registry());
    }

    /** The path with its variable segments (ids, tokens) replaced by {@code {id}}, and no query. */
    static String endpoint(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        int query = path.indexOf('?');
        String p = query >= 0 ? path.substring(0, query) : path;
        StringBuilder out = new StringBuilder();
        for (String segment : p.split("/")) {
            if (!segment.isEmpty()) {
                out.append('/').append(VARIABLE_SEGMENT.matcher(segment).matches() ? "{id}" : segment);
            }
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    private static String tag(String value) {
        return value == null || value.isBlank() ? "none" : value.toLowerCase(Locale.ROOT);
    }
}
