package org.paymentroutes.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "resolve", mixinStandardHelpOptions = true,
        description = {"Close or unblock a payment an operator has checked, through the running bundle (the broker).",
                "The change is in the payment's history with --by and is published once as an outcome with source operator.",
                "--failed REASON: FAILED with reason code REASON; --expired: EXPIRED; --session ID: the provider payment the operator"
                        + " found for a parked order (reconciliation then follows it); --retry: send the order to work again, after"
                        + " asking the provider (refused while a payment that can still be paid exists there).",
                "Exit code 0, 1 when refused, 3 when the bundle did not answer within --wait."})
final class ResolveCommand implements Callable<Integer> {

    @ParentCommand
    PaymentRoutesCli parent;

    @Parameters(paramLabel = "ORDER_ID")
    String orderId;

    @ArgGroup(exclusive = true, multiplicity = "1")
    How how;

    static final class How {
        @Option(names = "--failed", paramLabel = "REASON", description = "FAILED, with this reason code (letters, digits, _ . -).")
        String failed;

        @Option(names = "--expired", description = "EXPIRED.")
        boolean expired;

        @Option(names = "--retry", description = "Send the order to work again (the provider is asked first).")
        boolean retry;

        @Option(names = "--session", paramLabel = "ID", description = "Attach the provider payment ID found for it.")
        String session;
    }

    @Option(names = "--by", required = true, paramLabel = "NAME", description = "Who resolves it (recorded in the history).")
    String by;

    @Option(names = "--wait", defaultValue = "60", description = "Seconds to wait for the bundle's answer (default: ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Override
    public Integer call() throws Exception {
        ObjectNode request = OperatorClient.request(how.retry ? "retry" : "resolve").put("orderId", orderId).put("by", by);
        if (how.failed != null) {
            request.put("failed", how.failed);
        } else if (how.expired) {
            request.put("expired", true);
        } else if (how.session != null) {
            request.put("session", how.session);
        }
        JsonNode reply = OperatorCommands.ask(parent.settings(), request, waitSeconds);
        if (reply == null) {
            return OperatorCommands.EXIT_NO_ANSWER;
        }
        if (how.retry) {
            return OperatorCommands.results(reply);
        }
        if (!reply.path("ok").asBoolean()) {
            return OperatorCommands.refused(reply);
        }
        System.out.println("order " + orderId + " is now " + reply.path("status").asText() + " (published with source operator)");
        return 0;
    }
}
