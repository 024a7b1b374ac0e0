package org.paymentroutes.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.Connection;
import jakarta.jms.MapMessage;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Session;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages no consumer reads (an ObjectMessage, a MapMessage, an oversized body) are refused once
 * to payments.rejected, naming the queue and the reason, never deserialized, never left to DLQ, and
 * the consumers go on.
 */
class UnreadableMessageE2ETest {

    /** Set if the bundle ever deserializes the payload (its readObject runs in the bundle's JVM here). */
    static final AtomicBoolean DESERIALIZED = new AtomicBoolean();

    static final class Gadget implements Serializable {
        private static final long serialVersionUID = 1L;

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            DESERIALIZED.set(true);
            in.defaultReadObject();
        }
    }

    static final int ORDERS_MAX = 5 * 1024 * 1024;

    @TempDir
    Path dir;
    TestBundle bundle;

    @BeforeEach
    void start() throws Exception {
        bundle = TestBundle.start(dir, Map.of("payments.iso20022.max-bytes", String.valueOf(ORDERS_MAX)));
    }

    @AfterEach
    void stop() throws Exception {
        bundle.close();
    }

    @Test
    void objectMapAndOversizedMessagesAreRefusedUnreadAndTheConsumersGoOn() throws Exception {
        try (Connection c = new ActiveMQConnectionFactory(bundle.app.brokerUrl()).createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            for (String queue : List.of("payments.orders", "payments.inputs")) {
                MessageProducer p = s.createProducer(s.createQueue(queue));
                ObjectMessage object = s.createObjectMessage(new java.util.HashMap<>(Map.of("gadget", new Gadget())));
                p.send(object);
                MapMessage map = s.createMapMessage();
                map.setString("orderId", "X");
                p.send(map);
                // payments.orders reads up to payments.iso20022.max-bytes (pain.001 files), the others 4 MiB.
                p.send(s.createTextMessage("x".repeat((queue.equals("payments.orders") ? ORDERS_MAX : 4 * 1024 * 1024) + 1)));
            }
        }
        List<JsonNode> rejected = bundle.receiveSelected("payments.rejected", "JMSCorrelationID IS NULL", 6, 60_000);
        assertThat(rejected).hasSize(6);
        assertThat(rejected).extracting(r -> r.path("errors").get(0).path("reason").asText())
                .anySatisfy(r -> assertThat(r).contains("ObjectMessage", "payments.orders"))
                .anySatisfy(r -> assertThat(r).contains("MapMessage", "payments.inputs"))
                .anySatisfy(r -> assertThat(r).contains("text message of 4194305 characters (at most 4194304) on payments.inputs"))
                .anySatisfy(r -> assertThat(r).contains("text message of 5242881 characters (at most 5242880) on payments.orders"));
        assertThat(DESERIALIZED).as("the payload was deserialized").isFalse();
        assertThat(bundle.drain("DLQ", "", 1_000)).isEmpty();

        bundle.sendOrder(TestBundle.order("AFTER-UNREADABLE", "4.00"));
        assertThat(bundle.receive("payments.outcomes", "AFTER-UNREADABLE", 2, 30_000)).extracting(o -> o.path("status").asText())
                .containsExactly("RECEIVED", "ACTION_REQUIRED");
    }
}
