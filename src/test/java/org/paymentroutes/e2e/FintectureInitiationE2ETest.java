package org.paymentroutes.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.paymentroutes.fintecture.FintectureTokens;
import org.paymentroutes.sandbox.common.RecordedRequest;
import org.paymentroutes.sandbox.fintecture.SandboxPayment;
import org.paymentroutes.store.HistoryEntry;
import org.paymentroutes.store.PaymentStatus;

/**
 * Orders through the broker, the bundle and the signature-checking sandbox, to their outcomes and
 * actions. Each test uses its own order ids and reads only messages correlated with them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FintectureInitiationE2ETest {

    @TempDir
    static Path dir;

    TestBundle bundle;

    @BeforeAll
    void start() throws Exception {
        // A short broker redelivery delay keeps the retry tests quick (the default is 1 s, doubling).
        System.setProperty("payments.broker.redelivery-delay", "100");
        // A short response timeout, so the test of a call that gets no answer is quick.
        // A lost answer is looked up 1 s after that timeout, at most twice before the order is parked.
        bundle = TestBundle.start(dir, Map.of("payments.fintecture.response-timeout", "3000",
                "payments.fintecture.lookup-grace", "1000", "payments.fintecture.lookup-attempts", "2"));
    }

    @AfterAll
    void stop() throws Exception {
        bundle.close();
        System.clearProperty("payments.broker.redelivery-delay");
    }

    @Test
    void validOrderGetsSignedSessionActionRequiredOutcomeAndRedirectAction() throws Exception {
        bundle.sendOrder(TestBundle.order("E2E-1", "273.00"));

        List<JsonNode> outcomes = bundle.receive("payments.outcomes", "E2E-1", 2, 20_000);
        assertThat(outcomes).extracting(o -> o.path("status").asText()).containsExactly("RECEIVED", "ACTION_REQUIRED");
        JsonNode actionRequired = outcomes.get(1);
        assertThat(actionRequired.path("orderId").asText()).isEqualTo("E2E-1");
        assertThat(actionRequired.path("source").asText()).isEqualTo("initiation");
        assertThat(actionRequired.path("amount").asText()).isEqualTo("273.00");
        assertThat(actionRequired.path("currency").asText()).isEqualTo("EUR");
        assertThat(actionRequired.path("providerStatus").asText()).isEqualTo("session_initiated");
        assertThat(actionRequired.path("schemaVersion").asInt()).isEqualTo(1);
        String sessionId = actionRequired.path("providerPaymentId").asText();
        assertThat(sessionId).matches("[0-9a-f]{32}");

        List<JsonNode> actions = bundle.receive("payments.actions", "E2E-1", 1, 10_000);
        assertThat(actions).hasSize(1);
        assertThat(actions.get(0).path("type").asText()).isEqualTo("REDIRECT");
        assertThat(actions.get(0).path("url").asText()).isEqualTo(bundle.sandbox.baseUrl() + "/connect/" + sessionId);

        // The sandbox checked token, digest and signature; here we also look at what crossed the wire.
        RecordedRequest connect = connectRequests("E2E-1").get(0);
        assertThat(connect.status()).as(connect.reason()).isEqualTo(200);
        assertThat(connect.header("Signature")).startsWith("keyId=\"sandbox-app-id-0000\",algorithm=\"rsa-sha256\","
                + "headers=\"(request-target) date digest x-request-id\",signature=\"");
        assertThat(connect.header("Date")).endsWith(" GMT");
        assertThat(connect.header("Digest")).startsWith("SHA-256=");
        assertThat(connect.header("X-Request-ID")).matches("[0-9a-f-]{36}");
        assertThat(connect.header("Authorization")).startsWith("Bearer ");
        assertThat(connect.bodyAsString()).contains("\"psu_name\":\"Zoë Lefèbre\"", "\"amount\":\"273.00\"", "\"communication\":\"INV-E2E-1\"");
        assertThat(connect.target()).isEqualTo("/pis/v2/connect?redirect_uri=http%3A%2F%2Flocalhost%3A"
                + bundle.settings.get("payments.http.port") + "%2Fcallbacks%2Ffintecture&state=E2E-1");
        assertThat(bundle.app.store().payments().find("E2E-1").orElseThrow().status()).isEqualTo(PaymentStatus.ACTION_REQUIRED);
    }

    @Test
    void duplicateOrderCreatesNoSecondSessionAndGetsItsCurrentOutcomeAgain() throws Exception {
        bundle.sendOrder(TestBundle.order("E2E-DUP", "10.00"));
        assertThat(bundle.receive("payments.outcomes", "E2E-DUP", 2, 20_000)).hasSize(2);
        assertThat(bundle.receive("payments.actions", "E2E-DUP", 1, 10_000)).hasSize(1);

        bundle.sendOrder(TestBundle.order("E2E-DUP", "10.00"));
        List<JsonNode> replay = bundle.receive("payments.outcomes", "E2E-DUP", 1, 20_000);
        assertThat(replay).hasSize(1);
        assertThat(replay.get(0).path("status").asText()).isEqualTo("ACTION_REQUIRED");
        assertThat(replay.get(0).path("source").asText()).isEqualTo("initiation");
        assertThat(bundle.receive("payments.actions", "E2E-DUP", 1, 10_000)).extracting(a -> a.path("type").asText()).containsExactly("REDIRECT");

        assertThat(bundle.drain("payments.outcomes", "E2E-DUP", 1_000)).isEmpty();
        assertThat(bundle.sandbox.sessionsForState("E2E-DUP")).isEqualTo(1);
        assertThat(connectRequests("E2E-DUP")).hasSize(1);
    }

    @Test
    void sameIdWithDifferentContentIsRefusedAndTheFirstPaymentKept() throws Exception {
        bundle.sendOrder(TestBundle.order("E2E-CONFLICT", "10.00"));
        assertThat(bundle.receive("payments.outcomes", "E2E-CONFLICT", 2, 20_000)).hasSize(2);

        bundle.sendOrder(TestBundle.order("E2E-CONFLICT", "99.00"));
        List<JsonNode> rejected = bundle.receive("payments.rejected", "E2E-CONFLICT", 1, 20_000);
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).path("errors").get(0).path("field").asText()).isEqualTo("orderId");
        assertThat(rejected.get(0).path("original").asText()).contains("\"99.00\"");
        assertThat(bundle.app.store().payments().find("E2E-CONFLICT").orElseThrow().amount()).isEqualByComparingTo("10.00");
        assertThat(bundle.sandbox.sessionsForState("E2E-CONFLICT")).isEqualTo(1);
    }

    @Test
    void invalidOrderLandsInRejectedWithEveryProblemAndARejectedOutcome() throws Exception {
        String order = """
                {"orderId": "E2E-BAD", "provider": "fintecture", "amount": 12.5, "currency": "EURO",
                 "payer": {"email": "nope"}}
                """;
        bundle.sendOrder(order);

        List<JsonNode> rejected = bundle.receive("payments.rejected", "E2E-BAD", 1, 20_000);
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).path("errors")).extracting(e -> e.path("field").asText())
                .containsExactlyInAnyOrder("amount", "currency", "payer.name", "payer.email");
        assertThat(rejected.get(0).path("original").asText()).isEqualTo(order);
        List<JsonNode> outcome = bundle.receive("payments.outcomes", "E2E-BAD", 1, 10_000);
        assertThat(outcome).extracting(o -> o.path("status").asText()).containsExactly("REJECTED");
        assertThat(outcome.get(0).path("errors")).hasSize(4);
        assertThat(bundle.sandbox.sessionsForState("E2E-BAD")).isZero();
        assertThat(bundle.app.store().payments().find("E2E-BAD")).isEmpty();
    }

    @Test
    void malformedJsonIsRejectedAndTheConsumerKeepsGoing() throws Exception {
        String truncated = "{\"orderId\": \"E2E-MAL\", ";
        bundle.send("payments.orders", truncated);
        // No order id could be read, so the rejection carries no correlation id: find it by that.
        List<JsonNode> rejected = bundle.receiveSelected("payments.rejected", "JMSCorrelationID IS NULL", 1, 20_000);
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).path("original").asText()).isEqualTo(truncated);
        assertThat(rejected.get(0).path("errors").get(0).path("reason").asText()).startsWith("not valid JSON");
        bundle.sendOrder(TestBundle.order("E2E-AFTER-MAL", "1.00"));
        assertThat(bundle.receive("payments.outcomes", "E2E-AFTER-MAL", 2, 20_000)).hasSize(2);
    }

    @Test
    void providerOutageIsRetriedByTheBrokerAndCreatesExactlyOneSession() throws Exception {
        bundle.sandbox.failNext(2, 503);
        bundle.sendOrder(TestBundle.order("E2E-RETRY", "42.00"));

        List<JsonNode> outcomes = bundle.receive("payments.outcomes", "E2E-RETRY", 2, 30_000);
        assertThat(outcomes).extracting(o -> o.path("status").asText()).containsExactly("RECEIVED", "ACTION_REQUIRED");
        assertThat(bundle.drain("payments.outcomes", "E2E-RETRY", 1_000)).isEmpty();
        assertThat(bundle.sandbox.sessionsForState("E2E-RETRY")).isEqualTo(1);
        List<HistoryEntry> history = bundle.app.store().history().of("E2E-RETRY");
        assertThat(history).filteredOn(h -> h.detail() != null && h.detail().contains("HTTP 503")).hasSize(2);
        assertThat(history).filteredOn(HistoryEntry::published).extracting(HistoryEntry::status)
                .containsExactly(PaymentStatus.RECEIVED, PaymentStatus.ACTION_REQUIRED);
    }

    @Test
    void anAuthorizationServerOutageIsRetriedByTheBrokerNotParked() throws Exception {
        // The cached token is refused (401, an answer: nothing created), and its renewal fails twice:
        // the order was never sent with a token the provider accepted, so it is retried, not parked.
        bundle.sandbox.revokeTokens();
        bundle.sandbox.failTokenRequestsNext(2, 503);
        bundle.sendOrder(TestBundle.order("E2E-TOKEN-OUTAGE", "7.00"));

        assertInitiatedOnceAndNotParked("E2E-TOKEN-OUTAGE");
        assertThat(bundle.app.store().history().of("E2E-TOKEN-OUTAGE"))
                .filteredOn(h -> h.detail() != null && h.detail().contains("access token")).hasSize(2);
    }

    @Test
    void aNewOrderWhoseTokenCannotBeHadIsRetriedNotParked() throws Exception {
        // No 401 this time: the bundle's own token is due for renewal and the renewal fails. The order
        // was marked as being initiated before the token was fetched; the attempt sent nothing, so the
        // mark is cleared.
        bundle.app.camelContext().getRegistry().lookupByNameAndType("fintectureTokens", FintectureTokens.class).invalidate();
        bundle.sandbox.failTokenRequestsNext(1, 500);
        bundle.sendOrder(TestBundle.order("E2E-TOKEN-NEW", "8.00"));

        assertInitiatedOnceAndNotParked("E2E-TOKEN-NEW");
    }

    private void assertInitiatedOnceAndNotParked(String orderId) throws Exception {
        List<JsonNode> outcomes = bundle.receive("payments.outcomes", orderId, 2, 30_000);
        assertThat(outcomes).extracting(o -> o.path("status").asText()).containsExactly("RECEIVED", "ACTION_REQUIRED");
        assertThat(bundle.sandbox.sessionsForState(orderId)).isEqualTo(1);
        assertThat(bundle.drain("DLQ", orderId, 500)).as("not parked").isEmpty();
    }

    @Test
    void aLostAnswerIsLookedUpItsSessionCancelledAndOneNewSessionCreated() throws Exception {
        // The session is created, but its answer leaves after the bundle's 3 s timeout: lost.
        bundle.sandbox.loseNextConnectAnswers(1, Duration.ofSeconds(5));
        bundle.sendOrder(TestBundle.order("E2E-LOST", "9.00"));

        List<JsonNode> outcomes = bundle.receive("payments.outcomes", "E2E-LOST", 2, 30_000);
        assertThat(outcomes).extracting(o -> o.path("status").asText()).containsExactly("RECEIVED", "ACTION_REQUIRED");
        assertThat(bundle.drain("payments.outcomes", "E2E-LOST", 1_000)).as("one ACTION_REQUIRED, nothing twice").isEmpty();
        assertThat(bundle.receive("payments.actions", "E2E-LOST", 1, 10_000)).hasSize(1);
        assertThat(bundle.drain("payments.actions", "E2E-LOST", 500)).isEmpty();

        assertThat(bundle.sandbox.sessionsForState("E2E-LOST")).as("the lost one and the new one").isEqualTo(2);
        assertThat(bundle.sandbox.payableSessionsForState("E2E-LOST")).as("exactly one payable session").isEqualTo(1);
        String stored = outcomes.get(1).path("providerPaymentId").asText();
        assertThat(bundle.sandbox.payment(stored).orElseThrow().awaitingPayer()).isTrue();
        List<RecordedRequest> cancels = bundle.sandbox.requests().stream()
                .filter(r -> "PATCH".equals(r.method()) && r.target().startsWith("/pis/v2/payments/"))
                .filter(r -> bundle.sandbox.payment(r.target().substring("/pis/v2/payments/".length()))
                        .map(p -> p.state().equals("E2E-LOST")).orElse(false)).toList();
        assertThat(cancels).hasSize(1);
        assertThat(cancels.get(0).bodyAsString()).isEqualTo("{\"meta\":{\"status\":\"payment_cancelled\"}}");
        assertThat(cancels.get(0).header("Signature")).contains("headers=\"(request-target) date digest x-request-id\"");
        String lost = cancels.get(0).target().substring("/pis/v2/payments/".length());
        assertThat(lost).isNotEqualTo(stored);
        assertThat(bundle.sandbox.payment(lost).orElseThrow().status()).isEqualTo(SandboxPayment.PAYMENT_CANCELLED);
        // Its Connect page takes no payment any more.
        assertThat(bundle.sandbox.decide(lost, true).orElseThrow().status()).isEqualTo(SandboxPayment.PAYMENT_CANCELLED);
        assertThat(listingRequests()).anySatisfy(r -> assertThat(r.target()).contains("filter%5Bdate%5D%5Bfrom%5D="));
        assertThat(bundle.app.store().history().of("E2E-LOST")).extracting(HistoryEntry::detail)
                .anySatisfy(d -> assertThat(d).contains("1 session(s) waiting for a payer: " + lost))
                .anySatisfy(d -> assertThat(d).contains("session " + lost + " cancelled at Fintecture"));
        assertThat(bundle.drain("DLQ", "E2E-LOST", 500)).as("not parked").isEmpty();
    }

    @Test
    void aLostCallThatCreatedNothingGetsOneNormalSession() throws Exception {
        // The request is lost on its way: no answer within the timeout, and no session either.
        bundle.sandbox.loseNextConnectRequests(1, Duration.ofSeconds(5));
        bundle.sendOrder(TestBundle.order("E2E-LOST-NOTHING", "9.50"));

        assertInitiatedOnceAndNotParked("E2E-LOST-NOTHING");
        assertThat(bundle.drain("payments.outcomes", "E2E-LOST-NOTHING", 1_000)).isEmpty();
        assertThat(bundle.app.store().history().of("E2E-LOST-NOTHING")).extracting(HistoryEntry::detail)
                .anySatisfy(d -> assertThat(d).contains("lists no session waiting for a payer"));
    }

    @Test
    void aLostAnswerTheProviderCannotTellAboutIsParkedAfterTheLookups() throws Exception {
        bundle.sandbox.loseNextConnectAnswers(1, Duration.ofSeconds(5));
        bundle.sendOrder(TestBundle.order("E2E-NO-ANSWER", "9.25"));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> bundle.sandbox.sessionsForState("E2E-NO-ANSWER") == 1);
        // From now on Fintecture is down: both lookups the order gets are answered 503, at each of
        // the 3 tries of their page.
        bundle.sandbox.failNext(6, 503);

        List<jakarta.jms.Message> parked = bundle.receiveMessages("DLQ", "JMSCorrelationID = 'E2E-NO-ANSWER'", 1, 40_000);
        assertThat(parked).hasSize(1);
        assertThat(parked.get(0).getStringProperty("parkedReason")).contains("initiation uncertain", "2 lookups", "E2E-NO-ANSWER");
        assertThat(listingRequests()).filteredOn(r -> r.status() == 503).hasSizeGreaterThanOrEqualTo(6);
        // RECEIVED goes out through the outbox's timer flush (the failed attempts rolled back): wait for
        // it as long as a loaded machine needs, then make sure nothing follows it.
        assertThat(bundle.receive("payments.outcomes", "E2E-NO-ANSWER", 1, 15_000)).extracting(o -> o.path("status").asText())
                .containsExactly("RECEIVED");
        assertThat(bundle.drain("payments.outcomes", "E2E-NO-ANSWER", 1_000)).isEmpty();
        assertThat(bundle.sandbox.sessionsForState("E2E-NO-ANSWER")).as("never sent twice").isEqualTo(1);
    }

    @Test
    void providerRefusalIsAFailedOutcomeWithTheProvidersError() throws Exception {
        // Intake already refuses what the real API would; the sandbox is told to refuse this one.
        bundle.sandbox.failNext(1, 400);
        bundle.sendOrder(TestBundle.order("E2E-REFUSED", "5.00"));

        List<JsonNode> outcomes = bundle.receive("payments.outcomes", "E2E-REFUSED", 2, 20_000);
        assertThat(outcomes).extracting(o -> o.path("status").asText()).containsExactly("RECEIVED", "FAILED");
        assertThat(outcomes.get(1).path("reasonCode").asText()).isNotBlank();
        assertThat(bundle.app.store().history().of("E2E-REFUSED")).anySatisfy(h -> assertThat(h.detail()).contains("HTTP 400", "log_id"));
        assertThat(bundle.receive("payments.actions", "E2E-REFUSED", 1, 500)).isEmpty();
    }

    @Test
    void oneTokenServesManyOrders() throws Exception {
        long before = tokenRequests();
        for (int i = 0; i < 5; i++) {
            bundle.sendOrder(TestBundle.order("E2E-TOK-" + i, "1.00"));
        }
        for (int i = 0; i < 5; i++) {
            assertThat(bundle.receive("payments.outcomes", "E2E-TOK-" + i, 2, 20_000)).hasSize(2);
        }
        // At most one renewal for the whole batch (zero when an earlier test's token is still valid).
        assertThat(tokenRequests() - before).isLessThanOrEqualTo(1);
    }

    private long tokenRequests() {
        return bundle.sandbox.requests().stream().filter(r -> r.target().startsWith("/oauth/accesstoken")).count();
    }

    private List<RecordedRequest> listingRequests() {
        return bundle.sandbox.requests().stream().filter(r -> "GET".equals(r.method()) && r.path().equals("/pis/v2/payments")).toList();
    }

    private List<RecordedRequest> connectRequests(String state) {
        return bundle.sandbox.requests().stream()
                .filter(r -> r.target().startsWith("/pis/v2/connect") && r.target().endsWith("state=" + state)).toList();
    }
}
