package org.paymentroutes.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import org.paymentroutes.outcome.Messages;
import org.paymentroutes.store.HistoryEntry;
import org.paymentroutes.store.Payment;
import org.paymentroutes.store.PaymentStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show a payment (as its latest outcome event) and its whole history.",
                "Asks the running bundle through the broker; when no bundle answers, reads the configured store itself"
                        + " (the embedded H2 file only while no bundle holds it)."})
final class StatusCommand implements Callable<Integer> {

    private static final String LINE = "  %s  %-15s %-22s %-15s %s%s%n";

    @ParentCommand
    PaymentRoutesCli parent;

    @Parameters(paramLabel = "ORDER_ID")
    String orderId;

    @Option(names = "--wait", defaultValue = "10", description = "Seconds to wait for the bundle's answer before reading the store (default: ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Override
    public Integer call() throws Exception {
        var settings = parent.settings();
        JsonNode reply;
        try {
            reply = OperatorClient.ask(settings, OperatorClient.request("status").put("orderId", orderId), waitSeconds);
        } catch (OperatorClient.Unreachable | OperatorClient.NoAnswer e) {
            System.err.println(e.getMessage() + "; reading the store");
            return fromStore();
        }
        if (!reply.path("ok").asBoolean()) {
            System.err.println(reply.path("error").asText());
            return 4;
        }
        System.out.println(reply.path("payment"));
        System.out.println("history:");
        for (JsonNode h : reply.path("history")) {
            System.out.printf(LINE, h.path("occurredAt").asText(), h.path("status").asText(), text(h.path("providerStatus")),
                    h.path("source").asText(), h.path("published").asBoolean() ? "published" : "-",
                    h.path("detail").isTextual() ? "  " + h.path("detail").asText() : "");
        }
        return 0;
    }

    private static String text(JsonNode n) {
        return n.isTextual() ? n.asText() : "";
    }

    private int fromStore() {
        try (PaymentStore store = PaymentStore.open(parent.settings(), Messages::outcome, "payments.outcomes")) {
            Payment p = store.payments().find(orderId).orElse(null);
            if (p == null) {
                System.err.println("no payment " + orderId + " in the store");
                return 4;
            }
            System.out.println(Messages.outcome(p, "store"));
            System.out.println("history:");
            for (HistoryEntry h : store.history().of(orderId)) {
                System.out.printf(LINE, h.occurredAt().toInstant(), h.status(), h.providerStatus() == null ? "" : h.providerStatus(),
                        h.source(), h.published() ? "published" : "-", h.detail() == null ? "" : "  " + h.detail());
            }
            return 0;
        }
    }
}
