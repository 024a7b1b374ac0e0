package org.paymentroutes.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.paymentroutes.config.Settings;
import org.paymentroutes.iso20022.Pain001Intake;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Send payment orders (JSON files) or ISO 20022 pain.001 files (XML) to the orders queue, as an ERP would."
                + " The files are sent as they are (an order as text, a pain.001 as bytes: Artemis streams a large one): an invalid"
                + " order is sent too, and the bundle rejects it.")
public final class SubmitCommand implements Callable<Integer> {

    @ParentCommand
    PaymentRoutesCli parent;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Payment order files (JSON) or pain.001 files (XML, UTF-8).")
    List<Path> files;

    @Option(names = "--queue", description = "Queue to send to (default: payments.queue.orders).")
    String queue;

    @Override
    public Integer call() throws Exception {
        Settings s = parent.settings();
        String target = queue != null ? queue : s.require("payments.queue.orders");
        return send(s, target, files);
    }

    public static int send(Settings s, String queue, List<Path> files) throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (Connection c = Broker.connectionFactory(s).createConnection();
             Session session = c.createSession(true, Session.SESSION_TRANSACTED)) {
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (Path file : files) {
                byte[] raw = Files.readAllBytes(file);
                if (Pain001Intake.looksLikeXml(raw)) {
                    // A pain.001 as its bytes: half the size of Artemis' UTF-16 text, and its encoding checked by the bundle.
                    BytesMessage m = session.createBytesMessage();
                    m.writeBytes(raw);
                    producer.send(m);
                    session.commit();
                    System.out.println("sent " + file + " (pain.001 file: its report comes on " + s.require("payments.queue.status-reports")
                            + ") to " + queue);
                    continue;
                }
                String body = Files.readString(file, StandardCharsets.UTF_8); // strict: a malformed order file stops here
                TextMessage m = session.createTextMessage(body);
                String orderId = orderIdOf(json, body);
                if (orderId != null) {
                    m.setJMSCorrelationID(orderId);
                }
                producer.send(m);
                session.commit();
                System.out.println("sent " + file + (orderId != null ? " (order " + orderId + ")" : "") + " to " + queue);
            }
        }
        return 0;
    }

    private static String orderIdOf(ObjectMapper json, String body) {
        try {
            JsonNode n = json.readTree(body);
            return n != null && n.path("orderId").isTextual() ? n.path("orderId").asText() : null;
        } catch (Exception e) {
            return null;
        }
    }
}
