package org.paymentroutes.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List payments, through the running bundle (the broker): newest first, filtered.",
                "--parked: the creation call got no answer, or the order waits in the parking queue (DLQ);"
                        + " --attention: parked, stuck before the provider, or authorized and not settled in time.",
                "Exit code 0, 1 when the bundle refused the request, 3 when it did not answer within --wait."})
final class ListCommand implements Callable<Integer> {

    private static final List<String> COLUMNS = List.of("orderId", "provider", "status", "providerPaymentId", "providerStatus",
            "reasonCode", "amount", "currency", "createdAt", "updatedAt", "authorizedAt", "settledAt", "parked", "inParkingQueue",
            "checksStopped");

    @ParentCommand
    PaymentRoutesCli parent;

    @Option(names = "--status", paramLabel = "S", description = "Only payments in this status (RECEIVED, ACTION_REQUIRED, PENDING, AUTHORIZED, SETTLED, FAILED, EXPIRED, REJECTED).")
    String status;

    @Option(names = "--provider", paramLabel = "P", description = "Only this provider's payments (fintecture, everifin).")
    String provider;

    @Option(names = "--parked", description = "Only parked orders.")
    boolean parked;

    @Option(names = "--attention", description = "Only payments that need an operator.")
    boolean attention;

    @Option(names = "--since", paramLabel = "D", description = "Only payments created since D: YYYY-MM-DD (UTC) or an ISO 8601 time with offset.")
    String since;

    @Option(names = "--limit", defaultValue = "500", description = "At most this many (default: ${DEFAULT-VALUE}; at most 10000).")
    int limit;

    @Option(names = "--format", defaultValue = "text", description = "text, csv or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--wait", defaultValue = "30", description = "Seconds to wait for the bundle's answer (default: ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Override
    public Integer call() throws Exception {
        if (!List.of("text", "csv", "json").contains(format)) {
            throw new IllegalArgumentException("--format must be text, csv or json, was " + format);
        }
        ObjectNode request = OperatorClient.request("list").put("parked", parked).put("attention", attention).put("limit", limit);
        if (status != null) {
            request.put("status", status);
        }
        if (provider != null) {
            request.put("provider", provider);
        }
        if (since != null) {
            request.put("since", since);
        }
        JsonNode reply = OperatorCommands.ask(parent.settings(), request, waitSeconds);
        if (reply == null) {
            return OperatorCommands.EXIT_NO_ANSWER;
        }
        if (!reply.path("ok").asBoolean()) {
            return OperatorCommands.refused(reply);
        }
        JsonNode payments = reply.path("payments");
        switch (format) {
            case "json" -> System.out.println(payments);
            case "csv" -> {
                System.out.println(String.join(",", COLUMNS));
                for (JsonNode p : payments) {
                    System.out.println(String.join(",", COLUMNS.stream().map(c -> csv(p.path(c))).toList()));
                }
            }
            default -> {
                System.out.printf("%-24s %-10s %-15s %12s %-3s %-20s %s%n", "order", "provider", "status", "amount", "", "created", "notes");
                for (JsonNode p : payments) {
                    String notes = (p.path("parked").asBoolean() ? "parked " : "") + (p.path("inParkingQueue").asBoolean() ? "in-DLQ " : "")
                            + (p.path("checksStopped").asBoolean() ? "checks-stopped " : "")
                            + (p.path("providerPaymentId").isTextual() ? p.path("providerPaymentId").asText() : "");
                    System.out.printf("%-24s %-10s %-15s %12s %-3s %-20s %s%n", p.path("orderId").asText(), p.path("provider").asText(),
                            p.path("status").asText(), p.path("amount").asText(), p.path("currency").asText(),
                            p.path("createdAt").asText(), notes.strip());
                }
                System.out.println(payments.size() + " payment(s)");
            }
        }
        return 0;
    }

    private static String csv(JsonNode v) {
        String s = v.isMissingNode() || v.isNull() ? "" : v.asText();
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
