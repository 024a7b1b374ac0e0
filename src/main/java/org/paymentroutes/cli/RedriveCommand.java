package org.paymentroutes.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "redrive", mixinStandardHelpOptions = true,
        description = {"Send parked or dead-lettered orders (payments.queue.parked, DLQ by default) back to work, through the running"
                + " bundle (the broker). Each order's provider is asked first: an order whose payment exists there is not sent again"
                + " (its payment is attached instead); one the provider holds nothing for goes back with its initiation mark cleared,"
                + " so it is initiated, not parked again; one whose provider cannot be asked stays parked.",
                "Exit code 0, 1 when any order was refused, 3 when the bundle did not answer within --wait."})
final class RedriveCommand implements Callable<Integer> {

    @ParentCommand
    PaymentRoutesCli parent;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--order", paramLabel = "ID", description = "This order only.")
        String orderId;

        @Option(names = "--all", description = "Every order in the parking queue.")
        boolean all;
    }

    @Option(names = "--by", paramLabel = "NAME", description = "Who redrives (recorded in the history; default: the system user name).")
    String by;

    @Option(names = "--wait", defaultValue = "120", description = "Seconds to wait for the bundle's answer (default: ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Override
    public Integer call() throws Exception {
        ObjectNode request = OperatorClient.request("redrive").put("by", by != null ? by : System.getProperty("user.name", "operator"));
        if (which.all) {
            request.put("all", true);
        } else {
            request.put("orderId", which.orderId);
        }
        JsonNode reply = OperatorCommands.ask(parent.settings(), request, waitSeconds);
        return reply == null ? OperatorCommands.EXIT_NO_ANSWER : OperatorCommands.results(reply);
    }
}
