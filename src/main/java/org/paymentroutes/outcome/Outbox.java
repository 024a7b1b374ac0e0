package org.paymentroutes.outcome;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.camel.Exchange;
import org.paymentroutes.routes.ExchangeKeys;
import org.paymentroutes.store.OutboxMessage;
import org.paymentroutes.store.PaymentStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the outbox (routes/outbox.camel.yaml): claims a batch of unsent rows, sends them in one
 * JMS transaction, each with Artemis' duplicate id, then marks them sent. One flush at a time in an
 * instance (so a payment's messages go out in the order they were written), and rows are claimed in
 * the store (so two instances never send the same row at once: the broker's duplicate detection
 * catches a resend after a crash, not two concurrent sends).
 *
 * <p>Once {@link #start started}, a flush after a change only wakes the instance's publisher thread
 * and returns: the change is already committed with its rows, so the route that made it need not
 * wait for the broker, and the rows of changes made meanwhile by other consumers go out in the same
 * batch (one store transaction and one journal sync for all of them instead of one each). Not
 * started (a tool, a test), a flush publishes before it returns.
 */
public final class Outbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    /** At most this many per batch, so a backlog is published in steps. */
    static final int BATCH = 500;
    /** Rows younger than this are left to the flush that follows their change; the timer takes only older ones. */
    static final Duration LEFTOVER_AGE = Duration.ofSeconds(5);
    static final Duration CLAIM = Duration.ofSeconds(30);
    /** The publisher's pause after a failed flush (broker or store down); the rows wait in the store. */
    static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final PaymentStore store;
    private final ConnectionFactory connections;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signals to the publisher thread: at most one pending, however many changes asked. */
    private final Semaphore wanted = new Semaphore(0);
    private volatile Thread publisher;
    private volatile boolean stopping;
    private final AtomicBoolean failing = new AtomicBoolean();

    public Outbox(PaymentStore store, ConnectionFactory connections) {
        this.store = store;
        this.connections = connections;
    }

    /**
     * Sends what is waiting; with the {@code leftoversOnly} property (the timer), only rows older than
     * {@link #LEFTOVER_AGE}, and a failure is logged (once per outage) instead of thrown: the rows
     * wait in the store for the next tick.
     */
    public void flush(Exchange exchange) throws JMSException {
        boolean leftoversOnly = exchange.getProperty(ExchangeKeys.LEFTOVERS_ONLY, false, Boolean.class);
        if (leftoversOnly) {
            try {
                drain(LEFTOVER_AGE);
                recovered();
            } catch (JMSException | RuntimeException e) {
                failed(e);
            }
            return;
        }
        if (publisher != null) {
            if (wanted.availablePermits() == 0) {
                wanted.release();
            }
            return;
        }
        drain(Duration.ZERO);
    }

    /** Logs the first failure of an outage, not every retry of it. */
    private void failed(Exception e) {
        if (!failing.getAndSet(true)) {
            LOG.warn("Outbox: publishing failed, rows wait in the store and are retried ({}: {})",
                    e.getClass().getSimpleName(), e.getMessage());
        }
    }

    private void recovered() {
        if (failing.getAndSet(false)) {
            LOG.info("Outbox: publishing again");
        }
    }

    /** Starts the publisher thread; from then on a flush after a change returns at once (see the class comment). */
    public synchronized void start() {
        if (publisher != null) {
            return;
        }
        stopping = false;
        Thread t = new Thread(this::publish, "outbox-publisher");
        t.setDaemon(true);
        publisher = t;
        t.start();
        wanted.release(); // rows a previous run left
    }

    /** Stops the publisher thread (rows still waiting are published by the next start or another instance). */
    @Override
    public synchronized void close() throws InterruptedException {
        Thread t = publisher;
        if (t == null) {
            return;
        }
        stopping = true;
        publisher = null;
        t.interrupt();
        t.join(10_000);
    }

    private void publish() {
        while (!stopping) {
            try {
                wanted.acquire();
                wanted.drainPermits();
                drain(Duration.ZERO);
                recovered();
            } catch (InterruptedException e) {
                return;
            } catch (JMSException | RuntimeException e) {
                if (stopping) {
                    return;
                }
                // Broker or store unavailable: the rows stay unsent; try again after a pause.
                failed(e);
                try {
                    Thread.sleep(RETRY_PAUSE.toMillis());
                } catch (InterruptedException stop) {
                    return;
                }
                wanted.release();
            }
        }
    }

    private void drain(Duration minAge) throws JMSException {
        lock.lock();
        try {
            List<OutboxMessage> batch;
            do {
                batch = store.outbox().claimUnsent(BATCH, minAge, CLAIM);
                try {
                    send(batch);
                } catch (JMSException | RuntimeException e) {
                    // Not sent (or, if the commit's answer was lost, sent with duplicate ids the broker
                    // drops): give the rows back so the retry after the outage need not wait for the lease.
                    try {
                        store.outbox().unclaim(batch.stream().map(OutboxMessage::id).toList());
                    } catch (RuntimeException storeDown) {
                        e.addSuppressed(storeDown);
                    }
                    throw e;
                }
            } while (batch.size() == BATCH);
        } finally {
            lock.unlock();
        }
    }

    private void send(List<OutboxMessage> batch) throws JMSException {
        if (batch.isEmpty()) {
            return;
        }
        try (Connection c = connections.createConnection(); Session session = c.createSession(true, Session.SESSION_TRANSACTED)) {
            MessageProducer producer = session.createProducer(null);
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            try {
                for (OutboxMessage m : batch) {
                    producer.send(session.createQueue(m.queue()), message(session, m));
                }
                // One commit (one journal sync) for the batch.
                session.commit();
            } catch (JMSException batchFailed) {
                // Artemis rolls back a whole transaction holding a message it has already seen (a row
                // sent before a crash, not yet marked). Send one by one, so each duplicate is dropped on
                // its own and the others go out; any other failure propagates (rows stay unsent).
                rollbackQuietly(session);
                for (OutboxMessage m : batch) {
                    try {
                        producer.send(session.createQueue(m.queue()), message(session, m));
                        session.commit();
                    } catch (JMSException e) {
                        if (!isDuplicate(e)) {
                            throw e;
                        }
                        rollbackQuietly(session);
                    }
                }
            }
        }
        store.outbox().markSent(batch.stream().map(OutboxMessage::id).toList());
    }

    /** Whether the broker refused the message as one it has already routed (duplicate id). */
    static boolean isDuplicate(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String text = t.getClass().getSimpleName() + " " + t.getMessage();
            if (text.contains("Duplicate") || text.contains("duplicate")) {
                return true;
            }
            if (t instanceof JMSException j && j.getLinkedException() != null && j.getLinkedException() != t
                    && isDuplicate(j.getLinkedException())) {
                return true;
            }
        }
        return false;
    }

    private static void rollbackQuietly(Session session) {
        try {
            session.rollback();
        } catch (JMSException ignored) {
            // the transaction is already gone
        }
    }

    private static TextMessage message(Session session, OutboxMessage m) throws JMSException {
        TextMessage message = session.createTextMessage(m.body());
        message.setJMSCorrelationID(m.orderId());
        message.setStringProperty("_AMQ_DUPL_ID", m.duplicateId());
        // pain.002 status reports are XML; every other message is JSON.
        message.setStringProperty(ExchangeKeys.HEADER_CONTENT_TYPE, m.body().startsWith("<") ? "application/xml" : "application/json");
        if (m.deliverAt() != null) {
            // Artemis holds the message until then (a delayed process call), surviving a restart.
            message.setLongProperty("_AMQ_SCHED_DELIVERY", m.deliverAt().toInstant().toEpochMilli());
        }
        return message;
    }
}
