package org.paymentroutes.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The ERP reading outcomes: consumes a queue and, for each order of this measurement (an id in
 * {@code submitted}), notes when its awaited status arrives (latency = now − submit time) or a
 * final status that means it never will (counted as failed). Other messages (the RECEIVED outcome,
 * outcomes of earlier measurements) are consumed and ignored. Ends when every expected order is
 * accounted for or at the deadline.
 */
final class OutcomeCollector implements Runnable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConnectionFactory cf;
    private final String queue;
    private final String awaited;
    private final Set<String> failing;
    private final Map<String, Long> submitted;
    private final int expected;
    private final long deadline;
    private final Latencies latencies = new Latencies();
    private final Set<String> done = new HashSet<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile int completed;
    private volatile int failed;
    private volatile long lastNanos;
    private volatile Exception failure;
    private Thread thread;

    OutcomeCollector(ConnectionFactory cf, String queue, String awaited, Set<String> failing, Map<String, Long> submitted,
                     int expected, long deadline) {
        this.cf = cf;
        this.queue = queue;
        this.awaited = awaited;
        this.failing = failing;
        this.submitted = submitted;
        this.expected = expected;
        this.deadline = deadline;
    }

    /** Starts consuming; returns once the consumer is open. */
    OutcomeCollector start() throws InterruptedException {
        thread = new Thread(this, "bench-collector-" + queue);
        thread.setDaemon(true);
        thread.start();
        ready.await(10, TimeUnit.SECONDS);
        return this;
    }

    /** Waits until every order is accounted for or the deadline passed. */
    void await() throws InterruptedException {
        thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000 + 2_000));
    }

    @Override
    public void run() {
        try (Connection connection = cf.createConnection()) {
            Session session = connection.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            connection.start();
            ready.countDown();
            while (completed + failed < expected && System.nanoTime() < deadline) {
                Message m = consumer.receive(100);
                if (m == null) {
                    continue;
                }
                long now = System.nanoTime();
                String orderId = m.getJMSCorrelationID();
                Long sentAt = orderId == null ? null : submitted.get(orderId);
                if (sentAt == null || done.contains(orderId)) {
                    continue;
                }
                String status = status(m);
                if (awaited.equals(status)) {
                    done.add(orderId);
                    latencies.add(now - sentAt);
                    lastNanos = now;
                    completed++;
                } else if (failing.contains(status)) {
                    done.add(orderId);
                    lastNanos = now;
                    failed++;
                }
            }
        } catch (Exception e) {
            failure = e;
        } finally {
            ready.countDown();
        }
    }

    private static String status(Message m) throws Exception {
        if (!(m instanceof TextMessage text) || text.getText() == null) {
            return null;
        }
        JsonNode n = JSON.readTree(text.getText());
        return n.path("status").asText(null);
    }

    int completed() {
        return completed;
    }

    int failed() {
        return failed;
    }

    long lastNanos() {
        return lastNanos;
    }

    Latencies latencies() {
        return latencies;
    }

    /** Rethrows what stopped this thread, if anything did: a measurement it spoiled is not reported. */
    void throwIfFailed() {
        if (failure != null) {
            throw new IllegalStateException("the outcome collector failed: " + failure, failure);
        }
    }
}
