package org.paymentroutes.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = {"Ask the running bundle to check now: one payment, or (without ORDER_ID) every payment due.",
                "The request goes through the broker, so whichever instance is running takes it;"
                        + " with ORDER_ID, the provider is asked (whatever the payment's status) and the answer is printed:"
                        + " \"source\": \"provider\" with what was asked (\"asked\": \"GET ...\") and what it said, or"
                        + " \"source\": \"store\" with why the provider could not be asked (\"why\").",
                "Exit code 3: no answer within --wait; 4: no such payment."})
final class ReconcileCommand implements Callable<Integer> {

    @ParentCommand
    PaymentRoutesCli parent;

    @Parameters(arity = "0..1", paramLabel = "ORDER_ID")
    String orderId;

    @Option(names = "--wait", defaultValue = "30", description = "Seconds to wait for the bundle's answer about ORDER_ID (default: ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Override
    public Integer call() throws Exception {
        var settings = parent.settings();
        String requestId = java.util.UUID.randomUUID().toString();
        ObjectNode request = new ObjectMapper().createObjectNode();
        request.put("orderId", orderId);
        request.put("requestId", requestId);
        String queue = settings.require("payments.queue.reconcile");
        try (Connection c = Broker.connectionFactory(settings).createConnection();
             Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            c.start();
            // Listening before asking: the answer cannot slip by.
            try (MessageConsumer replies = session.createConsumer(session.createQueue(queue + ".replies"),
                    "JMSCorrelationID = '" + requestId + "'")) {
                MessageProducer producer = session.createProducer(session.createQueue(queue));
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                producer.send(session.createTextMessage(request.toString()));
                System.out.println("reconciliation requested" + (orderId == null ? " for every payment due" : " for order " + orderId));
                if (orderId == null || waitSeconds <= 0) {
                    return 0;
                }
                // The bundle's answer: what it asked the provider and what the provider said, or why it could not ask.
                Message reply = replies.receive(waitSeconds * 1000L);
                if (reply == null) {
                    System.err.println("no answer from a running bundle within " + waitSeconds + " s (is one running on this broker?)");
                    return 3;
                }
                String body = ((TextMessage) reply).getText();
                System.out.println(body);
                return new ObjectMapper().readTree(body).path("payment").isNull() ? 4 : 0;
            }
        }
    }
}
