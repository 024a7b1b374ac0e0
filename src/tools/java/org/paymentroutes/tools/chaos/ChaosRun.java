package org.paymentroutes.tools.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.paymentroutes.broker.EmbeddedBroker;
import org.paymentroutes.sandbox.SandboxProfile;
import org.paymentroutes.sandbox.fintecture.FintectureSandbox;
import org.paymentroutes.sandbox.fintecture.SandboxSettings;
import org.paymentroutes.store.PaymentStatus;

/**
 * The chaos run: N orders through a bundle running as its own process, with the Fintecture sandbox
 * failing a share of the calls (500, 503, 429, slow answers, lost requests) and the bundle killed
 * with SIGKILL (kill -9) several times at random and restarted. The broker and the sandbox live in
 * this process, so they outlive the kills; the bundle's store is an H2 file in its data directory.
 *
 * <p>Then it counts what must be zero: orders lost (neither a final status, nor waiting for the
 * payer, nor parked in the DLQ with a reason), second payable sessions at the provider for one
 * order (a session the bundle cancelled after looking up a lost answer cannot be paid), and outcomes published twice for one change (replays of ERP duplicates are marked
 * {@code replay=true} and none are sent here); and, as a fourth, orders whose outcomes arrived out
 * of order (a status after one it cannot follow), which a crash could cause before the outbox held
 * an order's later messages back behind an earlier one still claimed.
 */
public final class ChaosRun {

    /** What the run found. */
    public record Result(int orders, int kills, int lost, int secondSessions, int duplicateOutcomes, int outOfOrder,
                         int finalOrWaiting, int parked, int cancelledSessions, Map<String, Integer> byStatus, long seconds) {
        public boolean clean() {
            return lost == 0 && secondSessions == 0 && duplicateOutcomes == 0 && outOfOrder == 0;
        }
    }

    /** Statuses an order may end the run in: final, or waiting for its payer (the sandbox scripts most to an end). */
    static final Set<String> SETTLED_ENOUGH = Set.of("ACTION_REQUIRED", "PENDING", "AUTHORIZED", "SETTLED", "FAILED", "EXPIRED", "REJECTED");

    private final int orders;
    private final int kills;
    private final double failureRate;
    private final double lostAnswers;
    private final Path dir;
    private final long seed;
    private final Consumer<String> log;
    private final ObjectMapper json = new ObjectMapper();

    public ChaosRun(int orders, int kills, double failureRate, Path dir, long seed, Consumer<String> log) {
        this(orders, kills, failureRate, 0, dir, seed, log);
    }

    /**
     * As above; besides, {@code lostAnswers} of the session creation calls create their session and
     * then lose the answer (held past the bundle's response timeout), which the bundle must settle
     * by looking the session up and cancelling it.
     */
    public ChaosRun(int orders, int kills, double failureRate, double lostAnswers, Path dir, long seed, Consumer<String> log) {
        this.orders = orders;
        this.kills = kills;
        this.failureRate = failureRate;
        this.lostAnswers = lostAnswers;
        // Absolute: the bundle process runs in a directory of its own, where a relative path would
        // name another place (the key file was looked for under bundle/target/chaos/...).
        this.dir = dir.toAbsolutePath().normalize();
        this.seed = seed;
        this.log = log;
    }

