package org.paymentroutes.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.paymentroutes.order.OrderParser;
import org.paymentroutes.order.PaymentOrder;

/** An operator's retry sends the stored (canonical) order again: intake must read it as the very same order. */
class StoredOrdersTest {

    private static final OrderParser PARSER = new OrderParser(Set.of("fintecture"));

    /** As intake stores an order (Intake.canonicalJson). */
    private static String canonical(PaymentOrder order) throws Exception {
        return JsonMapper.builder().build().writeValueAsString(order);
    }

    @Test
    void theStoredOrderIsSentAsAValidOrderWithTheSameCanonicalForm() throws Exception {
        String sent = """
                {"orderId": "S-1", "provider": "fintecture", "amount": "12.50", "currency": "EUR", "communication": "INV-1",
                 "payer": {"name": "Zoë Lefèbre", "email": "zoe@example.com",
                 "address": {"street": "rue Marie Stuart", "number": "2", "zip": "75002", "city": "PARIS", "country": "FR"}}}
                """;
        String stored = canonical(PARSER.parse(sent.getBytes(StandardCharsets.UTF_8)).order());
        assertThat(PARSER.parse(stored.getBytes(StandardCharsets.UTF_8)).problems()).as("the canonical form itself is not an order")
                .isNotEmpty();

        OrderParser.Result again = PARSER.parse(StoredOrders.asOrderMessage(stored).getBytes(StandardCharsets.UTF_8));
        assertThat(again.problems()).isEmpty();
        assertThat(canonical(again.order())).isEqualTo(stored);
    }
}
