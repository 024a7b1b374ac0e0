package org.paymentroutes.tools.chaos;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.paymentroutes.broker.EmbeddedBroker;
import org.paymentroutes.sandbox.SandboxProfile;
import org.paymentroutes.sandbox.fintecture.FintectureSandbox;
import org.paymentroutes.sandbox.fintecture.SandboxSettings;

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

    private final int orders;
    private final int kills;
    private final double failureRate;
    private final double lostAnswers;
    private final Path dir;
    private final long seed;
    private final Consumer<String> log;

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
            int managementPort = freePort();
            Map<String, String> settings = bundleSettings(sandbox, broker, dir, httpPort, managementPort);
            sandbox.chaos(failureRate, Duration.ofMillis(800), Duration.ofSeconds(3), seed);
            sandbox.loseConnectAnswers(lostAnswers, Duration.ofSeconds(3), seed + 1);

            BundleProcess bundle = new BundleProcess(settings, dir.resolve("bundle"), dir.resolve("bundle.log"), managementPort);
            bundle.start();
            ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(broker.url());
            OutcomeLedger ledger = new OutcomeLedger(cf, log);
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
            log.accept("all " + orders + " orders sent after " + (System.currentTimeMillis() - started) / 1000
                    + " s; waiting for them to settle (at most " + settleTimeout.toSeconds() + " s)");
            long deadline = System.currentTimeMillis() + settleTimeout.toMillis();
            long nextProgress = System.currentTimeMillis() + 30_000;
            int settled;
            while ((settled = ledger.settled(OutcomeLedger.parked(cf))) < orders && System.currentTimeMillis() < deadline) {
                // A line every 30 s, so that a slow run says where it stands (and a stuck one, which orders).
                if (System.currentTimeMillis() >= nextProgress) {
                    log.accept(settled + " of " + orders + " orders settled after " + (System.currentTimeMillis() - started) / 1000 + " s");
                    nextProgress += 30_000;
                }
                Thread.sleep(2000);
            }
            log.accept(settled + " of " + orders + " orders settled after " + (System.currentTimeMillis() - started) / 1000 + " s");
            sandbox.chaos(0, Duration.ZERO, Duration.ZERO, seed);
            sandbox.loseConnectAnswers(0, Duration.ZERO, seed);
            // A quiet moment for late duplicates to show up, if any.
            Thread.sleep(3000);
            ledger.close();
            Set<String> parked = OutcomeLedger.parked(cf);
            bundle.stop();

            List<String> ids = java.util.stream.IntStream.range(0, orders).mapToObj(i -> "CHAOS-" + i).toList();
            OutcomeLedger.Counts counts = ledger.count(ids, parked);
            // A session the bundle cancelled (a lost answer it looked up), or one refused or expired,
            // cannot be paid: only the others count, and more than one of those for an order is a
            // second payable session.
            int secondSessions = 0;
            int cancelled = 0;
            for (String id : ids) {
                int payable = sandbox.payableSessionsForState(id);
                cancelled += sandbox.cancelledSessionsForState(id);
                if (payable > 1) {
                    secondSessions++;
                    log.accept("second payable session for " + id);
                }
            }
            return new Result(orders, done, counts.lost(), secondSessions, ledger.duplicates(), ledger.outOfOrder(),
                    counts.finalOrWaiting(), parked.size(), cancelled, counts.byStatus(),
                    (System.currentTimeMillis() - started) / 1000);
        }
    }

    /**
     * The bundle's settings against this process' broker and Fintecture sandbox, with reconciliation
     * and the circuit's probe paced for a run of minutes rather than the production intervals.
     */
    static Map<String, String> bundleSettings(FintectureSandbox sandbox, EmbeddedBroker broker, Path dir, int httpPort, int managementPort)
            throws Exception {
        Map<String, String> settings = new HashMap<>(SandboxProfile.fintecture(sandbox, dir.resolve("keys")));
        settings.put("payments.broker.url", broker.url());
        settings.put("payments.data-dir", dir.resolve("bundle").toString());
        settings.put("payments.http.port", String.valueOf(httpPort));
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
        return settings;
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
