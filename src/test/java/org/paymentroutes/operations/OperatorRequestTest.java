package org.paymentroutes.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.paymentroutes.store.PaymentStatus;

/** An operator command comes over the broker: parsed strictly, each refusal naming the field. */
class OperatorRequestTest {

    @Test
    void aListWithEveryFilterIsRead() {
        OperatorRequest r = OperatorRequest.parse("""
                {"action":"list","status":"failed","provider":"fintecture","parked":true,"attention":false,"since":"2026-01-02","limit":20}""");
        assertThat(r.status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(r.since().toString()).isEqualTo("2026-01-02T00:00Z");
        assertThat(r.limit()).isEqualTo(20);
        assertThat(r.parked()).isTrue();
    }

    @Test
    void eachMistakeIsRefusedNamingTheField() {
        refused("{\"action\":\"drop\"}", "action:");
        refused("{\"action\":\"list\",\"extra\":1}", "extra: unknown field");
        refused("{\"action\":\"list\",\"limit\":0}", "limit:");
        refused("{\"action\":\"list\",\"since\":\"yesterday\"}", "since:");
        refused("{\"action\":\"resolve\",\"orderId\":\"A-1\",\"expired\":true}", "by: is required");
        refused("{\"action\":\"resolve\",\"orderId\":\"A-1\",\"by\":\"ann\"}", "resolve: give exactly one");
        refused("{\"action\":\"resolve\",\"orderId\":\"A-1\",\"by\":\"ann\",\"expired\":true,\"failed\":\"x\"}", "resolve: give exactly one");
        refused("{\"action\":\"resolve\",\"orderId\":\"A-1\",\"by\":\"ann\",\"failed\":\"no spaces allowed\"}", "failed:");
        refused("{\"action\":\"resolve\",\"orderId\":\"A-1\",\"by\":\"<script>\",\"expired\":true}", "by:");
        refused("{\"action\":\"redrive\",\"by\":\"ann\"}", "redrive: give either");
        refused("{\"action\":\"redrive\",\"by\":\"ann\",\"all\":true,\"orderId\":\"A-1\"}", "redrive: give either");
        refused("[1]", "request:");
        refused("{\"action\":\"list\",\"x\":\"" + "a".repeat(5000) + "\"}", "request:");
    }

    private static void refused(String body, String message) {
        assertThatThrownBy(() -> OperatorRequest.parse(body)).isInstanceOf(OperatorRequest.Refused.class).hasMessageStartingWith(message);
    }
}
