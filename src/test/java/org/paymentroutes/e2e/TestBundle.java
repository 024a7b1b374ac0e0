package org.paymentroutes.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.paymentroutes.app.PaymentRoutesApp;
import org.paymentroutes.config.Settings;
import org.paymentroutes.sandbox.SandboxProfile;
import org.paymentroutes.sandbox.everifin.EverifinSandbox;
import org.paymentroutes.sandbox.everifin.EverifinSandboxSettings;
import org.paymentroutes.sandbox.fintecture.FintectureSandbox;
import org.paymentroutes.sandbox.fintecture.SandboxSettings;

/**
 * The whole bundle for a test: the Fintecture sandbox on a free port, the bundle with its embedded
 * broker and store in a temporary directory pointed at it, and a JMS client playing the ERP.
 */
final class TestBundle implements AutoCloseable {

    final FintectureSandbox sandbox;
    final EverifinSandbox everifin;
    PaymentRoutesApp app;
    final Settings settings;
    private Connection connection;
    private Session session;
    private final ObjectMapper json = new ObjectMapper();

    private TestBundle(FintectureSandbox sandbox, EverifinSandbox everifin, PaymentRoutesApp app, Settings settings) throws Exception {
        this.sandbox = sandbox;
        this.everifin = everifin;
        this.app = app;
        this.settings = settings;
        this.connection = new ActiveMQConnectionFactory(app.brokerUrl()).createConnection();
        this.connection.start();
        this.session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    static TestBundle start(Path dir, Map<String, String> extra) throws Exception {
        int httpPort = freePort();
        // The sandbox sends its webhooks to the bundle, retrying quickly.
        FintectureSandbox sandbox = new FintectureSandbox(SandboxSettings.demo().withPort(0)
                .withWebhookUrl("http://localhost:" + httpPort + "/webhooks/fintecture")
                .withWebhookRetryBase(java.time.Duration.ofMillis(100))).start();
        EverifinSandbox everifin = new EverifinSandbox(EverifinSandboxSettings.demo().withPort(0)).start();
        Map<String, String> values = new HashMap<>(SandboxProfile.fintecture(sandbox, dir));
        values.putAll(SandboxProfile.everifin(everifin, "http://localhost:" + httpPort));
        values.put("payments.data-dir", dir.toString());
        values.put("payments.broker.listen", "127.0.0.1:" + freePort());
        values.put("payments.http.port", String.valueOf(httpPort));
        values.put("payments.management.port", String.valueOf(freePort()));
        values.put("payments.fintecture.redirect-uri", "http://localhost:" + httpPort + "/callbacks/fintecture");
        values.putAll(extra);
        Settings settings = Settings.of(values);
        try {
            return new TestBundle(sandbox, everifin, PaymentRoutesApp.start(settings), settings);
        } catch (Exception e) {
            sandbox.close();
            everifin.close();
            throw e;
        }
    }

    /** Stops the bundle (as a crash would leave it: nothing in memory survives) and starts it again on the same data. */
    void restart() throws Exception {
        session.close();
        connection.close();
        app.close();
        app = PaymentRoutesApp.start(settings);
        connection = new ActiveMQConnectionFactory(app.brokerUrl()).createConnection();
        connection.start();
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    /** Every value of every row of the bundle's tables, as text (to search for what must never be stored). */
    String storeDump() throws Exception {
        StringBuilder out = new StringBuilder();
        // A pool of its own on the bundle's database: the store hands out no connections.
        try (com.zaxxer.hikari.HikariDataSource ds = org.paymentroutes.store.StoreDataSource.open(settings);
             java.sql.Connection c = ds.getConnection(); java.sql.Statement st = c.createStatement()) {
            for (String table : List.of("payment", "payment_history", "outbox", "webhook_receipt", "everifin_process", "reconcile_check")) {
                try (java.sql.ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= n; i++) {
                            out.append(rs.getString(i)).append('|');
                        }
                        out.append('\n');
                    }
                }
            }
        }
        return out.toString();
    }

    String httpBase() {
        return "http://localhost:" + settings.get("payments.http.port");
    }

