package org.paymentroutes.sandbox.everifin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The sandbox's demo payer at an INPUT step: what an ERP front end would send back for each input
 * the bundle's INPUT action asks for (the demo bank's credentials and OTP, the first option of a
 * select, yes to a checkbox, a scan). Used by the tests and the bench that play the front end.
 */
public final class DemoPayer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoPayer() {
    }

    /** The answer to each input of an INPUT action, by name, typed as the action lists them. */
    public static ObjectNode answers(JsonNode action) {
        ObjectNode values = JSON.createObjectNode();
        for (JsonNode input : action.path("inputs")) {
            String name = input.path("name").asText();
            switch (input.path("type").asText()) {
                case "SELECT" -> values.put(name, input.path("selectOptions").get(0).path("value").asText());
                case "BOOLEAN" -> values.put(name, true);
                case "IMAGE_SCAN" -> values.put(name, "scanned");
                default -> values.put(name, switch (name) {
                    case "userId" -> EverifinSandboxSettings.DEMO_USER_ID;
                    case "userPassword" -> EverifinSandboxSettings.DEMO_USER_PASSWORD;
                    case "otp" -> EverifinSandboxSettings.DEMO_OTP;
                    default -> "x";
                });
            }
        }
        return values;
    }
}
