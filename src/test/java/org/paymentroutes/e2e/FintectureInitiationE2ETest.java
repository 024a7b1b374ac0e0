package org.paymentroutes.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.paymentroutes.sandbox.fintecture.RecordedRequest;
import org.paymentroutes.store.PaymentStatus;

/** Orders through the broker, the bundle and the signature-checking sandbox, to their outcomes and actions. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FintectureInitiationE2ETest {

    @TempDir
    static Path dir;

    TestBundle bundle;

    @BeforeAll
    void start() throws Exception {
        bundle = TestBundle.start(dir, Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        bundle.close();
    }

    @Test
    void validOrderGetsSignedSessionActionRequiredOutcomeAndRedirectAction() throws Exception {
        bundle.sendOrder(TestBundle.order("E2E-1", "273.00"));

        List<JsonNode> outcomes = bundle.receive("payments.outcomes", 2, 20_000);
        assertThat(outcomes).extracting(o -> o.path("status").asText()).containsExactly("RECEIVED", "ACTION_REQUIRED");
        JsonNode actionRequired = outcomes.get(1);
        assertThat(actionRequired.path("orderId").asText()).isEqualTo("E2E-1");
        assertThat(actionRequired.path("_correlationId").asText()).isEqualTo("E2E-1");
        assertThat(actionRequired.path("source").asText()).isEqualTo("initiation");
        assertThat(actionRequired.path("amount").asText()).isEqualTo("273.00");
        assertThat(actionRequired.path("schemaVersion").asInt()).isEqualTo(1);
        String sessionId = actionRequired.path("providerPaymentId").asText();
        assertThat(sessionId).matches("[0-9a-f]{32}");

        List<JsonNode> actions = bundle.receive("payments.actions", 1, 10_000);
        assertThat(actions).hasSize(1);
        assertThat(actions.get(0).path("type").asText()).isEqualTo("REDIRECT");
        assertThat(actions.get(0).path("url").asText()).isEqualTo(bundle.sandbox.baseUrl() + "/connect/" + sessionId);

        // The sandbox checked everything; here we also look at what crossed the wire.
        RecordedRequest connect = connectRequests("E2E-1").get(0);
        assertThat(connect.status()).as(connect.reason()).isBetween(200, 299);
        assertThat(connect.header("Signature")).startsWith("keyId=\"sandbox-app-id-0000\",algorithm=\"rsa-sha256\","
                + "headers=\"(request-target) date digest x-request-id\",signature=\"");
        assertThat(connect.header("Digest")).startsWith("SHA-256=");
        assertThat(connect.header("X-Request-ID")).matches("[0-9a-f-]{36}");
        assertThat(connect.header("Authorization")).startsWith("Bearer ");
        assertThat(connect.bodyAsString()).contains("\"psu_name\":\"Zoë Lefèbre\"", "\"amount\":\"273.00\"", "\"communication\":\"INV-E2E-1\"");
        assertThat(connect.target()).isEqualTo("/pis/v2/connect?redirect_uri=http%3A%2F%2Flocalhost%3A8080%2Fcallbacks%2Ffintecture&state=E2E-1");
        assertThat(bundle.app.store().find("E2E-1").orElseThrow().status()).isEqualTo(PaymentStatus.ACTION_REQUIRED);
    }

    private List<RecordedRequest> connectRequests(String state) {
        return bundle.sandbox.requests().stream().filter(r -> r.target().startsWith("/pis/v2/connect") && r.target().endsWith("state=" + state))
                .toList();
    }
}
