package org.paymentroutes.tools.bench;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;

/**
 * Reads and discards a queue while a measurement runs (the ERP taking its REDIRECT actions), so that
 * what the bundle publishes does not pile up in the broker's memory. Bounded by the deadline.
 */
final class QueueDrain implements Runnable, AutoCloseable {

    private final ConnectionFactory cf;
    private final String queue;
    private final long deadline;
    private volatile boolean running = true;
    private volatile int drained;
    private Thread thread;

    QueueDrain(ConnectionFactory cf, String queue, long deadline) {
        this.cf = cf;
        this.queue = queue;
        this.deadline = deadline;
    }

    QueueDrain start() {
        thread = new Thread(this, "bench-drain-" + queue);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    @Override
    public void run() {
        try (Connection connection = cf.createConnection()) {
            Session session = connection.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            connection.start();
            while (running && System.nanoTime() < deadline) {
                if (consumer.receive(100) != null) {
                    drained++;
                }
            }
        } catch (Exception e) {
            // a drain that stops early only leaves messages in the broker
        }
    }

    int drained() {
        return drained;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(5_000);
        }
    }
}
