package org.paymentroutes.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.paymentroutes.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Print messages from a queue as JSON lines, then exit after --count messages or --timeout seconds.",
                "Messages are consumed (as the ERP would) unless --browse is given.",
                "Exit code 0, or 3 when --count was given and fewer messages arrived before the timeout."})
public final class WatchCommand implements Callable<Integer> {

    @ParentCommand
    PaymentRoutesCli parent;

    @Option(names = "--queue", defaultValue = "payments.outcomes", description = "Queue to read (default: ${DEFAULT-VALUE}).")
    String queue;

    @Option(names = "--count", description = "Exit after this many messages.")
    Integer count;

    @Option(names = "--timeout", defaultValue = "30", description = "Exit after this many seconds (default: ${DEFAULT-VALUE}; 0 = never).")
    long timeoutSeconds;

    @Option(names = "--browse", description = "Look without consuming: messages stay on the queue.")
    boolean browse;

    @Override
    public Integer call() throws Exception {
        int seen = watch(parent.settings(), queue, count, timeoutSeconds, browse, System.out::println);
        return count != null && seen < count ? 3 : 0;
    }

    /** Reads until count or timeout, handing each message as one JSON line to the sink; returns how many. */
    public static int watch(Settings s, String queue, Integer count, long timeoutSeconds, boolean browse, Consumer<String> sink) throws Exception {
        ObjectMapper json = new ObjectMapper();
        long deadline = timeoutSeconds <= 0 ? Long.MAX_VALUE : System.currentTimeMillis() + timeoutSeconds * 1000;
        int seen = 0;
        try (Connection c = Broker.connectionFactory(s).createConnection();
             Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            c.start();
            if (browse) {
                var e = session.createBrowser(session.createQueue(queue)).getEnumeration();
                while (e.hasMoreElements() && (count == null || seen < count)) {
                    sink.accept(line(json, queue, (Message) e.nextElement()));
                    seen++;
                }
                return seen;
            }
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            while (count == null || seen < count) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    break;
                }
                Message m = consumer.receive(Math.min(left, 1000));
                if (m != null) {
                    sink.accept(line(json, queue, m));
                    seen++;
                }
            }
        }
        return seen;
    }

    /** The message body when it is a JSON object; otherwise the body wrapped with the queue and correlation id. */
    static String line(ObjectMapper json, String queue, Message m) throws Exception {
        String body = m instanceof TextMessage t ? t.getText()
                : m instanceof BytesMessage b ? bytes(b) : String.valueOf(m.getBody(Object.class));
        try {
            JsonNode n = json.readTree(body);
            if (n != null && n.isObject()) {
                return json.writeValueAsString(n);
            }
        } catch (Exception notJson) {
            // fall through: wrap it
        }
        ObjectNode wrapped = json.createObjectNode();
        wrapped.put("queue", queue);
        wrapped.put("correlationId", m.getJMSCorrelationID());
        wrapped.put("body", body);
        return json.writeValueAsString(wrapped);
    }

    private static String bytes(BytesMessage b) throws Exception {
        byte[] data = new byte[(int) b.getBodyLength()];
        b.readBytes(data);
        return new String(data, StandardCharsets.UTF_8);
    }
}
