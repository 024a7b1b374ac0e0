package org.paymentroutes.operations;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The order an operator's retry sends again when its own message is not in the parking queue: the
 * stored canonical order, turned back into an order message intake reads as the same order (the
 * amount as the decimal string orders carry, not a JSON number; absent parts left out, not null).
 */
final class StoredOrders {

    private static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private StoredOrders() {
    }

    static String asOrderMessage(String canonical) throws Exception {
        JsonNode n = JSON.readTree(canonical);
        if (!(n instanceof ObjectNode order)) {
            throw new IllegalStateException("the stored order is not a JSON object");
        }
        dropNulls(order);
        JsonNode amount = order.get("amount");
        if (amount != null && amount.isNumber()) {
            order.put("amount", amount.decimalValue().toPlainString());
        }
        return JSON.writeValueAsString(order);
    }

    private static void dropNulls(ObjectNode o) {
        List<String> nulls = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : o.properties()) {
            if (e.getValue().isNull()) {
                nulls.add(e.getKey());
            } else if (e.getValue() instanceof ObjectNode inner) {
                dropNulls(inner);
            }
        }
        o.remove(nulls);
    }
}
