package org.paymentroutes.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.paymentroutes.sandbox.common.RecordedRequest;
import org.paymentroutes.store.HistoryEntry;

/**
 * A lost answer looked up in a listing of several pages: the bundle reads them all (following
 * {@code links.next}), finds the lost session on a later page, cancels it and creates one new
 * session; a listing longer than {@code payments.fintecture.lookup-max-pages} cannot tell.
 * The sandbox serves one item a page, oldest first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FintectureListingPagesE2ETest {

    @TempDir
    static Path dir;

    TestBundle bundle;

    @BeforeAll
    void start() throws Exception {
        System.setProperty("payments.broker.redelivery-delay", "100");
        bundle = TestBundle.start(dir, Map.of("payments.fintecture.response-timeout", "3000",
                "payments.fintecture.lookup-grace", "1000", "payments.fintecture.lookup-attempts", "2",
                "payments.fintecture.lookup-max-pages", "6"));
        bundle.sandbox.listingPageSize(1);
        // Sessions of other orders first: the lost one comes after them in the listing.
        for (int i = 0; i < 3; i++) {
            bundle.sendOrder(TestBundle.order("PAGES-OTHER-" + i, "4.0" + i));
            assertThat(bundle.receive("payments.outcomes", "PAGES-OTHER-" + i, 2, 20_000)).hasSize(2);
        }
    }

    @AfterAll
    void stop() throws Exception {
        bundle.close();
        System.clearProperty("payments.broker.redelivery-delay");
    }

    @Test
    @Order(1)
    void theLostSessionOnALaterPageIsFoundAndCancelled() throws Exception {
        long listingsBefore = listingRequests().size();
        bundle.sandbox.loseNextConnectAnswers(1, Duration.ofSeconds(5));
        bundle.sendOrder(TestBundle.order("PAGES-LOST", "9.10"));

        List<JsonNode> outcomes = bundle.receive("payments.outcomes", "PAGES-LOST", 2, 30_000);
        assertThat(outcomes).extracting(o -> o.path("status").asText()).containsExactly("RECEIVED", "ACTION_REQUIRED");
        assertThat(bundle.sandbox.sessionsForState("PAGES-LOST")).as("the lost one and the new one").isEqualTo(2);
        assertThat(bundle.sandbox.payableSessionsForState("PAGES-LOST")).as("exactly one payable session").isEqualTo(1);
        List<RecordedRequest> pages = listingRequests().subList((int) listingsBefore, listingRequests().size());
        assertThat(pages).as("4 sessions, 1 a page").hasSizeGreaterThanOrEqualTo(4);
        assertThat(pages.get(1).target()).contains("filter%5Bdate%5D%5Bfrom%5D=", "page%5Bnumber%5D=2");
        assertThat(bundle.app.store().history().of("PAGES-LOST")).extracting(HistoryEntry::detail)
                .anySatisfy(d -> assertThat(d).contains("1 session(s) waiting for a payer", "pages read"))
                .anySatisfy(d -> assertThat(d).contains("cancelled at Fintecture"));
        assertThat(bundle.drain("DLQ", "PAGES-LOST", 500)).as("not parked").isEmpty();
    }

    @Test
    @Order(2)
    void aPageAnsweredWithAnErrorIsAskedAgainNotTheWholeLookup() throws Exception {
        bundle.sandbox.loseNextConnectAnswers(1, Duration.ofSeconds(5));
        bundle.sendOrder(TestBundle.order("PAGES-FLAKY", "9.30"));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> bundle.sandbox.sessionsForState("PAGES-FLAKY") == 1);
        long listingsBefore = listingRequests().size();
        // The next two calls (the lookup's first page, twice) fail; with 2 lookups allowed, failing
        // the whole lookup at each would park the order.
        bundle.sandbox.failNext(2, 503);

        List<JsonNode> outcomes = bundle.receive("payments.outcomes", "PAGES-FLAKY", 2, 30_000);
        assertThat(outcomes).extracting(o -> o.path("status").asText()).containsExactly("RECEIVED", "ACTION_REQUIRED");
        assertThat(bundle.sandbox.payableSessionsForState("PAGES-FLAKY")).as("exactly one payable session").isEqualTo(1);
        List<RecordedRequest> pages = listingRequests().subList((int) listingsBefore, listingRequests().size());
        assertThat(pages.get(0).target()).isEqualTo(pages.get(1).target()).isEqualTo(pages.get(2).target()).doesNotContain("page%5Bnumber%5D");
        assertThat(bundle.app.store().payments().find("PAGES-FLAKY").orElseThrow().status().name()).isEqualTo("ACTION_REQUIRED");
        assertThat(bundle.drain("DLQ", "PAGES-FLAKY", 500)).as("not parked").isEmpty();
    }

    @Test
    @Order(3) // adds sessions to the day's listing
    void aListingLongerThanTheLimitCannotTellAndTheOrderIsParked() throws Exception {
        // Enough sessions that day for more than 6 pages.
        for (int i = 3; i < 8; i++) {
            bundle.sendOrder(TestBundle.order("PAGES-OTHER-" + i, "5.0" + i));
            assertThat(bundle.receive("payments.outcomes", "PAGES-OTHER-" + i, 2, 20_000)).hasSize(2);
        }
        bundle.sandbox.loseNextConnectAnswers(1, Duration.ofSeconds(5));
        bundle.sendOrder(TestBundle.order("PAGES-TOO-MANY", "9.20"));

        List<jakarta.jms.Message> parked = bundle.receiveMessages("DLQ", "JMSCorrelationID = 'PAGES-TOO-MANY'", 1, 40_000);
        assertThat(parked).hasSize(1);
        assertThat(parked.get(0).getStringProperty("parkedReason")).contains("initiation uncertain", "2 lookups");
        assertThat(bundle.app.store().history().of("PAGES-TOO-MANY")).extracting(HistoryEntry::detail)
                .anySatisfy(d -> assertThat(d).contains("more than 6 pages"));
        assertThat(bundle.sandbox.sessionsForState("PAGES-TOO-MANY")).as("never sent twice").isEqualTo(1);
    }

    private List<RecordedRequest> listingRequests() {
        return bundle.sandbox.requests().stream().filter(r -> "GET".equals(r.method()) && r.path().equals("/pis/v2/payments")).toList();
    }
}
