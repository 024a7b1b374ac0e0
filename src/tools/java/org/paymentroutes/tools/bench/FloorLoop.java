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
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.paymentroutes.signing.HttpSigner;
import org.paymentroutes.signing.PemKeys;
import org.paymentroutes.store.PaymentStore;

/**
 * The floor: the least any implementation must do for one order, written as a plain Java loop with
 * no Camel, on the same broker, store and sandbox as the bundle. C threads each repeat: receive the
 * order (transacted JMS session, queue {@value #ORDERS}), build the Fintecture body, sign it
 * (HttpSigner, the same demo key), POST it with java.net.http to the sandbox's /pis/v2/connect (token
 * fetched once), insert a row (its own table {@value #TABLE}, in the bundle's store), send an outcome
 * ({@value #OUTCOMES}), commit. No idempotency check, no history, no outbox, no lease: the bundle's
 * throughput divided by this one is what those guarantees and Camel cost. To stay that bare, it
 * writes with plain JDBC on {@link PaymentStore#benchFloorConnection} connections, not through the store's methods.
 *
 * <p>The <em>durable</em> floor ({@code durable = true}) also does the durable work the bundle's
 * guarantees need, still as plain Java: before the call it stores the order as RECEIVED with its
 * JSON and an initiation mark, committed (so a crash can neither lose the order nor blindly resend
 * it); after the call it stores the session (a second commit); and it publishes what the bundle
 * publishes, the RECEIVED and ACTION_REQUIRED outcomes and the REDIRECT action, with the JMS commit.
 * The bundle's ratio to this one is what Camel, the outbox and the idempotency checks cost.
 */
public final class FloorLoop {

    static final String ORDERS = "bench.floor.orders";
    static final String OUTCOMES = "bench.floor.outcomes";
    static final String TABLE = "bench_floor_payment";
    static final String DURABLE_TABLE = "bench_floor_durable";
    static final String ACTIONS = "bench.floor.actions";

    private static final ObjectMapper JSON = new ObjectMapper();

    private FloorLoop() {
    }

    public static Measurement run(BenchRig rig, String tag, int orders, int threads, Duration limit) throws Exception {
        return run(rig, tag, orders, threads, limit, false);
    }

