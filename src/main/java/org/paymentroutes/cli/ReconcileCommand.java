package org.paymentroutes.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.time.OffsetDateTime;
import java.util.concurrent.Callable;
import org.paymentroutes.outcome.Messages;
import org.paymentroutes.store.PaymentStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = {"Ask the running bundle to check now: one payment, or (without ORDER_ID) every payment due.",
                "The request goes through the broker, so whichever instance is running takes it;"
                        + " with ORDER_ID, waits for the check and prints the payment's status."})
final class ReconcileCommand implements Callable<Integer> {

    @ParentCommand
    PaymentRoutesCli parent;

    @Parameters(arity = "0..1", paramLabel = "ORDER_ID")
    String orderId;

    @Option(names = "--wait", defaultValue = "30", description = "Seconds to wait for the check of ORDER_ID (default: ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Override
    public Integer call() throws Exception {
        var settings = parent.settings();
        OffsetDateTime asked = OffsetDateTime.now();
        ObjectNode request = new ObjectMapper().createObjectNode();
        request.put("orderId", orderId);
        try (Connection c = Broker.connectionFactory(settings).createConnection();
             Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer producer = session.createProducer(session.createQueue(settings.require("payments.queue.reconcile")));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            producer.send(session.createTextMessage(request.toString()));
        }
        System.out.println("reconciliation requested" + (orderId == null ? " for every payment due" : " for order " + orderId));
        if (orderId == null || waitSeconds <= 0) {
            return 0;
        }
        try (PaymentStore store = PaymentStore.open(settings, Messages::outcome, "payments.outcomes")) {
            long deadline = System.currentTimeMillis() + waitSeconds * 1000L;
            while (System.currentTimeMillis() < deadline) {
                boolean checked = store.history().of(orderId).stream()
                        .anyMatch(h -> "reconciliation".equals(h.source()) && !h.occurredAt().isBefore(asked))
                        || store.payments().find(orderId).map(p -> p.updatedAt().isAfter(asked)).orElse(false);
                if (checked) {
                    break;
                }
                Thread.sleep(250);
            }
            var p = store.payments().find(orderId);
            if (p.isEmpty()) {
                System.err.println("no payment " + orderId + " in the store");
                return 4;
            }
            System.out.println(Messages.outcome(p.get(), "store"));
            return 0;
        }
    }
}
