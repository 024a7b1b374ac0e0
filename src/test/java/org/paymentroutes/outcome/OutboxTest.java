package org.paymentroutes.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paymentroutes.broker.EmbeddedBroker;
import org.paymentroutes.store.PaymentStatus;
import org.paymentroutes.store.PaymentStore;
import org.paymentroutes.store.Transition;
import org.paymentroutes.store.StoreDataSource;

/** The outbox after a crash between "sent" and "marked sent": the resend is dropped, the rest still goes out, once. */
class OutboxTest {

    @TempDir
    Path dir;

    @Test
    void aBatchHoldingARowAlreadySentStillPublishesEveryOtherRowExactlyOnce() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1:0", dir.resolve("broker"));
             HikariDataSource ds = StoreDataSource.open("jdbc:h2:file:" + dir.resolve("store"), "sa", "", 4)) {
            PaymentStore store = new PaymentStore(ds, Messages::outcome, "payments.outcomes");
            ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(broker.url());
            Outbox outbox = new Outbox(store, cf);
            var exchange = new DefaultExchange(new DefaultCamelContext());

            store.payments().receive("OB-1", "fintecture", new BigDecimal("1.00"), "EUR", "c", "h", "{}");
            outbox.flush(exchange);
            // A crash after the broker took the message but before the row was marked: unmark it.
            try (var c = ds.getConnection(); var st = c.createStatement()) {
                st.executeUpdate("UPDATE outbox SET sent_at = NULL, claim_until = NULL");
            }
            store.payments().receive("OB-2", "fintecture", new BigDecimal("2.00"), "EUR", "c", "h2", "{}");
            store.payments().transition("OB-1", Transition.to(PaymentStatus.FAILED).providerStatus("x").reasonCode("r").source("webhook").viaOutbox());

            outbox.flush(exchange);

            assertThat(store.outbox().unsent(100)).isEmpty();
            assertThat(outcomes(cf)).extracting(m -> m.getJMSCorrelationID() + "/" + status(m.getBody(String.class)))
                    .containsExactly("OB-1/RECEIVED", "OB-2/RECEIVED", "OB-1/FAILED");
        }
    }

    @Test
    void aStartedOutboxPublishesFromItsOwnThreadAndTheFlushReturnsAtOnce() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1:0", dir.resolve("broker2"));
             HikariDataSource ds = StoreDataSource.open("jdbc:h2:file:" + dir.resolve("store2"), "sa", "", 4)) {
            PaymentStore store = new PaymentStore(ds, Messages::outcome, "payments.outcomes");
            ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(broker.url());
            Outbox outbox = new Outbox(store, cf);
            var exchange = new DefaultExchange(new DefaultCamelContext());
            // A row left by an earlier run is published as soon as the outbox starts.
            store.payments().receive("PUB-0", "fintecture", new BigDecimal("1.00"), "EUR", "c", "h0", "{}");
            outbox.start();
            try {
                for (int i = 1; i <= 20; i++) {
                    store.payments().receive("PUB-" + i, "fintecture", new BigDecimal("1.00"), "EUR", "c", "h" + i, "{}");
                    outbox.flush(exchange);
                }
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> store.outbox().unsent(100).isEmpty());
            } finally {
                outbox.close();
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i <= 20; i++) {
                expected.add("PUB-" + i);
            }
            assertThat(outcomes(cf)).extracting(Message::getJMSCorrelationID).as("each once, in the order written")
                    .containsExactlyElementsOf(expected);
            // Stopped: a flush no longer wakes a thread, it publishes before returning.
            store.payments().receive("PUB-21", "fintecture", new BigDecimal("1.00"), "EUR", "c", "h21", "{}");
            outbox.flush(exchange);
            assertThat(store.outbox().unsent(100)).isEmpty();
        }
    }

    @Test
    void aFailedSendGivesItsRowsBackSoTheNextFlushNeedNotWaitForTheLease() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1:0", dir.resolve("broker3"));
             HikariDataSource ds = StoreDataSource.open("jdbc:h2:file:" + dir.resolve("store3"), "sa", "", 4)) {
            PaymentStore store = new PaymentStore(ds, Messages::outcome, "payments.outcomes");
            var exchange = new DefaultExchange(new DefaultCamelContext());
            jakarta.jms.ConnectionFactory down = (jakarta.jms.ConnectionFactory) java.lang.reflect.Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {jakarta.jms.ConnectionFactory.class}, (proxy, method, args) -> {
                        throw new jakarta.jms.JMSException("broker down");
                    });
            store.payments().receive("UC-1", "fintecture", new BigDecimal("1.00"), "EUR", "c", "h", "{}");

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Outbox(store, down).flush(exchange))
                    .isInstanceOf(jakarta.jms.JMSException.class);
            assertThat(store.outbox().unsent(10)).hasSize(1);

            // The broker is back: the very next flush sends the row (its 30 s claim was given back).
            ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(broker.url());
            new Outbox(store, cf).flush(exchange);
            assertThat(store.outbox().unsent(10)).isEmpty();
            assertThat(outcomes(cf)).extracting(Message::getJMSCorrelationID).containsExactly("UC-1");
        }
    }

    /** Everything on payments.outcomes, in the order the broker hands it out. */
    private static List<Message> outcomes(ActiveMQConnectionFactory cf) throws Exception {
        List<Message> received = new ArrayList<>();
        try (Connection c = cf.createConnection(); Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            c.start();
            MessageConsumer consumer = s.createConsumer(s.createQueue("payments.outcomes"));
            Message m;
            while ((m = consumer.receive(1000)) != null) {
                received.add(m);
            }
        }
        return received;
    }

    private static String status(String outcome) {
        return outcome.substring(outcome.indexOf("\"status\":\"") + 10).split("\"")[0];
    }
}
