package org.paymentroutes.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.paymentroutes.config.Settings;

/** What the operator commands share: asking the bundle, and reporting a refusal or no answer. */
final class OperatorCommands {

    static final int EXIT_REFUSED = 1;
    static final int EXIT_NO_ANSWER = 3;

    private OperatorCommands() {
    }

    /** The bundle's answer, or null (said on stderr) when none came. */
    static JsonNode ask(Settings s, ObjectNode request, int waitSeconds) throws Exception {
        try {
            return OperatorClient.ask(s, request, waitSeconds);
        } catch (OperatorClient.Unreachable | OperatorClient.NoAnswer e) {
            System.err.println(e.getMessage());
            return null;
        }
    }

    static int refused(JsonNode reply) {
        System.err.println("refused: " + reply.path("error").asText());
        return EXIT_REFUSED;
    }

    /** One line per order of a retry or redrive; exit code 1 when any was refused. */
    static int results(JsonNode reply) {
        if (reply.has("error")) {
            return refused(reply);
        }
        for (JsonNode r : reply.path("results")) {
            System.out.printf("%-24s %-9s %s%n", r.path("orderId").asText("(no order id)"), r.path("result").asText(),
                    r.path("detail").asText());
        }
        if (reply.path("results").isEmpty()) {
            System.out.println("nothing to redrive: no order waits in the parking queue");
        }
        return reply.path("ok").asBoolean() ? 0 : EXIT_REFUSED;
    }
}
