package org.paymentroutes.cli;

import java.util.concurrent.Callable;
import org.paymentroutes.outcome.Messages;
import org.paymentroutes.store.HistoryEntry;
import org.paymentroutes.store.Payment;
import org.paymentroutes.store.PaymentStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a payment (as its latest outcome event) and its whole history, from the configured store.")
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    PaymentRoutesCli parent;

    @Parameters(paramLabel = "ORDER_ID")
    String orderId;

    @Override
    public Integer call() {
        try (PaymentStore store = PaymentStore.open(parent.settings(), Messages::outcome, "payments.outcomes")) {
            Payment p = store.payments().find(orderId).orElse(null);
            if (p == null) {
                System.err.println("no payment " + orderId + " in the store");
                return 4;
            }
            System.out.println(Messages.outcome(p, "store"));
            System.out.println("history:");
            for (HistoryEntry h : store.history().of(orderId)) {
                System.out.printf("  %s  %-15s %-22s %-15s %s%s%n", h.occurredAt().toInstant(), h.status(),
                        h.providerStatus() == null ? "" : h.providerStatus(), h.source(), h.published() ? "published" : "-",
                        h.detail() == null ? "" : "  " + h.detail());
            }
            return 0;
        }
    }
}