    public Result run(Duration settleTimeout) throws Exception {
        long started = System.currentTimeMillis();
        Files.createDirectories(dir);
        Random random = new Random(seed);
        int httpPort = freePort();
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1:0", dir.resolve("broker"));
             FintectureSandbox sandbox = new FintectureSandbox(SandboxSettings.demo().withPort(0)
                     .withWebhookUrl("http://127.0.0.1:" + httpPort + "/webhooks/fintecture")
                     .withWebhookRetryBase(Duration.ofMillis(500))
                     .withScriptedOutcomes(true)).start()) {
            Map<String, String> settings = new HashMap<>(SandboxProfile.fintecture(sandbox, dir.resolve("keys")));
            settings.put("payments.broker.url", broker.url());
            settings.put("payments.data-dir", dir.resolve("bundle").toString());
            settings.put("payments.http.port", String.valueOf(httpPort));
            int managementPort = freePort();
            settings.put("payments.management.port", String.valueOf(managementPort));
            settings.put("payments.fintecture.redirect-uri", "http://127.0.0.1:" + httpPort + "/callbacks/fintecture");
            settings.put("payments.fintecture.response-timeout", "2000");
            settings.put("payments.reconcile.cron", "0/2 * * * * ?");
            settings.put("payments.reconcile.min-interval", "2");
            settings.put("payments.reconcile.max-interval", "5");
            settings.put("payments.reconcile.batch-size", "500");
            // Random faults in a row open Fintecture's circuit now and then: probe each second, so that a
            // run is not paced by the production interval.
            settings.put("payments.fintecture.circuit.probe-interval", "1");
            sandbox.chaos(failureRate, Duration.ofMillis(800), Duration.ofSeconds(3), seed);
            sandbox.loseConnectAnswers(lostAnswers, Duration.ofSeconds(3), seed + 1);

            BundleProcess bundle = new BundleProcess(settings, dir.resolve("bundle"), dir.resolve("bundle.log"), managementPort);
            bundle.start();
            ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(broker.url());
            Map<String, List<String>> outcomes = new ConcurrentHashMap<>();
            Map<String, Integer> duplicates = new ConcurrentHashMap<>();
            AtomicBoolean listening = new AtomicBoolean(true);
            Thread reader = new Thread(() -> readOutcomes(cf, outcomes, duplicates, listening), "chaos-outcomes");
            reader.start();
            int done = 0;
            try (Connection c = cf.createConnection(); Session session = c.createSession(true, Session.SESSION_TRANSACTED)) {
                MessageProducer producer = session.createProducer(session.createQueue("payments.orders"));
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                List<Integer> killAt = new ArrayList<>();
                for (int k = 0; k < kills; k++) {
                    killAt.add(orders / (kills + 1) * (k + 1) + random.nextInt(Math.max(1, orders / (kills + 2))) - orders / (2 * (kills + 2)));
                }
                for (int i = 0; i < orders; i++) {
                    // Cents .01 to .04: the sandbox then accepts, refuses, expires or settles the payment by itself.
                    String amount = (10 + i % 90) + ".0" + (1 + i % 4);
                    TextMessage m = session.createTextMessage(order("CHAOS-" + i, amount));
                    m.setJMSCorrelationID("CHAOS-" + i);
                    producer.send(m);
                    if (i % 50 == 49) {
                        session.commit();
                    }
                    if (killAt.contains(i)) {
                        session.commit();
                        Thread.sleep(200 + random.nextInt(800));
                        log.accept("kill -9 of the bundle after " + (i + 1) + " orders sent");
                        bundle.kill();
                        bundle.start();
                        done++;
                    }
                }
                session.commit();
            }
            log.accept("all " + orders + " orders sent; waiting for them to settle (at most " + settleTimeout.toSeconds() + " s)");
            long deadline = System.currentTimeMillis() + settleTimeout.toMillis();
            while (System.currentTimeMillis() < deadline && settled(outcomes, parked(cf)) < orders) {
                Thread.sleep(2000);
            }
            sandbox.chaos(0, Duration.ZERO, Duration.ZERO, seed);
            sandbox.loseConnectAnswers(0, Duration.ZERO, seed);
            // A quiet moment for late duplicates to show up, if any.
            Thread.sleep(3000);
            listening.set(false);
            reader.join(5000);
            Set<String> parked = parked(cf);
            bundle.stop();

            Map<String, Integer> byStatus = new HashMap<>();
            int lost = 0;
            int ok = 0;
            for (int i = 0; i < orders; i++) {
                String id = "CHAOS-" + i;
                List<String> seen = outcomes.getOrDefault(id, List.of());
                String last = seen.isEmpty() ? "NONE" : seen.get(seen.size() - 1);
                byStatus.merge(last, 1, Integer::sum);
                if (seen.stream().anyMatch(SETTLED_ENOUGH::contains)) {
                    ok++;
                } else if (!parked.contains(id)) {
                    lost++;
                }
            }
            // A session the bundle cancelled (a lost answer it looked up) cannot be paid: only the
            // others count, and more than one of those for an order is a second payable session.
            int secondSessions = 0;
            int cancelled = 0;
            for (int i = 0; i < orders; i++) {
                int payable = sandbox.payableSessionsForState("CHAOS-" + i);
                cancelled += sandbox.sessionsForState("CHAOS-" + i) - payable;
                if (payable > 1) {
                    secondSessions++;
                    log.accept("second payable session for CHAOS-" + i);
                }
            }
            int dup = duplicates.values().stream().mapToInt(Integer::intValue).sum();
            int outOfOrder = 0;
            for (Map.Entry<String, List<String>> e : outcomes.entrySet()) {
                if (!inOrder(e.getValue())) {
                    outOfOrder++;
                    log.accept("outcomes out of order: " + e.getKey() + " " + e.getValue());
                }
            }
            return new Result(orders, done, lost, secondSessions, dup, outOfOrder, ok, parked.size(), cancelled, byStatus,
                    (System.currentTimeMillis() - started) / 1000);
        }
    }

    /** Orders past the payer's step (the sandbox scripts every payment to an end), or parked. */
    private int settled(Map<String, List<String>> outcomes, Set<String> parked) {
        int n = 0;
        for (Map.Entry<String, List<String>> e : outcomes.entrySet()) {
            if (parked.contains(e.getKey()) || e.getValue().stream().anyMatch(s -> !s.equals("RECEIVED") && !s.equals("ACTION_REQUIRED"))) {
                n++;
            }
        }
        return n;
    }

    /** Reads the outcome feed as an ERP would; a change published twice (same order, same status, not a replay) is counted. */
    private void readOutcomes(ActiveMQConnectionFactory cf, Map<String, List<String>> outcomes, Map<String, Integer> duplicates,
                              AtomicBoolean listening) {
        try (Connection c = cf.createConnection(); Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            c.start();
            MessageConsumer consumer = session.createConsumer(session.createQueue("payments.outcomes"));
            while (listening.get()) {
                Message m = consumer.receive(500);
                if (m == null) {
                    continue;
                }
                JsonNode o = json.readTree(((TextMessage) m).getText());
                if (m.propertyExists("replay") && m.getBooleanProperty("replay")) {
                    continue;
                }
                String id = o.path("orderId").asText();
                String status = o.path("status").asText();
                List<String> seen = outcomes.computeIfAbsent(id, k -> java.util.Collections.synchronizedList(new ArrayList<>()));
                if (seen.contains(status)) {
                    duplicates.merge(id, 1, Integer::sum);
                    log.accept("published twice: " + id + " " + status + " (seen " + seen + ", source " + o.path("source").asText() + ")");
                }
                seen.add(status);
            }
        } catch (Exception e) {
            log.accept("outcome reader stopped: " + e);
        }
    }

    /** Whether each outcome of an order is progress over the one received before it (as the store published them). */
    static boolean inOrder(List<String> statuses) {
        synchronized (statuses) {
            for (int i = 1; i < statuses.size(); i++) {
                if (!PaymentStatus.valueOf(statuses.get(i - 1)).canMoveTo(PaymentStatus.valueOf(statuses.get(i)))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Order ids in the DLQ: parked by the broker after its delivery attempts, for an operator. */
    private Set<String> parked(ActiveMQConnectionFactory cf) throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection c = cf.createConnection(); Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            var e = session.createBrowser(session.createQueue("DLQ")).getEnumeration();
            while (e.hasMoreElements()) {
                Message m = (Message) e.nextElement();
                if (m.getJMSCorrelationID() != null) {
                    ids.add(m.getJMSCorrelationID());
                }
            }
        }
        return ids;
    }

    static String order(String id, String amount) {
        return "{\"orderId\":\"" + id + "\",\"provider\":\"fintecture\",\"amount\":\"" + amount + "\",\"currency\":\"EUR\","
                + "\"payer\":{\"name\":\"Chaos Payer\"}}";
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
