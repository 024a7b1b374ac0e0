package org.paymentroutes.fintecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.paymentroutes.store.Payment;
import org.paymentroutes.store.PaymentStatus;

/** Which sessions of Fintecture's listing a lost answer's lookup takes for the order's, and when it cannot tell. */
class LostSessionMatcherTest {

    private static final OffsetDateTime FROM = OffsetDateTime.parse("2026-12-02T08:00:00Z");
    private final Payment payment = new Payment("ORD-1", "fintecture", PaymentStatus.RECEIVED, null, null, null,
            new BigDecimal("273.00"), "EUR", "INV-1", "hash", null, FROM, FROM, 0);

    @Test
    void takesTheWaitingSessionsOfTheOrderAndLeavesTheRest() throws Exception {
        LostSessionMatcher.Found found = LostSessionMatcher.match(listing("""
                {"data": [
                  {"id": "a", "attributes": {"amount": "273", "currency": "eur", "communication": "INV-1", "status": "session_initiated",
                   "created_at": "2026-12-02T08:00:01Z"}},
                  {"id": "b", "attributes": {"amount": "273.00", "currency": "EUR", "communication": "INV-1", "status": "provider_required"}},
                  {"id": "c", "attributes": {"amount": "273.01", "currency": "EUR", "communication": "INV-1", "status": "provider_required"}},
                  {"id": "d", "attributes": {"amount": "273.00", "currency": "GBP", "communication": "INV-1", "status": "provider_required"}},
                  {"id": "e", "attributes": {"amount": "273.00", "currency": "EUR", "communication": "INV-2", "status": "provider_required"}},
                  {"id": "f", "attributes": {"amount": "273.00", "currency": "EUR", "communication": "INV-1", "status": "provider_required",
                   "created_at": "2026-12-02T07:59:59Z"}},
                  {"id": "g", "attributes": {"amount": "273.00", "currency": "EUR", "communication": "INV-1"}, "meta": {"state": "ORD-2"}},
                  {"id": "h", "attributes": {"amount": "273.00", "currency": "EUR", "communication": "INV-1", "status": "payment_cancelled"}},
                  {"meta": {"session_id": "i", "status": "sca_required", "state": "ORD-1"},
                   "attributes": {"amount": "273.00", "currency": "EUR", "communication": "INV-1"}}
                ]}"""), payment, FROM);

        assertThat(found.payable()).containsExactly("a", "b", "i");
        assertThat(found.notes()).containsExactly("session h is payment_cancelled");
    }

    @Test
    void aMatchWithoutStatusIsCancelledToBeSafe() throws Exception {
        assertThat(LostSessionMatcher.match(listing("""
                {"data": [{"id": "a", "attributes": {"amount": "273.00", "currency": "EUR", "communication": "INV-1"}}]}"""),
                payment, FROM).payable()).containsExactly("a");
    }

    @Test
    void anEmptyListingFindsNothing() throws Exception {
        LostSessionMatcher.Found found = LostSessionMatcher.match(listing("{\"data\": [], \"meta\": {\"count\": 0}}"), payment, FROM);
        assertThat(found.payable()).isEmpty();
        assertThat(found.notes()).isEmpty();
    }

    @Test
    void cannotTellFromOnePageOfSeveralOrASessionThatMovedOnOrNoData() {
        assertThatThrownBy(() -> LostSessionMatcher.match(listing("{\"data\": [], \"links\": {\"next\": \"/pis/v2/payments?page=2\"}}"),
                payment, FROM)).isInstanceOf(LostSessionMatcher.CannotTell.class).hasMessageContaining("links.next");
        assertThatThrownBy(() -> LostSessionMatcher.match(listing("""
                {"data": [{"id": "a", "attributes": {"amount": "273.00", "currency": "EUR", "communication": "INV-1",
                  "status": "payment_created"}}]}"""), payment, FROM))
                .isInstanceOf(LostSessionMatcher.CannotTell.class).hasMessageContaining("payment_created");
        assertThatThrownBy(() -> LostSessionMatcher.match(listing("{\"errors\": []}"), payment, FROM))
                .isInstanceOf(LostSessionMatcher.CannotTell.class);
    }

    private static JsonNode listing(String json) throws Exception {
        return new ObjectMapper().readTree(json);
    }
}
