package org.paymentroutes.fintecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.URI;
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
    void aPageWithMoreAfterItNamesTheNextOne() throws Exception {
        assertThat(LostSessionMatcher.match(listing("{\"data\": [], \"links\": {\"next\": \"/pis/v2/payments?page=2\"}}"),
                payment, FROM).next()).isEqualTo("/pis/v2/payments?page=2");
        assertThat(LostSessionMatcher.match(listing("{\"data\": [], \"links\": {\"next\": null}}"), payment, FROM).next()).isNull();
    }

    @Test
    void theNextPageIsFollowedOnFintecturesOwnListingOnly() {
        URI base = URI.create("https://api.fintecture.com");
        assertThat(LostSessionMatcher.nextPageQuery("https://api.fintecture.com/pis/v2/payments?filter%5Bdate%5D%5Bfrom%5D=2026-12-01&page%5Bnumber%5D=2",
                base)).isEqualTo("filter%5Bdate%5D%5Bfrom%5D=2026-12-01&page%5Bnumber%5D=2");
        assertThat(LostSessionMatcher.nextPageQuery("https://API.fintecture.com:443/pis/v2/payments?page=3", base)).isEqualTo("page=3");
        assertThat(LostSessionMatcher.nextPageQuery("/pis/v2/payments?page=2", base)).isEqualTo("page=2");
        assertThat(LostSessionMatcher.nextPageQuery("http://127.0.0.1:9090/prefix/pis/v2/payments?page=2",
                URI.create("http://127.0.0.1:9090/prefix/"))).isEqualTo("page=2");
        // Our token and signature never go anywhere else.
        for (String elsewhere : java.util.List.of("https://evil.example/pis/v2/payments?page=2", "http://api.fintecture.com/pis/v2/payments?page=2",
                "https://api.fintecture.com:8443/pis/v2/payments?page=2", "https://user@api.fintecture.com/pis/v2/payments?page=2",
                "//evil.example/pis/v2/payments?page=2", "https://api.fintecture.com/pis/v2/payments/abc?page=2",
                "https://api.fintecture.com/oauth/accesstoken?page=2", "https://api.fintecture.com/pis/v2/payments", "not a url ^",
                "https://api.fintecture.com/pis/v2/payments?" + "x".repeat(3000))) {
            assertThatThrownBy(() -> LostSessionMatcher.nextPageQuery(elsewhere, base)).as(elsewhere)
                    .isInstanceOf(LostSessionMatcher.CannotTell.class);
        }
    }

    @Test
    void cannotTellFromASessionThatMovedOnOrNoData() {
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