    /** The management port (health, metrics), on the loopback interface. */
    String managementBase() {
        return "http://127.0.0.1:" + settings.get("payments.management.port");
    }

    void send(String queue, String body) throws Exception {
        try (MessageProducer p = session.createProducer(session.createQueue(queue))) {
            p.send(session.createTextMessage(body));
        }
    }

    void sendOrder(String body) throws Exception {
        send("payments.orders", body);
    }

    /** Sends raw bytes as a JMS BytesMessage (what an ERP writing non-text or non-UTF-8 payloads puts on the queue). */
    void sendBytes(String queue, byte[] body) throws Exception {
        try (MessageProducer p = session.createProducer(session.createQueue(queue))) {
            jakarta.jms.BytesMessage m = session.createBytesMessage();
            m.writeBytes(body);
            p.send(m);
        }
    }

    /**
     * Reads up to {@code count} messages of any type as they are (no JSON parsing), matching a JMS
     * selector ({@code null}: all), waiting at most {@code timeoutMs} in all.
     */
    List<Message> receiveMessages(String queue, String selector, int count, long timeoutMs) throws Exception {
        List<Message> out = new ArrayList<>();
        long deadline = System.currentTimeMillis() + timeoutMs;
        try (MessageConsumer c = session.createConsumer(session.createQueue(queue), selector)) {
            while (out.size() < count && System.currentTimeMillis() < deadline) {
                Message m = c.receive(Math.max(1, Math.min(500, deadline - System.currentTimeMillis())));
                if (m != null) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    /** Reads up to {@code count} messages for one order (by JMSCorrelationID), waiting at most {@code timeoutMs} in all. */
    List<JsonNode> receive(String queue, String orderId, int count, long timeoutMs) throws Exception {
        return receiveSelected(queue, "JMSCorrelationID = '" + orderId + "'", count, timeoutMs);
    }

    /** Reads up to {@code count} messages matching a JMS selector, waiting at most {@code timeoutMs} in all. */
    List<JsonNode> receiveSelected(String queue, String selector, int count, long timeoutMs) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        long deadline = System.currentTimeMillis() + timeoutMs;
        try (MessageConsumer c = session.createConsumer(session.createQueue(queue), selector)) {
            while (out.size() < count && System.currentTimeMillis() < deadline) {
                Message m = c.receive(Math.max(1, Math.min(500, deadline - System.currentTimeMillis())));
                if (m != null) {
                    JsonNode n = json.readTree(((TextMessage) m).getText());
                    ((com.fasterxml.jackson.databind.node.ObjectNode) n).put("_correlationId", m.getJMSCorrelationID());
                    out.add(n);
                }
            }
        }
        return out;
    }

    /** Whatever else arrives for the order within the time given (to prove nothing more was published). */
    List<JsonNode> drain(String queue, String orderId, long quietMs) throws Exception {
        return receive(queue, orderId, Integer.MAX_VALUE, quietMs);
    }

    /** A plain JMS client playing the ERP against any broker. */
    static final class ErpClient implements AutoCloseable {
        private final Connection connection;
        private final Session session;

        ErpClient(String brokerUrl) throws Exception {
            connection = new ActiveMQConnectionFactory(brokerUrl).createConnection();
            session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        }

        void sendOrder(String body) throws Exception {
            try (MessageProducer p = session.createProducer(session.createQueue("payments.orders"))) {
                p.send(session.createTextMessage(body));
            }
        }

        @Override
        public void close() throws Exception {
            session.close();
            connection.close();
        }
    }

    static String order(String orderId, String amount) {
        return """
                {"orderId": "%s", "provider": "fintecture", "amount": "%s", "currency": "EUR",
                 "communication": "INV-%s", "payer": {"name": "Zoë Lefèbre", "email": "zoe@example.com",
                 "address": {"street": "rue Marie Stuart", "number": "2", "zip": "75002", "city": "PARIS", "country": "FR"}}}
                """.formatted(orderId, amount, orderId);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            session.close();
            connection.close();
        } finally {
            app.close();
            sandbox.close();
            everifin.close();
        }
    }
}