    /** The floor, or with {@code durable} the durable floor (see the class comment). */
    public static Measurement run(BenchRig rig, String tag, int orders, int threads, Duration limit, boolean durable) throws Exception {
        createTable(rig.store());
        String base = rig.settings().require("payments.fintecture.base-url");
        String appId = rig.settings().require("payments.fintecture.app-id");
        HttpSigner signer = new HttpSigner(appId, PemKeys.readPrivateKey(rig.privateKey()));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
        String token = token(http, base, appId, rig.settings().requireSecret("payments.fintecture.app-secret"));
        String redirectUri = rig.settings().require("payments.fintecture.redirect-uri");

        List<String> ids = FintectureBench.ids(tag, orders);
        Map<String, Long> submitted = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + limit.toNanos();
        int sessionsBefore = rig.fintecture().sessionsCreated();
        AtomicInteger processed = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        ResourceMeter meter = ResourceMeter.start();
        List<Thread> workers = new ArrayList<>();
        List<Exception> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        OutcomeCollector collector;
        OrderProducer producer;
        try {
            collector = new OutcomeCollector(rig.jms(), OUTCOMES, "ACTION_REQUIRED", FintectureBench.FAILING, submitted,
                    orders, deadline).start();
            for (int t = 0; t < threads; t++) {
                Worker w = new Worker(rig, http, signer, base, token, redirectUri, orders, processed, errors, deadline, failures, durable);
                Thread thread = new Thread(w, "floor-worker-" + (t + 1));
                thread.setDaemon(true);
                thread.start();
                workers.add(thread);
            }
            producer = new OrderProducer(rig.jms(), ORDERS, ids, FintectureBench::order, submitted, 0, deadline);
            try (QueueDrain actions = new QueueDrain(rig.jms(), ACTIONS, deadline).start()) {
                producer.start().join(limit.toMillis() + 2_000);
                collector.await();
            }
            for (Thread w : workers) {
                w.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000 + 2_000));
            }
        } finally {
            meter.close();
        }
        ResourceMeter.Usage usage = meter.stop();
        if (!failures.isEmpty()) {
            throw new IllegalStateException("the floor loop failed: " + failures.get(0), failures.get(0));
        }
        producer.throwIfFailed();
        return FintectureBench.result(durable ? "durable" : "floor", orders, threads, producer, collector, usage,
                rig.fintecture().sessionsCreated() - sessionsBefore);
    }

    /** One floor thread: its own JMS connection and transacted session; HTTP client and store shared. */
    private record Worker(BenchRig rig, HttpClient http, HttpSigner signer, String base, String token, String redirectUri, int orders,
                          AtomicInteger processed, AtomicInteger errors, long deadline, List<Exception> failures, boolean durable)
            implements Runnable {

        @Override
        public void run() {
            try (Connection connection = rig.jms().createConnection()) {
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageConsumer consumer = session.createConsumer(session.createQueue(ORDERS));
                MessageProducer outcomes = session.createProducer(null);
                outcomes.setDeliveryMode(DeliveryMode.PERSISTENT);
                connection.start();
                while (processed.get() < orders && System.nanoTime() < deadline) {
                    Message m = consumer.receive(100);
                    if (m == null) {
                        continue;
                    }
                    if (handle(session, outcomes, (TextMessage) m)) {
                        session.commit();
                        processed.incrementAndGet();
                    } else {
                        session.rollback();
                        if (errors.incrementAndGet() > 10) {
                            throw new IllegalStateException("the sandbox refused more than 10 floor requests");
                        }
                    }
                }
            } catch (Exception e) {
                failures.add(e);
            }
        }

        private boolean handle(Session session, MessageProducer outcomes, TextMessage m) throws Exception {
            String text = m.getText();
            JsonNode order = JSON.readTree(text);
            String orderId = order.path("orderId").asText();
            OffsetDateTime received = OffsetDateTime.now(ZoneOffset.UTC);
            if (durable) {
                // RECEIVED, with the order and the initiation mark, committed before the call.
                try (java.sql.Connection c = rig.store().benchFloorConnection();
                     PreparedStatement ps = c.prepareStatement("INSERT INTO " + DURABLE_TABLE + " (order_id, status, amount, currency, "
                             + "order_json, initiation_started_at, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)")) {
                    ps.setString(1, orderId);
                    ps.setString(2, "RECEIVED");
                    ps.setBigDecimal(3, new BigDecimal(order.path("amount").asText()));
                    ps.setString(4, order.path("currency").asText());
                    ps.setString(5, text);
                    ps.setObject(6, received);
                    ps.setObject(7, received);
                    ps.setObject(8, received);
                    ps.executeUpdate();
                }
            }
            byte[] body = connectBody(order);
            String target = "/pis/v2/connect?redirect_uri=" + enc(redirectUri) + "&state=" + enc(orderId);
            HttpSigner.SignedHeaders h = signer.sign("POST", target, body);
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + target))
                    .timeout(Duration.ofSeconds(15))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .header("Date", h.date())
                    .header("X-Request-ID", h.requestId())
                    .header("Digest", h.digest())
                    .header("Signature", h.signature())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                return false;
            }
            JsonNode meta = JSON.readTree(response.body()).path("meta");
            String sessionId = meta.path("session_id").asText();
            String url = meta.path("url").asText();
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            if (durable) {
                store("UPDATE " + DURABLE_TABLE + " SET status = ?, session_id = ?, connect_url = ?, initiation_started_at = NULL, "
                        + "updated_at = ? WHERE order_id = ?", "ACTION_REQUIRED", sessionId, url, now, orderId);
                send(session, outcomes, OUTCOMES, orderId, outcome(order, orderId, null, "RECEIVED", null, "intake", received));
            } else {
                store("INSERT INTO " + TABLE + " (status, session_id, connect_url, created_at, order_id, amount, currency) "
                        + "VALUES (?,?,?,?,?,?,?)", "ACTION_REQUIRED", sessionId, url, now, orderId,
                        new BigDecimal(order.path("amount").asText()), order.path("currency").asText());
            }
            send(session, outcomes, OUTCOMES, orderId, outcome(order, orderId, sessionId, "ACTION_REQUIRED", "session_initiated", "initiation", now));
            if (durable) {
                send(session, outcomes, ACTIONS, orderId, JSON.createObjectNode().put("schemaVersion", 1).put("orderId", orderId)
                        .put("type", "REDIRECT").put("url", url).toString());
            }
            return true;
        }

        private void store(String sql, Object... values) throws SQLException {
            try (java.sql.Connection c = rig.store().benchFloorConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < values.length; i++) {
                    ps.setObject(i + 1, values[i]);
                }
                ps.executeUpdate();
            }
        }

        private static String outcome(JsonNode order, String orderId, String sessionId, String status, String providerStatus, String source,
                                      OffsetDateTime at) {
            return JSON.createObjectNode().put("schemaVersion", 1).put("orderId", orderId).put("provider", "fintecture")
                    .put("providerPaymentId", sessionId).put("status", status).put("providerStatus", providerStatus)
                    .put("amount", order.path("amount").asText()).put("currency", order.path("currency").asText())
                    .put("source", source).put("occurredAt", at.toString()).toString();
        }

        private static void send(Session session, MessageProducer producer, String queue, String orderId, String body) throws Exception {
            TextMessage out = session.createTextMessage(body);
            out.setJMSCorrelationID(orderId);
            producer.send(session.createQueue(queue), out);
        }
    }

    /** The same JSON:API body the bundle sends for an order. */
    static byte[] connectBody(JsonNode order) throws Exception {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode meta = root.putObject("meta");
        JsonNode payer = order.path("payer");
        for (String[] f : new String[][] {{"name", "psu_name"}, {"company", "psu_company"}, {"email", "psu_email"}}) {
            if (payer.hasNonNull(f[0])) {
                meta.put(f[1], payer.get(f[0]).asText());
            }
        }
        if (payer.has("address")) {
            meta.set("psu_address", payer.get("address"));
        }
        ObjectNode attributes = root.putObject("data").put("type", "payments").putObject("attributes");
        attributes.put("amount", order.path("amount").asText());
        attributes.put("currency", order.path("currency").asText());
        attributes.put("communication", order.path("communication").asText(order.path("orderId").asText()));
        return JSON.writeValueAsBytes(root);
    }

    /** The client-credentials token, fetched once for the whole run. */
    static String token(HttpClient http, String base, String appId, String appSecret) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/oauth/accesstoken"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((appId + ":" + appSecret).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&app_id=" + enc(appId) + "&scope=PIS")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("the sandbox refused the floor's token request: HTTP " + r.statusCode());
        }
        return JSON.readTree(r.body()).path("access_token").asText();
    }

    /** The floor's own table in the bundle's store (created once; its rows never collide with the bundle's). */
    static void createTable(PaymentStore store) throws SQLException {
        try (java.sql.Connection c = store.benchFloorConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (order_id VARCHAR(100) PRIMARY KEY, session_id VARCHAR(100) NOT NULL, "
                    + "amount DECIMAL(18,2) NOT NULL, currency CHAR(3) NOT NULL, status VARCHAR(20) NOT NULL, connect_url VARCHAR(500), "
                    + "created_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            st.execute("CREATE TABLE IF NOT EXISTS " + DURABLE_TABLE + " (order_id VARCHAR(100) PRIMARY KEY, status VARCHAR(20) NOT NULL, "
                    + "session_id VARCHAR(100), amount DECIMAL(18,2) NOT NULL, currency CHAR(3) NOT NULL, order_json TEXT NOT NULL, "
                    + "connect_url VARCHAR(500), initiation_started_at TIMESTAMP WITH TIME ZONE, created_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                    + "updated_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
