package org.paymentroutes.sandbox.fintecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScriptedOutcomesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private WebhookReceiver receiver;
    private FintectureSandbox sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void theCentsSelectTheOutcome() {
        assertThat(ScriptedOutcomes.outcomeFor("10.01")).isEqualTo(ScriptedOutcomes.Outcome.ACCEPT);
        assertThat(ScriptedOutcomes.outcomeFor("0.02")).isEqualTo(ScriptedOutcomes.Outcome.REFUSE);
        assertThat(ScriptedOutcomes.outcomeFor("1234.03")).isEqualTo(ScriptedOutcomes.Outcome.EXPIRE);
        assertThat(ScriptedOutcomes.outcomeFor("7.04")).isEqualTo(ScriptedOutcomes.Outcome.ACCEPT_THEN_SETTLE);
        assertThat(ScriptedOutcomes.outcomeFor("99.05")).isEqualTo(ScriptedOutcomes.Outcome.PENDING);
        assertThat(ScriptedOutcomes.outcomeFor("99.06")).isEqualTo(ScriptedOutcomes.Outcome.NONE);
        assertThat(ScriptedOutcomes.outcomeFor("10.1")).as("ten cents, not one").isEqualTo(ScriptedOutcomes.Outcome.NONE);
        assertThat(ScriptedOutcomes.outcomeFor("101")).isEqualTo(ScriptedOutcomes.Outcome.NONE);
        assertThat(ScriptedOutcomes.outcomeFor("10.00")).isEqualTo(ScriptedOutcomes.Outcome.NONE);
    }

    @Test
    void scriptedAmountsReachTheirStatusesWithoutThePayer() throws Exception {
        receiver = new WebhookReceiver();
        sandbox = new FintectureSandbox(SandboxSettings.demo().withPort(0).withWebhookUrl(receiver.url())
                .withScriptedOutcomes(true).withScriptedOutcomeDelay(Duration.ofMillis(100))).start();
        SandboxClient client = new SandboxClient(sandbox);
        String accepted = client.createSession("10.01", "S-01");
        String refused = client.createSession("10.02", "S-02");
        String expired = client.createSession("10.03", "S-03");
        String settled = client.createSession("10.04", "S-04");
        String pending = client.createSession("10.05", "S-05");
        String untouched = client.createSession("10.06", "S-06");
        String tenCents = client.createSession("10.1", "S-10");

        await().atMost(WAIT).until(() -> "completed".equals(sandbox.payment(settled).orElseThrow().transferState()));
        await().atMost(WAIT).until(() -> receiver.received().size() >= 6);

        assertState(client.payment(accepted), "payment_created", "pending", true, false);
        assertState(client.payment(refused), "payment_unsuccessful", null, false, false);
        assertState(client.payment(expired), "payment_expired", null, false, false);
        assertState(client.payment(settled), "payment_created", "completed", true, true);
        assertState(client.payment(pending), "payment_pending", null, false, false);
        assertState(client.payment(untouched), "provider_required", null, false, false);
        assertState(client.payment(tenCents), "provider_required", null, false, false);

        // One webhook per change: .01 .02 .03 .05 once, .04 twice (accepted, then settled).
        Thread.sleep(300);
        List<Map<String, String>> webhooks = receiver.received().stream().map(r -> decode(r.bodyAsString())).toList();
        assertThat(webhooks).hasSize(6);
        assertThat(webhooks.stream().filter(w -> w.get("session_id").equals(settled)).map(w -> w.get("transfer_state")))
                .containsExactlyInAnyOrder("pending", "completed");
        assertThat(webhooks.stream().map(w -> w.get("session_id")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(accepted, refused, expired, settled, pending);
        assertThat(webhooks.stream().filter(w -> w.get("session_id").equals(pending)).findFirst().orElseThrow())
                .containsEntry("status", "payment_pending");
    }

    @Test
    void aPayerWhoDecidesBeforeTheScriptWins() throws Exception {
        sandbox = new FintectureSandbox(SandboxSettings.demo().withPort(0)
                .withScriptedOutcomes(true).withScriptedOutcomeDelay(Duration.ofMillis(300))).start();
        SandboxClient client = new SandboxClient(sandbox);
        String expiring = client.createSession("10.03", "S-EARLY");
        client.payerChooses(expiring, "accept");

        Thread.sleep(600);
        assertThat(sandbox.payment(expiring).orElseThrow().status()).isEqualTo("payment_created");
    }

    @Test
    void offByDefaultSoTheDemoWaitsForThePayer() throws Exception {
        assertThat(SandboxSettings.demo().scriptedOutcomes()).isFalse();
        sandbox = new FintectureSandbox(SandboxSettings.demo().withPort(0).withScriptedOutcomeDelay(Duration.ofMillis(10))).start();
        String sessionId = new SandboxClient(sandbox).createSession("10.01", "S-OFF");

        Thread.sleep(300);
        assertThat(sandbox.payment(sessionId).orElseThrow().status()).isEqualTo("provider_required");
    }

    private static void assertState(JsonNode payment, String status, String transferState, boolean accepted, boolean settled) {
        assertThat(payment.at("/meta/status").asText()).isEqualTo(status);
        assertThat(payment.at("/data/attributes/transfer_state").isNull() ? null : payment.at("/data/attributes/transfer_state").asText())
                .isEqualTo(transferState);
        assertThat(payment.at("/meta/is_accepted").asBoolean()).isEqualTo(accepted);
        assertThat(payment.at("/meta/has_settlement_completed").asBoolean()).isEqualTo(settled);
    }

    private static Map<String, String> decode(String form) {
        return java.util.Arrays.stream(form.split("&")).map(pair -> pair.split("=", 2)).collect(Collectors.toMap(
                kv -> URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv -> URLDecoder.decode(kv[1], StandardCharsets.UTF_8)));
    }
}
