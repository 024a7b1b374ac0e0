package org.paymentroutes.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.paymentroutes.sandbox.everifin.BankProfiles;
import org.paymentroutes.sandbox.everifin.DemoPayer;
import org.paymentroutes.sandbox.everifin.EverifinSandboxSettings;

/**
 * Everifin, bank profile by bank profile: an order from the queue to its final outcome through the
 * sandbox, with this test playing the ERP's front end (following redirects, answering inputs).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EverifinE2ETest {

    static final Set<String> FINAL = Set.of("AUTHORIZED", "SETTLED", "FAILED", "EXPIRED", "REJECTED");

    @TempDir
    static Path dir;

    TestBundle bundle;
    final ObjectMapper json = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    void start() throws Exception {
        bundle = TestBundle.start(dir, Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        bundle.close();
    }

    static String order(String orderId, String senderIban) {
        return """
                {"orderId": "%s", "provider": "everifin", "amount": "120.50", "currency": "EUR", "communication": "INV-%s",
                 "payer": {"name": "Jana Nováková", "ip": "203.0.113.7", "iban": "%s",
                           "userAgent": "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"},
                 "beneficiary": {"name": "ACME s.r.o.", "iban": "SK3112000000198742637541"}}
                """.formatted(orderId, orderId, senderIban);
    }

    /** Every message this test received from the bundle's queues, to search for secrets. */
    final StringBuilder received = new StringBuilder();

    /** Plays the front end until a final outcome; returns every outcome status seen, in order. */
    List<String> drive(String orderId, long timeoutMs) throws Exception {
        return drive(orderId, timeoutMs, null);
    }

    /** As {@link #drive(String, long)}, stopping early (returning null) when an action of type {@code stopAt} arrives unanswered. */
    List<String> drive(String orderId, long timeoutMs, String stopAt) throws Exception {
        List<String> outcomes = new ArrayList<>();
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            for (JsonNode o : bundle.receive("payments.outcomes", orderId, 20, 200)) {
                received.append(o).append('\n');
                outcomes.add(o.path("status").asText() + (o.path("reasonCode").isNull() ? "" : ":" + o.path("reasonCode").asText()));
            }
            if (outcomes.stream().anyMatch(o -> FINAL.contains(o.split(":")[0]))) {
                return outcomes;
            }
            for (JsonNode action : bundle.receive("payments.actions", orderId, 1, 200)) {
                received.append(action).append('\n');
                if (action.path("type").asText().equals(stopAt)) {
                    pending = action;
                    return null;
                }
                answer(orderId, action);
            }
        }
        return outcomes;
    }

    /** The action {@link #drive(String, long, String)} stopped at. */
    JsonNode pending;

    void answer(String orderId, JsonNode action) throws Exception {
        switch (action.path("type").asText()) {
            case "REDIRECT" -> {
                long id = action.path("providerPaymentId").asLong();
                // The payer approves at the bank, whose page sends the browser back to the bundle.
                String back = bundle.everifin.approveRedirect(id);
                assertThat(back).startsWith(bundle.httpBase() + "/callbacks/everifin/");
                assertThat(http.send(HttpRequest.newBuilder(URI.create(back)).GET().build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode()).isEqualTo(200);
            }
            case "INPUT" -> {
                ObjectNode values = DemoPayer.answers(action);
                ObjectNode message = json.createObjectNode().put("orderId", orderId);
                message.set("values", values);
                bundle.send("payments.inputs", message.toString());
            }
            case "WAIT_PUSH" -> {
                // The sandbox confirms after a few polls by itself (pushPollsBeforeConfirm).
            }
            default -> throw new AssertionError("unexpected action " + action);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "redirect-only, AUTHORIZED",
            "redirect-push, AUTHORIZED",
            "credentials-otp, AUTHORIZED",
            "iban-select, AUTHORIZED",
            "image-scan, AUTHORIZED",
            "fail-canceled, FAILED:CANCELED_BY_PAYER_AT_BANK",
            "fail-insufficient, FAILED:INSUFFICIENT_AMOUNT",
            "fail-aml, FAILED:AML_BLOCKED",
            "fail-rejected, FAILED:REJECTED_BY_BANK",
            "fail-other, FAILED:OTHER"})
    void eachBankProfileReachesItsFinalOutcome(String profile, String expected) throws Exception {
        String orderId = "EV-" + profile;
        bundle.sendOrder(order(orderId, BankProfiles.exampleSenderIban(profile)));
        List<String> outcomes = drive(orderId, 30_000);

        assertThat(outcomes).first().isEqualTo("RECEIVED");
        assertThat(outcomes).last().isEqualTo(expected);
        assertThat(outcomes.stream().filter(o -> FINAL.contains(o.split(":")[0]))).hasSize(1);
        for (int i = 1; i < outcomes.size(); i++) {
            assertThat(outcomes.get(i)).as("published twice in a row: " + outcomes).isNotEqualTo(outcomes.get(i - 1));
        }
        assertThat(bundle.drain("payments.outcomes", orderId, 1_000)).isEmpty();
        assertThat(bundle.everifin.paymentsCreated()).isGreaterThan(0);
    }

    @org.junit.jupiter.api.Test
    void aRestartDuringAnInputWaitResumesAndSendsEachInputOnce() throws Exception {
        // The journal is shared by the class's tests; this one counts its own calls only.
        bundle.everifin.clearRequests();
        String orderId = "EV-RESTART-INPUT";
        bundle.sendOrder(order(orderId, BankProfiles.exampleSenderIban("credentials-otp")));
        assertThat(drive(orderId, 20_000, "INPUT")).isNull();
        bundle.restart();
        answer(orderId, pending);
        List<String> outcomes = drive(orderId, 30_000);
        assertThat(outcomes).last().isEqualTo("AUTHORIZED");
        assertThat(patchesContaining("userPassword")).isEqualTo(1);
        assertThat(patchesContaining("\"otp\"")).isEqualTo(1);
    }

    @org.junit.jupiter.api.Test
    void aRestartDuringAPushWaitResumesOnTheBrokersDelayedCheck() throws Exception {
        String orderId = "EV-RESTART-PUSH";
        bundle.sendOrder(order(orderId, BankProfiles.exampleSenderIban("redirect-push")));
        assertThat(drive(orderId, 20_000, "WAIT_PUSH")).isNull();
        // The next check is a delayed message in the broker's journal, not a sleeping thread.
        bundle.restart();
        List<String> outcomes = drive(orderId, 30_000);
        assertThat(outcomes).containsOnlyOnce("AUTHORIZED");
        assertThat(outcomes).last().isEqualTo("AUTHORIZED");
    }

    @org.junit.jupiter.api.Test
    void aValueThatCanNeverBeSentIsRefusedByNameOnceNeverToTheDlqAndTheStepWaitsOn() throws Exception {
        String orderId = "EV-TOO-LONG";
        bundle.sendOrder(order(orderId, BankProfiles.exampleSenderIban("credentials-otp")));
        assertThat(drive(orderId, 20_000, "INPUT")).isNull();
        String password = "p".repeat(300);
        bundle.send("payments.inputs", "{\"orderId\": \"" + orderId + "\", \"values\": {\"userId\": \"sandbox-user\", "
                + "\"userPassword\": \"" + password + "\"}}");
        List<JsonNode> refused = bundle.receive("payments.rejected", orderId, 1, 10_000);
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0).path("errors").get(0).path("field").asText()).isEqualTo("values.userPassword");
        assertThat(refused.get(0).toString()).doesNotContain(password);
        assertThat(bundle.receive("DLQ", orderId, 1, 2_000)).as("never rolled back into DLQ").isEmpty();
        // The step still waits for a good answer.
        answer(orderId, pending);
        assertThat(drive(orderId, 30_000)).last().isEqualTo("AUTHORIZED");
    }

    @org.junit.jupiter.api.Test
    void noSecretTheBundleHandlesIsLoggedPublishedOrStored() throws Exception {
        java.io.StringWriter logs = new java.io.StringWriter();
        var ctx = org.apache.logging.log4j.core.LoggerContext.getContext(false);
        var appender = org.apache.logging.log4j.core.appender.WriterAppender.newBuilder().setName("secrets-capture").setTarget(logs)
                .setLayout(org.apache.logging.log4j.core.layout.PatternLayout.newBuilder().withPattern("%m %ex%n").build()).build();
        appender.start();
        ctx.getConfiguration().addAppender(appender);
        ctx.getConfiguration().getRootLogger().addAppender(appender, org.apache.logging.log4j.Level.ALL, null);
        ctx.getConfiguration().getLoggerConfig("org.paymentroutes").addAppender(appender, org.apache.logging.log4j.Level.ALL, null);
        ctx.updateLoggers();
        try {
            String orderId = "EV-SECRETS";
            bundle.sendOrder(order(orderId, BankProfiles.exampleSenderIban("credentials-otp")));
            assertThat(drive(orderId, 20_000, "INPUT")).isNull();
            // First a value the step did not ask for: refused, and the refusal must not echo it.
            bundle.send("payments.inputs", "{\"orderId\": \"" + orderId + "\", \"values\": {\"userId\": \"sandbox-user\", "
                    + "\"userPassword\": \"sandbox-password\", \"pin\": \"987654321\"}}");
            List<JsonNode> refused = bundle.receive("payments.rejected", orderId, 1, 10_000);
            assertThat(refused).hasSize(1);
            received.append(refused.get(0)).append('\n');
            assertThat(refused.get(0).path("errors").get(0).path("field").asText()).isEqualTo("values.pin");
            answer(orderId, pending);
            assertThat(drive(orderId, 30_000)).last().isEqualTo("AUTHORIZED");
        } finally {
            ctx.getConfiguration().getRootLogger().removeAppender("secrets-capture");
            ctx.getConfiguration().getLoggerConfig("org.paymentroutes").removeAppender("secrets-capture");
            ctx.updateLoggers();
            appender.stop();
        }
        String store = bundle.storeDump();
        for (String secret : List.of(EverifinSandboxSettings.DEMO_USER_PASSWORD, EverifinSandboxSettings.DEMO_USER_ID, "987654321")) {
            assertThat(logs.toString()).as("logs").doesNotContain(secret);
            assertThat(received.toString()).as("messages from the bundle").doesNotContain(secret);
            assertThat(store).as("store").doesNotContain(secret);
        }
        // The OTP's digits also occur inside timestamps: look for it as a value.
        String otp = EverifinSandboxSettings.DEMO_OTP;
        assertThat(logs.toString()).as("logs").doesNotContainPattern("(?<![\\d.:])" + otp + "(?![\\d])");
        assertThat(received.toString()).as("messages from the bundle").doesNotContain("\"" + otp + "\"");
        assertThat(store).as("store").doesNotContain("|" + otp + "|").doesNotContain("\"" + otp + "\"");
        assertThat(logs.toString()).as("the capture worked").contains("EV-SECRETS");
        assertThat(store).as("the dump worked").contains("EV-SECRETS");
        assertThat(bundle.receive("DLQ", "EV-SECRETS", 10, 300)).isEmpty();
    }

    HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits for the REDIRECT action of a new redirect-only order; returns the URL the bank sends the approving payer back to. */
    String approvedReturn(String orderId, String order) throws Exception {
        bundle.sendOrder(order);
        assertThat(drive(orderId, 20_000, "REDIRECT")).isNull();
        return bundle.everifin.approveRedirect(pending.path("providerPaymentId").asLong());
    }

    @org.junit.jupiter.api.Test
    void aForgedReturnChangesNothingAndIsAnsweredAsAnUnknownOrder() throws Exception {
        String orderId = "EV-FORGED";
        String back = approvedReturn(orderId, order(orderId, BankProfiles.exampleSenderIban("redirect-only")));
        long everifinId = pending.path("providerPaymentId").asLong();
        String base = bundle.httpBase() + "/callbacks/everifin/";
        HttpResponse<String> unknown = get(base + "EV-NO-SUCH-ORDER?state=forged-state&code=forged-code");
        assertThat(unknown.statusCode()).isEqualTo(404);
        // Known order id, Everifin's sequential id, a wrong token, a token of the right shape: all answered as unknown.
        for (String forged : List.of(orderId, String.valueOf(everifinId), orderId + "/wrong-token", "EV-NO-SUCH-ORDER/wrong-token",
                orderId + "/" + "A".repeat(43))) {
            HttpResponse<String> answer = get(base + forged + "?state=forged-state&code=forged-code");
            assertThat(answer.statusCode()).as(forged).isEqualTo(unknown.statusCode());
            assertThat(answer.body()).as(forged).isEqualTo(unknown.body());
            assertThat(answer.headers().firstValue("Location")).as(forged).isEmpty();
        }
        assertThat(patchesContaining("forged-code")).isZero();
        assertThat(bundle.drain("payments.outcomes", orderId, 1_000)).noneMatch(o -> o.path("status").asText().equals("FAILED"));
        // The real payer still gets through.
        assertThat(get(back).statusCode()).isEqualTo(200);
        assertThat(drive(orderId, 30_000)).last().isEqualTo("AUTHORIZED");
    }

    @org.junit.jupiter.api.Test
    void aRefusedReturnAsksForTheCurrentStepInsteadOfFailingThePayment() throws Exception {
        String orderId = "EV-STALE-RETURN";
        String back = approvedReturn(orderId, order(orderId, BankProfiles.exampleSenderIban("redirect-only")));
        // The payer's own return URL (the token is right) with a query Everifin refuses (400).
        String stale = back.replaceAll("code=[^&]+", "code=stale-code");
        assertThat(stale).isNotEqualTo(back);
        assertThat(get(stale).statusCode()).isEqualTo(200);
        // Everifin is asked for the current step (the REDIRECT again), the payment is not FAILED, and the real return completes it.
        List<String> outcomes = drive(orderId, 30_000);
        assertThat(outcomes).noneMatch(o -> o.startsWith("FAILED"));
        assertThat(outcomes).last().isEqualTo("AUTHORIZED");
        assertThat(bundle.everifin.requests().stream().filter(r -> r.method().equals("PATCH") && r.status() == 400
                && r.bodyAsString().contains("stale-code"))).hasSize(1);
    }

    @org.junit.jupiter.api.Test
    void aRefusedEmptyProcessCallNeverFailsThePaymentTheStatusIsAskedInstead() throws Exception {
        String orderId = "EV-EMPTY-REFUSED";
        String back = approvedReturn(orderId, order(orderId, BankProfiles.exampleSenderIban("redirect-only")));
        bundle.everifin.clearRequests();
        // The return's call is refused, and so is the empty call asking for the current step.
        bundle.everifin.failNext(2, 400);
        assertThat(get(back).statusCode()).isEqualTo(200);
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline && bundle.everifin.requests().stream().noneMatch(r -> r.method().equals("GET"))) {
            Thread.sleep(100);
        }
        // Not FAILED: Everifin's status was asked (not final), and the REDIRECT step is open again for the payer's return.
        assertThat(bundle.everifin.requests().stream().filter(r -> r.method().equals("PATCH") && r.status() == 400)).hasSize(2);
        assertThat(bundle.everifin.requests()).anyMatch(r -> r.method().equals("GET"));
        deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline && bundle.app.store().history().of(orderId).stream()
                .noneMatch(h -> h.detail() != null && h.detail().contains("open again"))) {
            Thread.sleep(100);
        }
        assertThat(bundle.app.store().history().of(orderId)).anyMatch(h -> h.detail() != null && h.detail().contains("open again"));
        assertThat(get(back).statusCode()).isEqualTo(200);
        List<String> outcomes = drive(orderId, 30_000);
        assertThat(outcomes).noneMatch(o -> o.startsWith("FAILED"));
        assertThat(outcomes).last().isEqualTo("AUTHORIZED");
    }

    @org.junit.jupiter.api.Test
    void aReloadedReturnPageAfterThePaymentMovedOnShowsTheResult() throws Exception {
        String orderId = "EV-RELOAD";
        String back = approvedReturn(orderId, order(orderId, BankProfiles.exampleSenderIban("redirect-only")));
        assertThat(get(back).statusCode()).isEqualTo(200);
        assertThat(drive(orderId, 30_000)).last().isEqualTo("AUTHORIZED");
        HttpResponse<String> reload = get(back);
        assertThat(reload.statusCode()).isEqualTo(200);
        assertThat(reload.body()).contains("authorized").contains("AUTHORIZED");
    }

    @org.junit.jupiter.api.Test
    void thePayersTripBackToTheErpCarriesOurStatusNotEverifins() throws Exception {
        String orderId = "EV-ERP-RETURN";
        String order = order(orderId, BankProfiles.exampleSenderIban("redirect-only"))
                .replace("\"provider\":", "\"redirectUri\": \"https://erp.example/paid?shop=1\", \"provider\":");
        String back = approvedReturn(orderId, order);
        HttpResponse<String> first = get(back);
        assertThat(first.statusCode()).isEqualTo(302);
        assertThat(first.headers().firstValue("Location")).hasValue("https://erp.example/paid?shop=1&orderId=" + orderId + "&status=PENDING");
        assertThat(drive(orderId, 30_000)).last().isEqualTo("AUTHORIZED");
        assertThat(get(back).headers().firstValue("Location")).hasValue("https://erp.example/paid?shop=1&orderId=" + orderId + "&status=AUTHORIZED");
    }

    private long patchesContaining(String text) {
        return bundle.everifin.requests().stream()
                .filter(r -> r.method().equals("PATCH") && new String(r.body(), java.nio.charset.StandardCharsets.UTF_8).contains(text))
                .count();
    }
}
