package org.paymentroutes.tools.chaos;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.paymentroutes.sandbox.SandboxProfile;
import org.paymentroutes.sandbox.everifin.BankProfiles;
import org.paymentroutes.sandbox.everifin.EverifinSandbox;
import org.paymentroutes.sandbox.everifin.EverifinSandboxSettings;
import org.paymentroutes.sandbox.fintecture.FintectureSandbox;
import org.paymentroutes.sandbox.fintecture.SandboxSettings;

/**
 * The production shape under failure: a primary/backup pair of standalone Artemis brokers
 * ({@code artemis/pair.sh}), one PostgreSQL, N bundle instances as processes of their own, and both
 * providers' sandboxes. Orders go half to Fintecture (scripted to accept, refuse, expire or settle by
 * itself), half to Everifin (bank profiles that run the process loop with broker-delayed messages to
 * a failure, or stop at the payer's redirect). While they flow, the live broker is killed with
 * SIGKILL (the backup takes over, the clients fail over), and later one instance too (the others
 * take its orders; its claims lapse). Then it counts what must be zero, as the chaos run does, and
 * measures the failover time the ERP sees: the gap in the outcome feed around the broker's kill.
 */
public final class TopologyRun {

    /** What the run found. */
    public record Result(int orders, int instances, int lost, int secondSessions, int duplicateOutcomes, int outOfOrder,
                         int finalOrWaiting, int parked, Map<String, Integer> byStatus, long failoverMillis, long seconds) {
        public boolean clean() {
            return lost == 0 && secondSessions == 0 && duplicateOutcomes == 0 && outOfOrder == 0 && failoverMillis >= 0;
        }
    }

    /** Where the parts come from: the pair's script and distribution, and the PostgreSQL every instance shares. */
    public record Topology(Path pairScript, Path artemisHome, String storeUrl, String storeUser, String storePassword) {
    }

    /** Everifin bank profiles the orders cycle through: the process loop to a failure (no payer needed), or waiting at the payer's redirect. */
    static final List<String> EVERIFIN_PROFILES = List.of("fail-other", "fail-insufficient", "redirect-only");

