package org.paymentroutes.tools.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paymentroutes.broker.EmbeddedBroker;
import org.paymentroutes.sandbox.fintecture.FintectureSandbox;
import org.paymentroutes.sandbox.fintecture.SandboxSettings;

/**
 * A measuring harness, not part of the suite (its name matches none of Surefire's patterns): run it
 * with {@code mvn test -Dtest=HealthUnderFlood}. The bundle runs as its own process, as production
 * runs it ({@code -Xmx512m -XX:+ExitOnOutOfMemoryError}); this process holds the broker, the
 * Fintecture sandbox and the attacker. For {@code flood.seconds} (default 60) it keeps 120 10 MB
 * POSTs to {@code /webhooks/fintecture} in flight on top of 200 idle connections, probes
 * {@code /health} on the management port every 250 ms, and sends orders meanwhile; it prints the
 * probes' times and how long the orders took to reach their payer, quiet and under the flood.
 * It asserts only that every probe is answered and every order gets through; speed is read, not asserted.
 */
class HealthUnderFlood {

    private static final int ORDERS = 200;

    @TempDir
    Path dir;

    @Test
    void healthAnswersAndOrdersFlowWhileThePublicPortIsFlooded() throws Exception {
        int httpPort = ChaosRun.freePort();
        int managementPort = ChaosRun.freePort();
        long floodSeconds = Long.getLong("flood.seconds", 60);
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1:0", dir.resolve("broker"));
             FintectureSandbox sandbox = new FintectureSandbox(SandboxSettings.demo().withPort(0)
                     .withWebhookUrl("http://127.0.0.1:" + httpPort + "/webhooks/fintecture")).start()) {
            Map<String, String> settings = ChaosRun.bundleSettings(sandbox, broker, dir, httpPort, managementPort);
            BundleProcess bundle = new BundleProcess(settings, dir.resolve("bundle"), dir.resolve("bundle.log"), managementPort);
            bundle.start();
            ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(broker.url());
            try (OutcomeLedger ledger = new OutcomeLedger(cf, line -> { })) {
                HttpClient probe = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
                URI health = URI.create("http://127.0.0.1:" + managementPort + "/health");
                List<Long> quiet = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    quiet.add(time(probe, health));
                    Thread.sleep(100);
                }
                System.out.println("health, quiet: " + summary(quiet));
                System.out.println("orders, quiet: " + ordersReachTheirPayer(cf, ledger, "QUIET") + " ms for " + ORDERS);

                List<Socket> idle = new ArrayList<>();
                AtomicBoolean flooding = new AtomicBoolean(true);
                Map<Integer, Integer> floodAnswers = new ConcurrentHashMap<>();
                ExecutorService attackers = Executors.newFixedThreadPool(120);
                try {
                    for (int i = 0; i < 200; i++) {
                        Socket s = new Socket();
                        s.connect(new InetSocketAddress("127.0.0.1", httpPort), 2_000);
                        idle.add(s);
                    }
                    byte[] tenMegabytes = new byte[10 * 1024 * 1024];
                    HttpClient flooder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(Duration.ofSeconds(5)).build();
                    URI webhook = URI.create("http://127.0.0.1:" + httpPort + "/webhooks/fintecture");
                    for (int i = 0; i < 120; i++) {
                        attackers.submit(() -> {
                            while (flooding.get()) {
                                int status;
                                try {
                                    status = flooder.send(HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(30))
                                            .POST(HttpRequest.BodyPublishers.ofByteArray(tenMegabytes)).build(),
                                            HttpResponse.BodyHandlers.discarding()).statusCode();
                                } catch (Exception e) {
                                    status = -1; // the bundle closed the connection on us: as it should after a 413
                                }
                                floodAnswers.merge(status, 1, Integer::sum);
                            }
                            return null;
                        });
                    }
                    Thread.sleep(2_000); // the flood at full strength before measuring
                    List<Long> probes = Collections.synchronizedList(new ArrayList<>());
                    // Liveness runs no probe of the broker or the store: tells serving time from checking time.
                    List<Long> live = Collections.synchronizedList(new ArrayList<>());
                    URI liveness = URI.create("http://127.0.0.1:" + managementPort + "/health/live");
                    Thread prober = new Thread(() -> {
                        try {
                            while (flooding.get()) {
                                probes.add(time(probe, health));
                                live.add(time(probe, liveness));
                                Thread.sleep(250);
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }, "prober");
                    prober.start();
                    long orders = ordersReachTheirPayer(cf, ledger, "FLOOD");
                    long rest = TimeUnit.SECONDS.toMillis(floodSeconds) - 2_000 - orders;
                    if (rest > 0) {
                        Thread.sleep(rest);
                    }
                    flooding.set(false);
                    prober.join(35_000);
                    System.out.println("health during the flood: " + summary(probes));
                    System.out.println("liveness during the flood: " + summary(live));
                    System.out.println("orders during the flood: " + orders + " ms for " + ORDERS);
                    System.out.println("flood requests by answer (-1: connection closed by the bundle): " + floodAnswers);
                } finally {
                    flooding.set(false);
                    attackers.shutdownNow();
                    for (Socket s : idle) {
                        s.close();
                    }
                }
            } finally {
                bundle.stop();
            }
        }
    }

    /** Sends {@link #ORDERS} orders and waits until each has reached its payer (ACTION_REQUIRED or later): milliseconds. */
    private static long ordersReachTheirPayer(ActiveMQConnectionFactory cf, OutcomeLedger ledger, String prefix) throws Exception {
        long t0 = System.nanoTime();
        try (Connection c = cf.createConnection(); Session session = c.createSession(true, Session.SESSION_TRANSACTED)) {
            MessageProducer producer = session.createProducer(session.createQueue("payments.orders"));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = 0; i < ORDERS; i++) {
                producer.send(session.createTextMessage(ChaosRun.order(prefix + "-" + i, (10 + i % 90) + ".01")));
            }
            session.commit();
        }
        int before = ledger.pastReceived();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (ledger.pastReceived() - before < ORDERS) {
            assertThat(System.nanoTime()).as("orders through within 120 s").isLessThan(deadline);
            Thread.sleep(50);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Milliseconds for one answer, which must be 200 (or 503 when a check itself timed out). */
    private static long time(HttpClient client, URI uri) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isIn(200, 503);
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static String summary(List<Long> times) {
        List<Long> sorted = times.stream().sorted().toList();
        return sorted.size() + " probes, median " + sorted.get(sorted.size() / 2) + " ms, p95 " + sorted.get(sorted.size() * 95 / 100)
                + " ms, max " + sorted.get(sorted.size() - 1) + " ms, over 1 s: " + sorted.stream().filter(t -> t >= 1000).count();
    }
}
