package org.paymentroutes.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.paymentroutes.broker.BrokerTestSupport.DECLARED_QUEUES;
import static org.paymentroutes.broker.BrokerTestSupport.connect;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedBrokerTest {

    @TempDir
    Path dataDir;

    @Test
    void portZeroPicksAFreePortAndLeavesNoSystemPropertiesBehind() throws Exception {
        String before = System.getProperty(EmbeddedBroker.PORT_PROPERTY);
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1:0", dataDir)) {
            assertThat(broker.url()).matches("tcp://127\\.0\\.0\\.1:\\d+").doesNotEndWith(":0");
            try (Connection connection = connect(broker)) {
                assertThat(connection.getMetaData().getJMSProviderName()).containsIgnoringCase("ActiveMQ");
            }
        }
        assertThat(System.getProperty(EmbeddedBroker.PORT_PROPERTY)).isEqualTo(before);
        assertThat(dataDir.resolve("journal")).isDirectory();
        assertThat(dataDir.resolve("bindings")).isDirectory();
    }

    @Test
    void listensOnAnIpv6LoopbackToo() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            assumeTrue(probe.isBound());
        } catch (java.io.IOException noIpv6) {
            assumeTrue(false, "no IPv6 loopback on this machine");
        }
        try (EmbeddedBroker broker = EmbeddedBroker.start("[::1]:0", dataDir);
             Connection connection = connect(broker)) {
            assertThat(broker.url()).matches("tcp://\\[::1]:\\d+");
            assertThat(connection.getMetaData()).isNotNull();
        }
    }

    @Test
    void persistentMessageSurvivesARestartOnTheSameDataDir() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1:0", dataDir);
             Connection connection = connect(broker)) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("payments.orders"));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            TextMessage order = session.createTextMessage("{\"orderId\":\"ERP-1\"}");
            order.setJMSCorrelationID("ERP-1");
            producer.send(order);
        }

        try (EmbeddedBroker restarted = EmbeddedBroker.start("127.0.0.1:0", dataDir);
             Connection connection = connect(restarted)) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Message received = session.createConsumer(session.createQueue("payments.orders")).receive(5_000);
            assertThat(received).isInstanceOf(TextMessage.class);
            assertThat(((TextMessage) received).getText()).isEqualTo("{\"orderId\":\"ERP-1\"}");
            assertThat(received.getJMSCorrelationID()).isEqualTo("ERP-1");
        }
    }

    /**
     * The broker is the retry layer: each rollback of a transacted consumer brings the message back
     * after a growing delay (capped), and the 10th failed delivery moves it to DLQ. Delays are
     * shortened through the placeholders broker.xml exposes; the attempt count is the real default.
     */
    @Test
    void rolledBackTenTimesWithBackOffThenDeadLettered() throws Exception {
        List<Long> receivedAt = new ArrayList<>();
        try (SystemProperties fast = SystemProperties.set(Map.of(
                "payments.broker.redelivery-delay", "100",
                "payments.broker.redelivery-multiplier", "2",
                "payments.broker.max-redelivery-delay", "400"));
             EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1:0", dataDir);
             Connection connection = connect(broker)) {

            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            Queue orders = session.createQueue("payments.orders");
            TextMessage order = session.createTextMessage("{\"orderId\":\"ERP-2\"}");
            order.setJMSCorrelationID("ERP-2");
            session.createProducer(orders).send(order);
            session.commit();

            MessageConsumer consumer = session.createConsumer(orders);
            for (int attempt = 1; attempt <= 10; attempt++) {
                Message delivery = consumer.receive(5_000);
                assertThat(delivery).as("delivery %d", attempt).isNotNull();
                receivedAt.add(System.nanoTime());
                assertThat(delivery.getIntProperty("JMSXDeliveryCount")).isEqualTo(attempt);
                session.rollback(); // as a failing transacted Camel route does
            }
            assertThat(consumer.receive(1_000)).as("nothing left on payments.orders").isNull();
            consumer.close();

            Message dead = session.createConsumer(session.createQueue("DLQ")).receive(5_000);
            assertThat(dead).isNotNull();
            assertThat(dead.getJMSCorrelationID()).isEqualTo("ERP-2");
            assertThat(dead.getStringProperty("_AMQ_ORIG_QUEUE")).isEqualTo("payments.orders");
            session.commit();
        }

        List<Long> gapsMs = new ArrayList<>();
        for (int i = 1; i < receivedAt.size(); i++) {
            gapsMs.add((receivedAt.get(i) - receivedAt.get(i - 1)) / 1_000_000);
        }
        // 100 ms, then doubled (200), then capped at 400 for the rest; a little slack for timer rounding.
        assertThat(gapsMs.get(0)).as("first redelivery delay, gaps %s", gapsMs).isGreaterThanOrEqualTo(90);
        assertThat(gapsMs.get(1)).as("doubled delay, gaps %s", gapsMs).isGreaterThanOrEqualTo(180);
        assertThat(gapsMs.subList(2, gapsMs.size())).as("capped delays").allSatisfy(gap ->
                assertThat(gap).isBetween(360L, 5_000L));
    }

    @Test
    void declaredQueuesExistAsDurableAnycastQueues() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1:0", dataDir);
             ServerLocator locator = ActiveMQClient.createServerLocator(broker.url());
             ClientSessionFactory factory = locator.createSessionFactory();
             ClientSession session = factory.createSession()) {
            for (String name : DECLARED_QUEUES) {
                ClientSession.QueueQuery queue = session.queueQuery(SimpleString.of(name));
                assertThat(queue.isExists()).as("%s exists", name).isTrue();
                assertThat(queue.isAutoCreated()).as("%s declared, not auto-created", name).isFalse();
                assertThat(queue.isDurable()).as("%s durable", name).isTrue();
                assertThat(queue.getRoutingType()).as("%s routing", name).isEqualTo(RoutingType.ANYCAST);
            }
        }
    }

    @Test
    void portAlreadyInUseFailsNamingTheSetting() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String listen = "127.0.0.1:" + taken.getLocalPort();
            assertThatThrownBy(() -> EmbeddedBroker.start(listen, dataDir))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("payments.broker.listen: " + listen + " is already in use");
        }
    }

    @Test
    void anAddressThatIsNotThisMachinesFailsNamingTheSetting() {
        // With credentials (a non-loopback address is refused before any bind without them: BrokerSecurityTest).
        BrokerSecurity security = BrokerSecurity.from(org.paymentroutes.config.Settings.of(
                Map.of("payments.broker.user", "bundle", "payments.broker.password", "pw")));
        assertThatThrownBy(() -> EmbeddedBroker.start("203.0.113.7:0", dataDir, security)) // TEST-NET-3, never local
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("payments.broker.listen: cannot listen on 203.0.113.7:0");
        assertThatThrownBy(() -> EmbeddedBroker.start("no-such-host.invalid:0", dataDir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("payments.broker.listen: unknown host 'no-such-host.invalid'");
    }

    @Test
    void dataDirMayContainCharactersXmlWouldMisread() throws Exception {
        Path odd = dataDir.resolve("payments & <broker>");
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1:0", odd)) {
            assertThat(broker.url()).startsWith("tcp://127.0.0.1:");
        }
        assertThat(odd.resolve("journal")).isDirectory();
    }

    @Test
    void twoBrokersInOneJvmDoNotShareTheirSettings() throws Exception {
        try (EmbeddedBroker first = EmbeddedBroker.start("127.0.0.1:0", dataDir.resolve("a"));
             EmbeddedBroker second = EmbeddedBroker.start("127.0.0.1:0", dataDir.resolve("b"))) {
            assertThat(first.url()).isNotEqualTo(second.url());
            try (Connection a = connect(first); Connection b = connect(second)) {
                assertThat(a).isNotNull();
                assertThat(b).isNotNull();
            }
        }
        assertThat(dataDir.resolve("a/journal")).isDirectory();
        assertThat(dataDir.resolve("b/journal")).isDirectory();
    }

    @Test
    void closeTwiceIsHarmless() throws Exception {
        EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1:0", dataDir);
        broker.close();
        broker.close();
    }
}