    private final int orders;
    private final int instances;
    private final Topology topology;
    private final Path dir;
    private final Consumer<String> log;
    /** In every order id: a store kept from an earlier run would take the same ids as replays. */
    private final String runTag = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);

    public TopologyRun(int orders, int instances, Topology topology, Path dir, Consumer<String> log) {
        if (instances < 2) {
            throw new IllegalArgumentException("--instances must be at least 2: one of them is killed");
        }
        this.orders = orders;
        this.instances = instances;
        this.topology = topology;
        // Absolute: each bundle process runs in a directory of its own.
        this.dir = dir.toAbsolutePath().normalize();
        this.log = log;
    }

    public Result run(Duration settleTimeout) throws Exception {
        long started = System.currentTimeMillis();
        Files.createDirectories(dir);
        int webhookPort = ChaosRun.freePort();
        String bundleBase = "http://127.0.0.1:" + webhookPort;
        List<BundleProcess> bundles = new ArrayList<>();
        try (BrokerPair pair = BrokerPair.start(topology.pairScript(), topology.artemisHome(), dir.resolve("brokers"),
                ChaosRun.freePort(), ChaosRun.freePort());
             FintectureSandbox fintecture = new FintectureSandbox(SandboxSettings.demo().withPort(0)
                     .withWebhookUrl(bundleBase + "/webhooks/fintecture")
                     .withWebhookRetryBase(Duration.ofMillis(500))
                     .withScriptedOutcomes(true)).start();
             EverifinSandbox everifin = new EverifinSandbox(EverifinSandboxSettings.demo().withPort(0)).start()) {
            log.accept("broker pair up: " + pair.url());
            Map<String, String> common = new HashMap<>(SandboxProfile.fintecture(fintecture, dir.resolve("keys")));
            common.putAll(SandboxProfile.everifin(everifin, bundleBase));
            common.put("payments.broker.url", pair.url());
            common.put("payments.store.url", topology.storeUrl());
            common.put("payments.store.user", topology.storeUser());
            common.put("payments.store.password", topology.storePassword());
            common.put("payments.fintecture.redirect-uri", bundleBase + "/callbacks/fintecture");
            common.put("payments.fintecture.response-timeout", "2000");
            common.put("payments.reconcile.cron", "0/2 * * * * ?");
            common.put("payments.reconcile.min-interval", "2");
            common.put("payments.reconcile.max-interval", "5");
            common.put("payments.reconcile.batch-size", "500");
            for (int n = 0; n < instances; n++) {
                Map<String, String> settings = new HashMap<>(common);
                // Instance 0 takes the provider's webhooks and the payers' returns (a load balancer's job in production).
                settings.put("payments.http.port", String.valueOf(n == 0 ? webhookPort : ChaosRun.freePort()));
                int managementPort = ChaosRun.freePort();
                settings.put("payments.management.port", String.valueOf(managementPort));
                settings.put("payments.instance-id", "instance-" + n);
                settings.put("payments.data-dir", dir.resolve("instance-" + n).toString());
                BundleProcess bundle = new BundleProcess(settings, dir.resolve("instance-" + n), dir.resolve("instance-" + n + ".log"), managementPort);
                bundles.add(bundle);
                bundle.start();
            }
            log.accept(instances + " instances up");

            ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(pair.url());
            long brokerKilledAt;
            try (OutcomeLedger ledger = new OutcomeLedger(cf, log)) {
                brokerKilledAt = send(cf, pair, bundles.get(instances - 1));
                log.accept("all " + orders + " orders sent; waiting for them to settle (at most " + settleTimeout.toSeconds() + " s)");
                long deadline = System.currentTimeMillis() + settleTimeout.toMillis();
                while (System.currentTimeMillis() < deadline && ledger.settled(OutcomeLedger.parked(cf)) < orders) {
                    Thread.sleep(2000);
                }
                // A quiet moment for late duplicates to show up, if any.
                Thread.sleep(3000);
                ledger.close();
                Set<String> parked = OutcomeLedger.parked(cf);
                List<String> ids = IntStream.range(0, orders).mapToObj(this::orderId).toList();
                OutcomeLedger.Counts counts = ledger.count(ids, parked);
                int secondSessions = secondSessions(ids, fintecture, everifin);
                long failover = ledger.gapAround(brokerKilledAt);
                // Before the sandboxes and the brokers go: a bundle left running would log their absence.
                stopAll(bundles);
                return new Result(orders, instances, counts.lost(), secondSessions, ledger.duplicates(), ledger.outOfOrder(),
                        counts.finalOrWaiting(), parked.size(), counts.byStatus(), failover, (System.currentTimeMillis() - started) / 1000);
            }
        } finally {
            stopAll(bundles);
        }
    }

    private static void stopAll(List<BundleProcess> bundles) throws InterruptedException {
        for (BundleProcess bundle : bundles) {
            bundle.stop();
        }
        bundles.clear();
    }

    /**
     * Sends the orders as an ERP does (transacted batches, resent whole when a commit fails over:
     * the bundle de-duplicates on orderId), kills the live broker at 40 % and the last instance at
     * 70 %; returns when the broker was killed (ms).
     */
    private long send(ActiveMQConnectionFactory cf, BrokerPair pair, BundleProcess victim) throws Exception {
        int batch = 20;
        long brokerKilledAt = -1;
        try (Connection c = cf.createConnection(); Session session = c.createSession(true, Session.SESSION_TRANSACTED)) {
            MessageProducer producer = session.createProducer(session.createQueue("payments.orders"));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int from = 0; from < orders; from += batch) {
                int to = Math.min(orders, from + batch);
                sendBatch(session, producer, from, to);
                if (from < orders * 4 / 10 && to >= orders * 4 / 10) {
                    // Let the bundles get busy with what was sent, then crash the broker under them.
                    Thread.sleep(1000);
                    brokerKilledAt = System.currentTimeMillis();
                    pair.killPrimary();
                    log.accept("kill -9 of the live broker after " + to + " orders sent");
                }
                if (from < orders * 7 / 10 && to >= orders * 7 / 10) {
                    Thread.sleep(1000);
                    victim.kill();
                    log.accept("kill -9 of the last instance after " + to + " orders sent; backup active: " + pair.backupActive());
                }
            }
        }
        return brokerKilledAt;
    }

    private void sendBatch(Session session, MessageProducer producer, int from, int to) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                for (int i = from; i < to; i++) {
                    TextMessage m = session.createTextMessage(order(i));
                    m.setJMSCorrelationID(orderId(i));
                    producer.send(m);
                }
                session.commit();
                return;
            } catch (JMSException failedOver) {
                // TransactionRolledBackException after a failover: nothing of the batch was kept.
                log.accept("batch " + from + ".." + (to - 1) + " not committed (" + failedOver.getClass().getSimpleName() + "), sending it again");
                if (attempt == 10) {
                    throw failedOver;
                }
                try {
                    session.rollback();
                } catch (JMSException alreadyRolledBack) {
                    // the failover did it
                }
                Thread.sleep(500);
            }
        }
    }

    /**
     * Fintecture: one payable session per order (by its state; a session the bundle cancelled after
     * a lost answer cannot be paid); Everifin: one payment per Everifin order.
     */
    private int secondSessions(List<String> ids, FintectureSandbox fintecture, EverifinSandbox everifin) {
        int n = 0;
        for (String id : ids) {
            if (fintecture.payableSessionsForState(id) > 1) {
                n++;
                log.accept("second payable session for " + id);
            }
        }
        // Every Everifin order here creates its payment (no profile refuses the creation), so any
        // payment beyond one per order is a second one.
        int everifinOrders = orders / 2;
        if (everifin.paymentsCreated() > everifinOrders) {
            log.accept("Everifin payments created: " + everifin.paymentsCreated() + " for " + everifinOrders + " orders");
            n += everifin.paymentsCreated() - everifinOrders;
        }
        return n;
    }

    String orderId(int i) {
        return "TOPO-" + runTag + "-" + i;
    }

    /** Even: Fintecture, cents .01 to .04 script the outcome; odd: Everifin, the bank profile scripts it. */
    String order(int i) {
        String amount = (10 + i % 90) + ".0" + (1 + i % 4);
        if (i % 2 == 0) {
            return ChaosRun.order(orderId(i), amount);
        }
        String profile = EVERIFIN_PROFILES.get((i / 2) % EVERIFIN_PROFILES.size());
        return """
                {"orderId": "%s", "provider": "everifin", "amount": "%s", "currency": "EUR", "communication": "INV-%s",
                 "payer": {"name": "Topology Payer", "ip": "203.0.113.7", "iban": "%s",
                           "userAgent": "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"},
                 "beneficiary": {"name": "ACME s.r.o.", "iban": "SK3112000000198742637541"}}
                """.formatted(orderId(i), amount, i, BankProfiles.exampleSenderIban(profile));
    }
}
