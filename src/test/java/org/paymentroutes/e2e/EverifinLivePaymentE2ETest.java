package org.paymentroutes.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.paymentroutes.cli.PaymentRoutesCli;
import org.paymentroutes.reconcile.DailyReport;
import org.paymentroutes.reconcile.ReconcileConfig;
import org.paymentroutes.sandbox.everifin.BankProfiles;
import org.paymentroutes.sandbox.everifin.DemoPayer;

/**
 * Everifin never calls a live payment dead (issue 11), on a bundle with Everifin alone (no Fintecture
 * settings at all) and small horizons: a push horizon of 1 s, reconciliation every second, the
 * abandon horizon at 12 s. The sandbox's push-late payer confirms 6 s after the push was issued
 * (after the bundle stopped polling), its push-never payer never does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EverifinLivePaymentE2ETest {

    static final Duration ABANDON_AFTER = Duration.ofSeconds(12);

    @TempDir
    static Path dir;

    TestBundle bundle;
    final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    void start() throws Exception {
        bundle = TestBundle.start(dir, Map.of(
                // Everifin alone: none of Fintecture's credentials (empty = not set).
                "payments.fintecture.app-id", "",
                "payments.fintecture.app-secret", "",
                "payments.fintecture.private-key", "",
                // Fintecture's timer fires during the test, with nothing of Fintecture's configured.
                "payments.fintecture.webhook-receipt-prune-interval", "1000",
                "payments.everifin.push-horizon", "1",
                "payments.reconcile.cron", "0/1 * * * * ?",
                "payments.reconcile.min-interval", "1",
                "payments.reconcile.max-interval", "2",
                "payments.reconcile.abandon-after", String.valueOf(ABANDON_AFTER.toSeconds())));
    }

    @AfterAll
    void stop() throws Exception {
        bundle.close();
    }

    /** Outcomes (status[:reasonCode]) and their times, until a final one or the timeout. */
    record Seen(List<String> statuses, List<OffsetDateTime> at) {
        OffsetDateTime when(String status) {
            return at.get(statuses.indexOf(status));
        }
    }

    Seen outcomesUntilFinal(String orderId, long timeoutMs) throws Exception {
        List<String> statuses = new ArrayList<>();
        List<OffsetDateTime> at = new ArrayList<>();
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline && statuses.stream().noneMatch(s -> EverifinE2ETest.FINAL.contains(s.split(":")[0]))) {
            for (JsonNode o : bundle.receive("payments.outcomes", orderId, 10, 300)) {
                statuses.add(o.path("status").asText() + (o.path("reasonCode").isNull() ? "" : ":" + o.path("reasonCode").asText()));
                at.add(OffsetDateTime.parse(o.path("occurredAt").asText()));
            }
        }
        return new Seen(statuses, at);
    }

    @Test
    void aPushConfirmedAfterTheHorizonIsStillCheckedAndAuthorizedOnce() throws Exception {
        String orderId = "EV-LATE-PUSH";
        bundle.sendOrder(EverifinE2ETest.order(orderId, BankProfiles.exampleSenderIban("push-late")));
        Seen seen = outcomesUntilFinal(orderId, 40_000);

        assertThat(seen.statuses()).as("never EXPIRED: Everifin had not finished it").doesNotContain("EXPIRED")
                .last().isEqualTo("AUTHORIZED");
        assertThat(seen.statuses()).containsOnlyOnce("AUTHORIZED");
        // The confirmation came after the push horizon, from a status check (the loop had stopped polling).
        assertThat(Duration.between(seen.when("ACTION_REQUIRED"), seen.when("AUTHORIZED"))).isGreaterThan(Duration.ofSeconds(4));
        var history = bundle.app.store().history().of(orderId);
        assertThat(history).anyMatch(h -> h.detail() != null && h.detail().startsWith("push horizon"));
        assertThat(history).anyMatch(h -> h.status().name().equals("AUTHORIZED") && h.published() && "reconciliation".equals(h.source()));
        assertThat(bundle.everifin.requests()).anyMatch(r -> r.method().equals("GET"));
        // Checked on until settled: AUTHORIZED is not published again.
        assertThat(bundle.drain("payments.outcomes", orderId, 3_000)).isEmpty();

        // The operator's reconcile asks Everifin and says so.
        JsonNode reply = reconcile(orderId);
        assertThat(reply.path("source").asText()).isEqualTo("provider");
        assertThat(reply.path("asked").asText()).startsWith("GET /v1/payments/single/");
        assertThat(reply.path("providerStatus").asText()).isEqualTo("CONFIRMED");
        assertThat(reply.path("payment").path("status").asText()).isEqualTo("AUTHORIZED");
    }

    @Test
    void aPushNeverConfirmedExpiresOnlyAtTheAbandonHorizonAndIsListedForAnOperator() throws Exception {
        String orderId = "EV-NEVER-PUSH";
        bundle.sendOrder(EverifinE2ETest.order(orderId, BankProfiles.exampleSenderIban("push-never")));
        Seen seen = outcomesUntilFinal(orderId, 60_000);

        assertThat(seen.statuses()).last().isEqualTo("EXPIRED:provider_not_final");
        assertThat(seen.statuses().stream().filter(s -> s.startsWith("EXPIRED"))).hasSize(1);
        assertThat(Duration.between(seen.when("ACTION_REQUIRED"), seen.when("EXPIRED:provider_not_final")))
                .as("not at the push horizon (1 s): at the abandon horizon").isGreaterThanOrEqualTo(ABANDON_AFTER);

        DailyReport report = new DailyReport(bundle.app.store(), ReconcileConfig.from(bundle.settings), dir.resolve("reports"));
        var attention = report.build(bundle.app.store().now().toLocalDate()).attention();
        assertThat(attention).filteredOn(a -> a.orderId().equals(orderId)).singleElement()
                .satisfies(a -> assertThat(a.reason()).contains("not final"));

        // Asked again on request, even though the payment is final here: Everifin still says PROCESSING.
        JsonNode reply = reconcile(orderId);
        assertThat(reply.path("source").asText()).isEqualTo("provider");
        assertThat(reply.path("providerStatus").asText()).isEqualTo("PROCESSING");
        assertThat(reply.path("payment").path("status").asText()).isEqualTo("EXPIRED");

        // The payer confirms after all (the case): the payment stays EXPIRED here (final), but the
        // operator's reconcile shows what Everifin says, and the report lists the mismatch.
        long everifinId = bundle.app.store().payments().find(orderId).map(p -> Long.parseLong(p.providerPaymentId())).orElseThrow();
        bundle.everifin.confirmPush(everifinId);
        JsonNode after = reconcile(orderId);
        assertThat(after.path("providerStatus").asText()).isEqualTo("CONFIRMED");
        assertThat(after.path("payment").path("status").asText()).isEqualTo("EXPIRED");
        assertThat(report.build(bundle.app.store().now().toLocalDate()).attention()).filteredOn(a -> a.orderId().equals(orderId))
                .anySatisfy(a -> assertThat(a.reason()).contains("mismatch"));
    }

    @Test
    void aReconcileOfAPaymentTheProviderCannotBeAskedAboutSaysWhy() throws Exception {
        JsonNode reply = reconcile("EV-NO-SUCH-ORDER");
        assertThat(reply.path("source").asText()).isEqualTo("store");
        assertThat(reply.path("why").asText()).contains("no payment");
        assertThat(reply.path("asked").isNull()).isTrue();
    }

    @Test
    void aSecondAnswerToAnInputStepIsRefusedNeverSentToEverifinNeverToTheDlq() throws Exception {
        String orderId = "EV-TWICE";
        bundle.everifin.clearRequests();
        bundle.sendOrder(EverifinE2ETest.order(orderId, BankProfiles.exampleSenderIban("iban-select")));
        JsonNode input = null;
        long deadline = System.currentTimeMillis() + 20_000;
        while (input == null && System.currentTimeMillis() < deadline) {
            for (JsonNode a : bundle.receive("payments.actions", orderId, 1, 300)) {
                input = a;
            }
        }
        assertThat(input).isNotNull();
        assertThat(input.path("type").asText()).isEqualTo("INPUT");
        var message = json.createObjectNode().put("orderId", orderId);
        message.set("values", DemoPayer.answers(input));
        bundle.send("payments.inputs", message.toString());
        bundle.send("payments.inputs", message.toString());

        List<JsonNode> refused = bundle.receive("payments.rejected", orderId, 2, 10_000);
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0).path("orderId").asText()).isEqualTo(orderId);
        assertThat(refused.get(0).path("errors").get(0).path("field").asText()).isEqualTo("orderId");
        assertThat(refused.get(0).path("errors").get(0).path("reason").asText()).contains(orderId, "already answered");
        assertThat(outcomesUntilFinal(orderId, 30_000).statuses()).last().isEqualTo("AUTHORIZED");
        assertThat(bundle.everifin.requests().stream()
                .filter(r -> r.method().equals("PATCH") && new String(r.body(), StandardCharsets.UTF_8).contains("senderIban"))).hasSize(1);
        assertThat(bundle.receive("DLQ", orderId, 1, 1_000)).isEmpty();
    }

    @Test
    void everifinAloneRunsRefusesFintectureOrdersByFieldAndItsFintectureRoutesDoNotFail() throws Exception {
        var camel = bundle.app.camelContext();
        List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        var notifier = new org.apache.camel.support.EventNotifierSupport() {
            @Override
            public void notify(org.apache.camel.spi.CamelEvent event) {
                if (event instanceof org.apache.camel.spi.CamelEvent.ExchangeFailedEvent failed) {
                    failures.add(failed.getExchange().getFromRouteId() + ": " + failed.getExchange().getException());
                }
            }
        };
        notifier.start();
        camel.getManagementStrategy().addEventNotifier(notifier);
        bundle.sendOrder(TestBundle.order("FT-NOT-HERE", "10.00"));
        List<JsonNode> refused = bundle.receive("payments.rejected", "FT-NOT-HERE", 1, 10_000);
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0).path("errors").get(0).path("field").asText()).isEqualTo("provider");
        assertThat(refused.get(0).path("errors").get(0).path("reason").asText()).contains("not configured");

        // A Fintecture webhook to a bundle without Fintecture: refused, not an error.
        HttpResponse<String> webhook = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(bundle.httpBase() + "/webhooks/fintecture"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("session_id=x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(webhook.statusCode()).isEqualTo(401);

        Thread.sleep(3_000); // a few reconciliation, outbox and prune timer fires
        camel.getManagementStrategy().removeEventNotifier(notifier);
        for (var route : camel.getRoutes()) {
            assertThat(camel.getRouteController().getRouteStatus(route.getId())).as(route.getId()).isEqualTo(ServiceStatus.Started);
        }
        assertThat(failures).isEmpty();
    }

    /** {@code reconcile ORDER_ID} as an operator runs it, against the bundle's broker; its JSON answer. */
    JsonNode reconcile(String orderId) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = PaymentRoutesCli.execute(new PaymentRoutesCli(), new PrintWriter(err, true), "reconcile", orderId, "--wait", "20",
                    "--set", "payments.broker.url=" + bundle.app.brokerUrl());
        } finally {
            System.setOut(original);
        }
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(code).as(err.toString()).isIn(0, 4);
        return json.readTree(lines[lines.length - 1]);
    }
}
