package org.paymentroutes.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.paymentroutes.store.PaymentStatus;

/** The payer's return (callback) through the bundle's HTTP endpoint, with the status fetched from the sandbox. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FintectureStatusE2ETest {

    @TempDir
    static Path dir;

    TestBundle bundle;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    void start() throws Exception {
        bundle = TestBundle.start(dir, Map.of());
        // Callbacks only here: the sandbox's own webhooks are dropped (FintectureLifecycleE2ETest has both).
        bundle.sandbox.dropWebhooks(true);
    }

    @AfterAll
    void stop() throws Exception {
        bundle.close();
    }

    /** Sends an order and returns its session id once the payer has a Connect URL. */
    String initiate(String orderId, String orderJson) throws Exception {
        bundle.sendOrder(orderJson);
        List<JsonNode> outcomes = bundle.receive("payments.outcomes", orderId, 2, 20_000);
        assertThat(outcomes).extracting(o -> o.path("status").asText()).containsExactly("RECEIVED", "ACTION_REQUIRED");
        assertThat(bundle.receive("payments.actions", orderId, 1, 10_000)).hasSize(1);
        return outcomes.get(1).path("providerPaymentId").asText();
    }

    HttpResponse<String> callback(String query) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(bundle.httpBase() + "/callbacks/fintecture?" + query)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** What the sandbox's Connect page sends the payer back with. */
    String returnQuery(String sessionId, String orderId, String status) {
        return "session_id=" + sessionId + "&status=" + status + "&provider=sandbox_bank&customer_id=c1&state=" + orderId;
    }

    @Test
    void payerAcceptsAndReturnsOneAuthorizedOutcomeAndAResultPage() throws Exception {
        String session = initiate("ST-ACCEPT", TestBundle.order("ST-ACCEPT", "12.00"));
        bundle.sandbox.decide(session, true);

        HttpResponse<String> page = callback(returnQuery(session, "ST-ACCEPT", "payment_created"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Payment accepted", "12.00 EUR");

        List<JsonNode> outcomes = bundle.receive("payments.outcomes", "ST-ACCEPT", 1, 10_000);
        assertThat(outcomes).extracting(o -> o.path("status").asText()).containsExactly("AUTHORIZED");
        assertThat(outcomes.get(0).path("source").asText()).isEqualTo("callback");
        assertThat(outcomes.get(0).path("providerStatus").asText()).isEqualTo("payment_created");

        // The payer reloads the page: no second outcome.
        assertThat(callback(returnQuery(session, "ST-ACCEPT", "payment_created")).statusCode()).isEqualTo(200);
        assertThat(bundle.drain("payments.outcomes", "ST-ACCEPT", 1_500)).isEmpty();
        assertThat(bundle.app.store().payments().find("ST-ACCEPT").orElseThrow().status()).isEqualTo(PaymentStatus.AUTHORIZED);
    }

    @Test
    void payerRefusesOneFailedOutcome() throws Exception {
        String session = initiate("ST-REFUSE", TestBundle.order("ST-REFUSE", "13.00"));
        bundle.sandbox.decide(session, false);

        assertThat(callback(returnQuery(session, "ST-REFUSE", "payment_unsuccessful")).body()).contains("Payment not made");
        List<JsonNode> outcomes = bundle.receive("payments.outcomes", "ST-REFUSE", 1, 10_000);
        assertThat(outcomes).extracting(o -> o.path("status").asText()).containsExactly("FAILED");
        assertThat(outcomes.get(0).path("reasonCode").asText()).isEqualTo("payment_unsuccessful");
    }

    @Test
    void aForgedStatusInTheQueryIsIgnoredInFavourOfTheApi() throws Exception {
        String session = initiate("ST-FORGED", TestBundle.order("ST-FORGED", "14.00"));
        // The payer has not paid; the query claims otherwise.
        HttpResponse<String> page = callback(returnQuery(session, "ST-FORGED", "payment_created"));
        assertThat(page.body()).contains("Payment in progress");
        assertThat(bundle.drain("payments.outcomes", "ST-FORGED", 1_500)).isEmpty();
        assertThat(bundle.app.store().payments().find("ST-FORGED").orElseThrow().status()).isEqualTo(PaymentStatus.ACTION_REQUIRED);
    }

    @Test
    void aCallbackForNoOrderOfOursChangesNothing() throws Exception {
        String session = initiate("ST-OTHER", TestBundle.order("ST-OTHER", "15.00"));
        bundle.sandbox.decide(session, true);
        assertThat(callback(returnQuery(session, "NO-SUCH-ORDER", "payment_created")).statusCode()).isEqualTo(404);
        // Right order, wrong session: suspicious, nothing changes.
        assertThat(callback(returnQuery("0123456789abcdef0123456789abcdef", "ST-OTHER", "payment_created")).statusCode()).isEqualTo(404);
        assertThat(bundle.drain("payments.outcomes", "ST-OTHER", 1_500)).isEmpty();
        assertThat(bundle.app.store().history().of("ST-OTHER")).anySatisfy(h -> assertThat(h.detail()).contains("suspicious callback"));
    }

    @Test
    void theErpsRedirectUriGetsThePayerBackWithTheOutcome() throws Exception {
        String order = TestBundle.order("ST-REDIRECT", "16.00").replace("\"provider\": \"fintecture\",",
                "\"provider\": \"fintecture\", \"redirectUri\": \"https://shop.example/return?cart=9\",");
        String session = initiate("ST-REDIRECT", order);
        bundle.sandbox.decide(session, true);
        HttpResponse<String> answer = callback(returnQuery(session, "ST-REDIRECT", "payment_created"));
        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location")).contains("https://shop.example/return?cart=9&orderId=ST-REDIRECT&status=AUTHORIZED");
    }
}
