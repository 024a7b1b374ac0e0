package org.paymentroutes.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.util.Map;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paymentroutes.config.ConfigException;
import org.paymentroutes.config.Settings;

/** The embedded broker is never open to other machines, and with credentials each client has its role. */
class BrokerSecurityTest {

    static final Map<String, String> ACCOUNTS = Map.of(
            "payments.broker.user", "bundle", "payments.broker.password", "bundle-pw-1",
            "payments.broker.erp-user", "erp", "payments.broker.erp-password", "erp-pw-2",
            "payments.broker.operator-user", "ops", "payments.broker.operator-password", "ops-pw-3");

    @TempDir
    Path dataDir;

    @Test
    void aBrokerOtherMachinesCanReachIsRefusedWithoutCredentials() {
        for (String listen : new String[] {"0.0.0.0:0", "[::]:0", "10.20.30.40:0"}) {
            assertThatThrownBy(() -> EmbeddedBroker.start(listen, dataDir, BrokerSecurity.from(Settings.of(Map.of()))))
                    .as(listen).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("payments.broker.listen").hasMessageContaining("payments.broker.user")
                    .hasMessageContaining("payments.broker.password");
        }
    }

    @Test
    void loopbackNamesAreRecognisedAndOthersAreNot() {
        assertThat(BrokerSecurity.isLoopback("127.0.0.1")).isTrue();
        assertThat(BrokerSecurity.isLoopback("localhost")).isTrue();
        assertThat(BrokerSecurity.isLoopback("::1")).isTrue();
        assertThat(BrokerSecurity.isLoopback("0.0.0.0")).isFalse();
        assertThat(BrokerSecurity.isLoopback("192.168.1.10")).isFalse();
        assertThatThrownBy(() -> BrokerSecurity.isLoopback("no-such-host.invalid")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("payments.broker.listen: unknown host 'no-such-host.invalid'");
    }

    @Test
    void halfGivenCredentialsNameTheMissingKeyAndNeverTheValue() {
        assertThatThrownBy(() -> BrokerSecurity.from(Settings.of(Map.of("payments.broker.user", "bundle"))))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("payments.broker.password:");
        assertThatThrownBy(() -> BrokerSecurity.from(Settings.of(Map.of("payments.broker.erp-password", "erp-secret-value"))))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("payments.broker.erp-user:")
                .hasMessageNotContaining("erp-secret-value");
        assertThatThrownBy(() -> BrokerSecurity.from(Settings.of(Map.of("payments.broker.erp-user", "erp", "payments.broker.erp-password", "x"))))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("payments.broker.user:");
    }

    @Test
    void withCredentialsEachClientHasItsRole() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1:0", dataDir, BrokerSecurity.from(Settings.of(ACCOUNTS)))) {
            assertThatThrownBy(() -> connect(broker, null, null)).isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> connect(broker, "erp", "wrong")).isInstanceOf(JMSSecurityException.class);

            try (Connection erp = connect(broker, "erp", "erp-pw-2")) {
                Session s = erp.createSession(false, Session.AUTO_ACKNOWLEDGE);
                s.createProducer(s.createQueue("payments.orders")).send(s.createTextMessage("{}"));
                s.createProducer(s.createQueue("payments.inputs")).send(s.createTextMessage("{}"));
                s.createConsumer(s.createQueue("payments.outcomes")).close();
                s.createConsumer(s.createQueue("payments.actions")).close();
                s.createConsumer(s.createQueue("payments.rejected")).close();
                s.createConsumer(s.createQueue("payments.reports")).close();
                assertRefused(() -> s.createConsumer(s.createQueue("payments.orders")));
                assertRefused(() -> s.createProducer(s.createQueue("payments.outcomes")).send(s.createTextMessage("forged")));
                assertRefused(() -> s.createConsumer(s.createQueue("DLQ")));
                assertRefused(() -> s.createConsumer(s.createQueue("payments.internal.process")));
                // Operator commands change payments: never from an ERP.
                assertRefused(() -> s.createProducer(s.createQueue("payments.internal.operator")).send(s.createTextMessage("{}")));
            }
            try (Connection bundle = connect(broker, "bundle", "bundle-pw-1")) {
                Session s = bundle.createSession(false, Session.AUTO_ACKNOWLEDGE);
                assertThat(s.createConsumer(s.createQueue("payments.orders")).receive(5_000)).isNotNull();
                s.createProducer(s.createQueue("payments.outcomes")).send(s.createTextMessage("{}"));
                s.createProducer(s.createQueue("DLQ")).send(s.createTextMessage("parked"));
                s.createConsumer(s.createQueue("payments.internal.process")).close();
            }
            try (Connection ops = connect(broker, "ops", "ops-pw-3"); Connection bundle = connect(broker, "bundle", "bundle-pw-1")) {
                Session s = ops.createSession(false, Session.AUTO_ACKNOWLEDGE);
                assertThat(s.createConsumer(s.createQueue("DLQ")).receive(5_000)).isNotNull();
                // The operator CLI's request/reply: a command with a temporary reply queue, which the bundle answers.
                jakarta.jms.TemporaryQueue replies = s.createTemporaryQueue();
                jakarta.jms.TextMessage command = s.createTextMessage("{\"action\":\"list\"}");
                command.setJMSReplyTo(replies);
                s.createProducer(s.createQueue("payments.internal.operator")).send(command);
                Session b = bundle.createSession(false, Session.AUTO_ACKNOWLEDGE);
                jakarta.jms.Message received = b.createConsumer(b.createQueue("payments.internal.operator")).receive(5_000);
                assertThat(received).isNotNull();
                b.createProducer(received.getJMSReplyTo()).send(b.createTextMessage("{\"ok\":true}"));
                assertThat(s.createConsumer(replies).receive(5_000)).isNotNull();
            }
        }
    }

    static void assertRefused(ThrowingRunnable action) {
        assertThatThrownBy(action::run).isInstanceOf(JMSSecurityException.class);
    }

    interface ThrowingRunnable {
        void run() throws JMSException;
    }

    static Connection connect(EmbeddedBroker broker, String user, String password) throws JMSException {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(broker.url());
        Connection connection = user == null ? factory.createConnection() : factory.createConnection(user, password);
        connection.start();
        return connection;
    }
}
