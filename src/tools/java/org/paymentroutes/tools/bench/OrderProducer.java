package org.paymentroutes.tools.bench;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * The ERP: sends orders as persistent JMS messages from its own thread, each stamped with the JMS
 * property {@value #SUBMIT_PROPERTY} (System.nanoTime of this JVM just before the send), also
 * recorded in {@code submitted} by order id, since the bundle's outcome does not carry the order's
 * properties. Sends are committed in small transactions ({@value #BATCH} orders, or whatever was
 * due at once when paced), so the producer itself pays one journal sync per batch and not per order.
 */
final class OrderProducer implements Runnable {

    static final String SUBMIT_PROPERTY = "benchSubmitNanos";
    static final int BATCH = 10;

    private final ConnectionFactory cf;
    private final String queue;
    private final List<String> orderIds;
    private final Function<String, String> body;
    private final Map<String, Long> submitted;
    private final double ratePerSecond;
    private final long deadline;
    private volatile int sent;
    private volatile long firstNanos;
    private volatile long lastNanos;
    private volatile Exception failure;

    /**
     * @param ratePerSecond 0 = as fast as the broker takes them (a burst); otherwise the offered rate
     * @param deadline      System.nanoTime after which no more orders are sent
     */
    OrderProducer(ConnectionFactory cf, String queue, List<String> orderIds, Function<String, String> body, Map<String, Long> submitted,
                  double ratePerSecond, long deadline) {
        this.cf = cf;
        this.queue = queue;
        this.orderIds = orderIds;
        this.body = body;
        this.submitted = submitted;
        this.ratePerSecond = ratePerSecond;
        this.deadline = deadline;
    }

    Thread start() {
        Thread t = new Thread(this, "bench-producer");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public void run() {
        try (Connection connection = cf.createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            long start = System.nanoTime();
            int inBatch = 0;
            for (int i = 0; i < orderIds.size(); i++) {
                if (ratePerSecond > 0) {
                    long due = start + (long) (i * 1e9 / ratePerSecond);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        if (inBatch > 0) {
                            session.commit();
                            inBatch = 0;
                        }
                        LockSupport.parkNanos(wait);
                    }
                }
                long now = System.nanoTime();
                if (now > deadline) {
                    break;
                }
                String id = orderIds.get(i);
                TextMessage m = session.createTextMessage(body.apply(id));
                m.setLongProperty(SUBMIT_PROPERTY, now);
                m.setStringProperty("contentType", "application/json");
                submitted.put(id, now);
                producer.send(m);
                if (i == 0) {
                    firstNanos = now;
                }
                lastNanos = now;
                if (++inBatch >= BATCH) {
                    session.commit();
                    inBatch = 0;
                }
                sent = i + 1;
            }
            if (inBatch > 0) {
                session.commit();
            }
        } catch (Exception e) {
            failure = e;
        }
    }

    int sent() {
        return sent;
    }

    long firstNanos() {
        return firstNanos;
    }

    long lastNanos() {
        return lastNanos;
    }

    /** Rethrows what stopped this thread, if anything did: a measurement it spoiled is not reported. */
    void throwIfFailed() {
        if (failure != null) {
            throw new IllegalStateException("the producer failed: " + failure, failure);
        }
    }
}
