package org.paymentroutes.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.paymentroutes.sandbox.everifin.BankProfiles;
import org.paymentroutes.sandbox.everifin.DemoPayer;
import org.paymentroutes.sandbox.common.RecordedRequest;

/**
 * Everifin's process loop under load, through the multi-step bank profile {@value #PROFILE}: per
 * payment one create and four process calls (PATCH), two of them carrying the payer's inputs
 * (credentials, then OTP, encrypted by the bundle). A front-end thread plays the ERP's web front end:
 * it reads the INPUT actions from the actions queue and sends the demo payer's answers to the inputs
 * queue. Counted: process calls (the PATCHes the sandbox recorded) per second and payments
 * (submit → AUTHORIZED) per second.
 */
public final class EverifinBench {

    static final String PROFILE = "credentials-otp";
    /** The sandbox journals the last 10,000 requests; 5 per payment plus tokens must fit. */
    static final int MAX_PAYMENTS = 1_500;

    private static final ObjectMapper JSON = new ObjectMapper();

    private EverifinBench() {
    }

    /**
     * @param payments     how many payments (at most {@value #MAX_PAYMENTS})
     * @param creates      create calls (POST) the sandbox received
     * @param processCalls process calls (PATCH) the sandbox received
     * @param inputAnswers answers the front end sent to the inputs queue
     */
    public record Result(int payments, int completed, int failed, double seconds, double paymentsPerSecond, int creates,
                         int processCalls, double processCallsPerSecond, int inputAnswers, Latencies.Summary latency,
                         ResourceMeter.Usage usage) {
    }

    public static Result run(BenchRig rig, String tag, int payments, Duration limit) throws Exception {
        if (payments > MAX_PAYMENTS) {
            throw new IllegalArgumentException("at most " + MAX_PAYMENTS + " Everifin payments per run (the sandbox's request journal)");
        }
        var s = rig.settings();
        List<String> ids = FintectureBench.ids(tag, payments);
        Map<String, Long> submitted = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + limit.toNanos();
        String senderIban = BankProfiles.exampleSenderIban(PROFILE);
        Instant from = Instant.now();
        ResourceMeter meter = ResourceMeter.start();
        FrontEnd frontEnd = new FrontEnd(rig, submitted, deadline);
        Thread frontEndThread = new Thread(frontEnd, "bench-frontend");
        OutcomeCollector collector;
        OrderProducer producer;
        try {
            frontEndThread.setDaemon(true);
            frontEndThread.start();
            collector = new OutcomeCollector(rig.jms(), s.require("payments.queue.outcomes"), "AUTHORIZED",
                    FintectureBench.FAILING, submitted, payments, deadline).start();
            producer = new OrderProducer(rig.jms(), s.require("payments.queue.orders"), ids, id -> order(id, senderIban),
                    submitted, 0, deadline);
            producer.start().join(limit.toMillis() + 2_000);
            collector.await();
        } finally {
            frontEnd.stop();
            frontEndThread.join(5_000);
            meter.close();
        }
        ResourceMeter.Usage usage = meter.stop();
        producer.throwIfFailed();
        collector.throwIfFailed();
        if (frontEnd.failure != null) {
            throw new IllegalStateException("the front end failed: " + frontEnd.failure, frontEnd.failure);
        }
        int creates = 0;
        int patches = 0;
        for (RecordedRequest r : rig.everifin().requests()) {
            if (r.receivedAt().isBefore(from) || !r.target().startsWith("/v1/payments/single")) {
                continue;
            }
            if (r.method().equals("PATCH")) {
                patches++;
            } else if (r.method().equals("POST")) {
                creates++;
            }
        }
        double seconds = producer.firstNanos() == 0 || collector.lastNanos() == 0 ? 0 : (collector.lastNanos() - producer.firstNanos()) / 1e9;
        return new Result(payments, collector.completed(), collector.failed(), seconds, seconds <= 0 ? 0 : collector.completed() / seconds,
                creates, patches, seconds <= 0 ? 0 : patches / seconds, frontEnd.answers, collector.latencies().summary(), usage);
    }

    static String order(String orderId, String senderIban) {
        return """
                {"orderId": "%s", "provider": "everifin", "amount": "120.50", "currency": "EUR", "communication": "INV-%s",
                 "payer": {"name": "Jana Nováková", "ip": "203.0.113.7", "iban": "%s",
                           "userAgent": "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"},
                 "beneficiary": {"name": "ACME s.r.o.", "iban": "SK3112000000198742637541"}}
                """.formatted(orderId, orderId, senderIban);
    }

    /** The ERP's front end: answers INPUT actions with the demo payer's values, follows a REDIRECT as the payer's browser. */
    private static final class FrontEnd implements Runnable {
        private final BenchRig rig;
        private final Map<String, Long> ours;
        private final long deadline;
        private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private volatile boolean running = true;
        volatile int answers;
        volatile Exception failure;

        FrontEnd(BenchRig rig, Map<String, Long> ours, long deadline) {
            this.rig = rig;
            this.ours = ours;
            this.deadline = deadline;
        }

        void stop() {
            running = false;
        }

        @Override
        public void run() {
            var s = rig.settings();
            try (Connection connection = rig.jms().createConnection()) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer actions = session.createConsumer(session.createQueue(s.require("payments.queue.actions")));
                MessageProducer inputs = session.createProducer(session.createQueue(s.require("payments.queue.inputs")));
                inputs.setDeliveryMode(DeliveryMode.PERSISTENT);
                connection.start();
                while (running && System.nanoTime() < deadline) {
                    Message m = actions.receive(100);
                    if (m == null || m.getJMSCorrelationID() == null || !ours.containsKey(m.getJMSCorrelationID())) {
                        continue;
                    }
                    JsonNode action = JSON.readTree(((TextMessage) m).getText());
                    String orderId = m.getJMSCorrelationID();
                    switch (action.path("type").asText()) {
                        case "INPUT" -> {
                            ObjectNode message = JSON.createObjectNode().put("orderId", orderId);
                            message.set("values", DemoPayer.answers(action));
                            TextMessage answer = session.createTextMessage(message.toString());
                            answer.setStringProperty("contentType", "application/json");
                            inputs.send(answer);
                            answers++;
                        }
                        case "REDIRECT" -> {
                            String back = rig.everifin().approveRedirect(action.path("providerPaymentId").asLong());
                            http.send(HttpRequest.newBuilder(URI.create(back)).timeout(Duration.ofSeconds(10)).GET().build(),
                                    HttpResponse.BodyHandlers.discarding());
                        }
                        default -> {
                            // WAIT_PUSH: the sandbox confirms by itself after a few polls
                        }
                    }
                }
            } catch (Exception e) {
                failure = e;
            }
        }
    }
}
