package org.paymentroutes.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import org.paymentroutes.routes.ExchangeKeys;

/**
 * The orders waiting in the parking queue (DLQ by default): parked by intake (property
 * {@code parkedReason}) or dead-lettered by the broker after its delivery attempts
 * ({@code _AMQ_ORIG_ADDRESS} is the orders queue). Browsed without consuming; one is moved back to the
 * orders queue in one JMS transaction (taken from the parking queue and sent, or neither).
 */
final class DeadLetters {

    /** A parked order: its message id in the parking queue and its order id (null when the body names none: a file, a poison message). */
    record Parked(String messageId, String orderId, String reason) {
    }

    private static final String ORIGINAL_ADDRESS = "_AMQ_ORIG_ADDRESS";
    private static final int MAX_BROWSED = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConnectionFactory cf;
    private final String parkedQueue;
    private final String ordersQueue;

    DeadLetters(ConnectionFactory cf, String parkedQueue, String ordersQueue) {
        this.cf = cf;
        this.parkedQueue = parkedQueue;
        this.ordersQueue = ordersQueue;
    }

    /** The orders in the parking queue (at most 10 000), oldest first; messages from other queues are left out. */
    List<Parked> browse() throws JMSException {
        List<Parked> out = new ArrayList<>();
        try (Connection c = cf.createConnection(); Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            c.start();
            Enumeration<?> e = s.createBrowser(s.createQueue(parkedQueue)).getEnumeration();
            while (e.hasMoreElements() && out.size() < MAX_BROWSED) {
                Message m = (Message) e.nextElement();
                String reason = m.getStringProperty(ExchangeKeys.HEADER_PARKED_REASON);
                String from = m.getStringProperty(ORIGINAL_ADDRESS);
                if (reason != null || ordersQueue.equals(from)) {
                    out.add(new Parked(m.getJMSMessageID(), orderId(m), reason != null ? reason
                            : "dead-lettered after the broker's delivery attempts"));
                }
            }
        }
        return out;
    }

    /**
     * Takes the order's messages out of the parking queue without sending them anywhere: an operator
     * resolved the order (closed it, or attached its provider payment), so nothing is left to redrive.
     * Returns how many were removed.
     */
    int discard(String orderId) throws JMSException {
        int removed = 0;
        for (Parked p : browse()) {
            if (orderId.equals(p.orderId()) && take(p, null)) {
                removed++;
            }
        }
        return removed;
    }

    /** Takes one parked message and sends its body to the orders queue, in one transaction; false when it is gone. */
    boolean moveBack(Parked p, String by) throws JMSException {
        return take(p, by);
    }

    /** Takes one parked message; with {@code by}, sends it back to the orders queue in the same transaction. */
    private boolean take(Parked p, String by) throws JMSException {
        try (Connection c = cf.createConnection(); Session s = c.createSession(true, Session.SESSION_TRANSACTED)) {
            c.start();
            try (MessageConsumer consumer = s.createConsumer(s.createQueue(parkedQueue), "JMSMessageID = '" + p.messageId().replace("'", "") + "'")) {
                Message m = consumer.receive(2_000);
                if (m == null) {
                    s.rollback();
                    return false;
                }
                if (by == null) {
                    s.commit();
                    return true;
                }
                Message copy = m instanceof BytesMessage b ? bytes(s, b) : s.createTextMessage(m instanceof TextMessage t ? t.getText() : null);
                if (p.orderId() != null) {
                    copy.setJMSCorrelationID(p.orderId());
                }
                copy.setStringProperty(ExchangeKeys.HEADER_REDRIVEN_BY, by);
                send(s, copy);
                s.commit();
                return true;
            }
        }
    }

    /** Sends an order (the stored one, for a retry of an order that is not in the parking queue) to the orders queue. */
    void send(String orderId, String orderJson, String by) throws JMSException {
        try (Connection c = cf.createConnection(); Session s = c.createSession(true, Session.SESSION_TRANSACTED)) {
            TextMessage m = s.createTextMessage(orderJson);
            m.setJMSCorrelationID(orderId);
            m.setStringProperty(ExchangeKeys.HEADER_REDRIVEN_BY, by);
            send(s, m);
            s.commit();
        }
    }

    private void send(Session s, Message m) throws JMSException {
        try (MessageProducer producer = s.createProducer(s.createQueue(ordersQueue))) {
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            producer.send(m);
        }
    }

    private static BytesMessage bytes(Session s, BytesMessage b) throws JMSException {
        byte[] data = new byte[(int) b.getBodyLength()];
        b.readBytes(data);
        BytesMessage copy = s.createBytesMessage();
        copy.writeBytes(data);
        return copy;
    }

    private static String orderId(Message m) throws JMSException {
        if (m.getJMSCorrelationID() != null) {
            return m.getJMSCorrelationID();
        }
        if (m instanceof TextMessage t && t.getText() != null && t.getText().length() < 1_000_000) {
            try {
                JsonNode n = JSON.readTree(t.getText());
                return n != null && n.path("orderId").isTextual() ? n.path("orderId").textValue() : null;
            } catch (Exception notJson) {
                return null;
            }
        }
        return null;
    }
}
