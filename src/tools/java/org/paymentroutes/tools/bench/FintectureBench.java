package org.paymentroutes.tools.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fintecture initiation end to end through the bundle: N orders (persistent JMS, from the producer's
 * own thread) on the orders queue → intake, store, token, signing, HTTP to the sandbox (which checks
 * every signature) → the ACTION_REQUIRED outcome on the outcomes queue. The REDIRECT actions are
 * drained meanwhile, as the ERP would take them.
 */
public final class FintectureBench {

    static final Set<String> FAILING = Set.of("FAILED", "REJECTED", "EXPIRED");

    private FintectureBench() {
    }

    /** Orders {@code <tag>-000001 ...}; {@code rate} 0 = a burst, otherwise the offered orders/s. */
    public static Measurement run(BenchRig rig, String tag, int orders, double rate, Duration limit) throws Exception {
        var s = rig.settings();
        List<String> ids = ids(tag, orders);
        Map<String, Long> submitted = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + limit.toNanos();
        int sessionsBefore = rig.fintecture().sessionsCreated();
        ResourceMeter meter = ResourceMeter.start();
        OutcomeCollector collector;
        OrderProducer producer;
        try {
            try (QueueDrain actions = new QueueDrain(rig.jms(), s.require("payments.queue.actions"), deadline).start()) {
                collector = new OutcomeCollector(rig.jms(), s.require("payments.queue.outcomes"), "ACTION_REQUIRED", FAILING, submitted,
                        orders, deadline).start();
                producer = new OrderProducer(rig.jms(), s.require("payments.queue.orders"), ids, FintectureBench::order, submitted, rate,
                        deadline);
                producer.start().join(limit.toMillis() + 2_000);
                producer.throwIfFailed();
                collector.await();
            }
        } finally {
            meter.close();
        }
        ResourceMeter.Usage usage = meter.stop();
        collector.throwIfFailed();
        return result("bundle", orders, rig.consumers(), producer, collector, usage,
                rig.fintecture().sessionsCreated() - sessionsBefore);
    }

    static Measurement result(String path, int orders, int concurrency, OrderProducer producer, OutcomeCollector collector,
                              ResourceMeter.Usage usage, int providerCalls) {
        double seconds = collector.completed() + collector.failed() == 0 || producer.firstNanos() == 0 ? 0
                : (collector.lastNanos() - producer.firstNanos()) / 1e9;
        double rate = seconds <= 0 ? 0 : collector.completed() / seconds;
        return new Measurement(path, orders, concurrency, producer.sent(), collector.completed(), collector.failed(), seconds, rate,
                collector.latencies().summary(), usage, providerCalls);
    }

    static List<String> ids(String tag, int orders) {
        List<String> ids = new ArrayList<>(orders);
        for (int i = 1; i <= orders; i++) {
            ids.add(String.format("%s-%06d", tag, i));
        }
        return ids;
    }

    /** A valid Fintecture order, as the ERP would send it (the shape of samples/order-fintecture.json). */
    static String order(String orderId) {
        return """
                {"schemaVersion": 1, "orderId": "%s", "provider": "fintecture", "amount": "273.00", "currency": "EUR",
                 "communication": "INV-%s", "redirectUri": "https://erp.example/payments/return",
                 "payer": {"name": "Zoë Lefèbre", "email": "zoe@example.com", "company": "ACME SAS",
                  "address": {"street": "rue Marie Stuart", "number": "2", "zip": "75002", "city": "PARIS", "country": "FR"}}}
                """.formatted(orderId, orderId);
    }
}
