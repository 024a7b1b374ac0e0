package org.paymentroutes.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import java.util.UUID;
import org.paymentroutes.config.Settings;

/**
 * How operator commands reach the running bundle: a request on {@code payments.queue.operator} with a
 * temporary JMSReplyTo queue, answered by routes/operations.camel.yaml with one JSON object. The request
 * expires with the wait, so a bundle that is not running never acts on it later.
 */
final class OperatorClient {

    /** No broker to talk to: no bundle runs (with the embedded broker) or the broker is down. */
    static final class Unreachable extends Exception {
        Unreachable(String message) {
            super(message);
        }
    }

    /** The broker took the request but no answer came in time (no bundle consumes the operator queue). */
    static final class NoAnswer extends Exception {
        NoAnswer(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private OperatorClient() {
    }

    static ObjectNode request(String action) {
        return JSON.createObjectNode().put("action", action);
    }

    static JsonNode ask(Settings s, ObjectNode request, int waitSeconds) throws Exception {
        Connection c;
        try {
            c = Broker.operatorConnectionFactory(s).createConnection();
        } catch (JMSException e) {
            throw new Unreachable("no broker at " + Broker.url(s) + " (is the bundle running?)");
        }
        try (c; Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            c.start();
            TemporaryQueue replies = session.createTemporaryQueue();
            TextMessage m = session.createTextMessage(request.toString());
            m.setJMSReplyTo(replies);
            m.setJMSCorrelationID(UUID.randomUUID().toString());
            try (MessageProducer producer = session.createProducer(session.createQueue(s.require("payments.queue.operator")));
                 MessageConsumer consumer = session.createConsumer(replies)) {
                producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
                // Expires with the wait: a command nobody took in time is never carried out later.
                producer.setTimeToLive(waitSeconds * 1000L);
                producer.send(m);
                Message reply = consumer.receive(waitSeconds * 1000L);
                if (reply == null) {
                    throw new NoAnswer("no answer from the bundle within " + waitSeconds + " s (is it running and connected to "
                            + Broker.url(s) + "?); the request expires unanswered");
                }
                return JSON.readTree(reply.getBody(String.class));
            }
        }
    }
}
