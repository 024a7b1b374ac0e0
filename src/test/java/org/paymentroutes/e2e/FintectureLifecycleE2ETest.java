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
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.paymentroutes.sandbox.fintecture.FintectureSandbox;

/**
 * A payment's whole Fintecture life through the sandbox: the payer decides on the Connect page, the
 * browser comes back (callback) and the sandbox sends its signed webhooks (with retries, duplicates,
 * stale and forged ones); the outcome feed gets each change exactly once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FintectureLifecycleE2ETest {

    @TempDir
    static Path dir;

    TestBundle bundle;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    void start() throws Exception {
        bundle = TestBundle.start(dir, Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        bundle.close();
    }

    @AfterEach
    void resetWebhooks() {
        bundle.sandbox.holdWebhooks(false);
        bundle.sandbox.releaseWebhooks();
    }

    String session(String orderId, String amount) throws Exception {
        bundle.sendOrder(TestBundle.order(orderId, amount));
        List<JsonNode> outcomes = bundle.receive("payments.outcomes", orderId, 2, 20_000);
        assertThat(outcomes).extracting(o -> o.path("status").asText()).containsExactly("RECEIVED", "ACTION_REQUIRED");
        return outcomes.get(1).path("providerPaymentId").asText();
    }

    /** The payer's browser: what the Connect page redirects to, followed to the bundle's callback. */
    int payerReturns(String sessionId, String orderId) throws Exception {
        String status = bundle.sandbox.payment(sessionId).orElseThrow().status();
        URI callback = URI.create(bundle.httpBase() + "/callbacks/fintecture?session_id=" + sessionId + "&status=" + status
                + "&provider=sandbox_bank&customer_id=c1&state=" + orderId);
        return http.send(HttpRequest.newBuilder(callback).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    List<String> statuses(String orderId, int count) throws Exception {
        return bundle.receive("payments.outcomes", orderId, count, 15_000).stream().map(o -> o.path("status").asText() + "/"
                + o.path("source").asText()).toList();
    }

    @Test
    void callbackFirstThenWebhook() throws Exception {
        String s = session("LC-CB-FIRST", "30.00");
        bundle.sandbox.holdWebhooks(true);
        bundle.sandbox.decide(s, true);
        assertThat(payerReturns(s, "LC-CB-FIRST")).isEqualTo(200);
        bundle.sandbox.releaseWebhooks();
        awaitWebhooksDelivered(s, 1);

        assertThat(statuses("LC-CB-FIRST", 1)).containsExactly("AUTHORIZED/callback");
        assertThat(bundle.drain("payments.outcomes", "LC-CB-FIRST", 1_500)).isEmpty();
    }

    @Test
    void webhookFirstThenCallback() throws Exception {
        String s = session("LC-WH-FIRST", "31.00");
        bundle.sandbox.decide(s, true);
        assertThat(statuses("LC-WH-FIRST", 1)).containsExactly("AUTHORIZED/webhook");
        assertThat(payerReturns(s, "LC-WH-FIRST")).isEqualTo(200);
        assertThat(bundle.drain("payments.outcomes", "LC-WH-FIRST", 1_500)).isEmpty();
    }

    @Test
    void webhooksAloneAuthorizeThenSettle() throws Exception {
        String s = session("LC-WH-ONLY", "32.00");
        bundle.sandbox.decide(s, true);
        assertThat(statuses("LC-WH-ONLY", 1)).containsExactly("AUTHORIZED/webhook");
        bundle.sandbox.settle(s);
        List<JsonNode> settled = bundle.receive("payments.outcomes", "LC-WH-ONLY", 1, 15_000);
        assertThat(settled).extracting(o -> o.path("status").asText()).containsExactly("SETTLED");
        assertThat(settled.get(0).path("providerStatus").asText()).isEqualTo("completed");
        assertThat(bundle.drain("payments.outcomes", "LC-WH-ONLY", 1_000)).isEmpty();
    }

    @Test
    void payerRefusesOneFailedOutcome() throws Exception {
        String s = session("LC-REFUSE", "33.00");
        bundle.sandbox.decide(s, false);
        assertThat(payerReturns(s, "LC-REFUSE")).isEqualTo(200);
        List<String> outcomes = statuses("LC-REFUSE", 1);
        assertThat(outcomes).hasSize(1).allMatch(o -> o.startsWith("FAILED/"));
        assertThat(bundle.drain("payments.outcomes", "LC-REFUSE", 1_500)).isEmpty();
    }

    @Test
    void duplicateStaleAndForgedWebhooksPublishNothingMore() throws Exception {
        String s = session("LC-NOISE", "34.00");
        bundle.sandbox.decide(s, true);
        assertThat(statuses("LC-NOISE", 1)).containsExactly("AUTHORIZED/webhook");
        int delivered = bundle.sandbox.webhookDeliveries().size();

        bundle.sandbox.sendWebhookAgain(s);
        bundle.sandbox.sendStaleWebhook(s, "payment_pending");
        for (FintectureSandbox.Forgery f : FintectureSandbox.Forgery.values()) {
            bundle.sandbox.sendForgedWebhook(s, "payment_cancelled", f);
        }
        Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> bundle.sandbox.webhookDeliveries().size() >= delivered + 2 + FintectureSandbox.Forgery.values().length);

        var forged = bundle.sandbox.webhookDeliveries().stream().filter(d -> d.sessionId().equals(s)
                && d.kind() == org.paymentroutes.sandbox.fintecture.WebhookDelivery.Kind.FORGED).toList();
        assertThat(forged).hasSize(FintectureSandbox.Forgery.values().length).allMatch(d -> d.httpStatus() == 401);
        assertThat(bundle.drain("payments.outcomes", "LC-NOISE", 2_000)).isEmpty();
        assertThat(bundle.app.store().history().of("LC-NOISE")).anySatisfy(h -> assertThat(h.providerStatus()).isEqualTo("payment_created"));
    }

    private void awaitWebhooksDelivered(String sessionId, int count) {
        Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> bundle.sandbox.webhookDeliveries().stream()
                .filter(d -> d.sessionId().equals(sessionId) && d.delivered()).count() >= count);
    }
}
