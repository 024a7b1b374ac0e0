package org.paymentroutes.sandbox.fintecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WebhookTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private WebhookReceiver receiver;
    private FintectureSandbox sandbox;
    private SandboxClient client;

    @BeforeEach
    void start() throws IOException {
        receiver = new WebhookReceiver();
        sandbox = start(SandboxSettings.demo().withPort(0).withWebhookUrl(receiver.url())
                .withWebhookRetryBase(Duration.ofMillis(50)));
    }

    @AfterEach
    void stop() {
        sandbox.close();
        receiver.close();
    }

    private FintectureSandbox start(SandboxSettings settings) throws IOException {
        if (sandbox != null) {
            sandbox.close();
        }
        sandbox = new FintectureSandbox(settings).start();
        client = new SandboxClient(sandbox);
        return sandbox;
    }

    // ------------------------------------------------------------------ the provider's way

    @Test
    void anAcceptedPaymentSendsAWebhookSignedTheProvidersWay() throws Exception {
        String sessionId = client.createSession("273.00", "ERP-1");
        assertThat(client.payerChooses(sessionId, "accept").statusCode()).isEqualTo(302);

        WebhookReceiver.Received webhook = awaitReceived(1).get(0);
        SandboxPayment payment = sandbox.payment(sessionId).orElseThrow();

        assertThat(webhook.method()).isEqualTo("POST");
        assertThat(webhook.path()).isEqualTo("/webhooks/fintecture");
        assertThat(webhook.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(webhook.bodyAsString()).isEqualTo(WebhookCheck.expectedBody(payment));
        assertThat(decode(webhook.bodyAsString())).containsExactly(
                Map.entry("session_id", sessionId), Map.entry("status", "payment_created"),
                Map.entry("customer_id", payment.customerId()), Map.entry("provider", "sandbox_bank"),
                Map.entry("state", "ERP-1"), Map.entry("type", "PayByBank"), Map.entry("transfer_state", "pending"),
                Map.entry("amount", "273.00"), Map.entry("currency", "EUR"));

        // Date: RFC 1123 GMT, now.
        assertThat(webhook.header("Date")).matches("(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
        Instant date = ZonedDateTime.parse(webhook.header("Date"), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        assertThat(Duration.between(date, Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
        assertThat(webhook.header("X-Request-ID")).matches(UUID);
        // Digest over the exact body bytes.
        assertThat(webhook.header("Digest")).isEqualTo(WebhookCheck.sha256Digest(webhook.body()));
        // Signature: keyId is the app id, and the value decrypts with the merchant's PRIVATE key to the signing string.
        Map<String, String> signature = WebhookCheck.signatureParams(webhook.header("Signature"));
        assertThat(signature).containsOnlyKeys("keyId", "algorithm", "headers", "signature");
        assertThat(signature.get("keyId")).isEqualTo(SandboxSettings.DEMO_APP_ID);
        assertThat(signature.get("algorithm")).isEqualTo("rsa-sha256");
        assertThat(signature.get("headers")).isEqualTo("date digest x-request-id");
        assertThat(WebhookCheck.decrypt(signature.get("signature"))).isEqualTo("date: " + webhook.header("Date")
                + "\ndigest: " + webhook.header("Digest") + "\nx-request-id: " + webhook.header("X-Request-ID"));
        assertThat(WebhookCheck.defects(webhook, SandboxSettings.DEMO_APP_ID, Duration.ofMinutes(5))).isEmpty();

        awaitDeliveries(1);
        WebhookDelivery delivery = sandbox.webhookDeliveries().get(0);
        assertThat(delivery).isEqualTo(new WebhookDelivery(sessionId, "payment_created", "pending",
                WebhookDelivery.Kind.EVENT, 1, 200, null, webhook.header("X-Request-ID"), delivery.sentAt()));
        assertThat(delivery.delivered()).isTrue();
    }

    @Test
    void aRefusalEncodesItsValuesWithUrlEncoderAndCarriesNoTransferState() throws Exception {
        String sessionId = client.createSession("12.50", "ERP 7&8/é+");
        client.payerChooses(sessionId, "refuse");

        WebhookReceiver.Received webhook = awaitReceived(1).get(0);
        assertThat(webhook.bodyAsString())
                .contains("&status=payment_unsuccessful&")
                .contains("&state=ERP+7%268%2F%C3%A9%2B&")
                .doesNotContain("transfer_state")
                .isEqualTo(WebhookCheck.expectedBody(sandbox.payment(sessionId).orElseThrow()));
        assertThat(WebhookCheck.defects(webhook, SandboxSettings.DEMO_APP_ID, Duration.ofMinutes(5))).isEmpty();
    }

    @Test
    void settlingAndExpiringSendTheirOwnWebhooks() throws Exception {
        String paid = client.createSession("10.00", "ERP-PAID");
        String abandoned = client.createSession("11.00", "ERP-GONE");

        sandbox.decide(paid, true);
        awaitReceived(1);
        sandbox.settle(paid);
        List<WebhookReceiver.Received> received = awaitReceived(2);
        assertThat(decode(received.get(1).bodyAsString())).containsEntry("status", "payment_created")
                .containsEntry("transfer_state", "completed");
        assertThat(received.get(1).header("X-Request-ID")).isNotEqualTo(received.get(0).header("X-Request-ID"));

        sandbox.expire(abandoned);
        WebhookReceiver.Received expired = awaitReceived(3).get(2);
        assertThat(decode(expired.bodyAsString())).containsEntry("session_id", abandoned)
                .containsEntry("status", "payment_expired").containsEntry("provider", "")
                .doesNotContainKey("transfer_state");
        assertThat(WebhookCheck.defects(expired, SandboxSettings.DEMO_APP_ID, Duration.ofMinutes(5))).isEmpty();

        // A change that changes nothing (a second click) sends nothing.
        sandbox.decide(paid, false);
        sleep(300);
        assertThat(receiver.received()).hasSize(3);
    }

    // ------------------------------------------------------------------ delivery

    @Test
    void aWebhookAnswered500TwiceIsRetriedWithGrowingGapsAndTheSameRequestId() throws Exception {
        start(sandbox.settings().withWebhookRetryBase(Duration.ofMillis(300)));
        receiver.answer(500, 500, 200);
        String sessionId = client.createSession("20.00", "ERP-RETRY");
        sandbox.decide(sessionId, true);

        List<WebhookReceiver.Received> received = awaitReceived(3);
        awaitDeliveries(3);
        sleep(1000); // longer than the next retry would wait (1.2 s from the first): there is none after the 200
        assertThat(receiver.received()).hasSize(3);

        assertThat(received).extracting(r -> r.header("X-Request-ID")).containsOnly(received.get(0).header("X-Request-ID"));
        assertThat(received).extracting(WebhookReceiver.Received::bodyAsString).containsOnly(received.get(0).bodyAsString());
        for (WebhookReceiver.Received attempt : received) {
            assertThat(WebhookCheck.defects(attempt, SandboxSettings.DEMO_APP_ID, Duration.ofMinutes(5))).isEmpty();
        }
        long firstGap = Duration.ofNanos(received.get(1).arrivedNanos() - received.get(0).arrivedNanos()).toMillis();
        long secondGap = Duration.ofNanos(received.get(2).arrivedNanos() - received.get(1).arrivedNanos()).toMillis();
        assertThat(firstGap).isGreaterThanOrEqualTo(300);
        assertThat(secondGap).isGreaterThanOrEqualTo(600).isGreaterThan(firstGap);

        assertThat(sandbox.webhookDeliveries()).extracting(WebhookDelivery::attempt, WebhookDelivery::httpStatus)
                .containsExactly(tuple(1, 500), tuple(2, 500),
                        tuple(3, 200));
        assertThat(sandbox.webhookDeliveries()).extracting(WebhookDelivery::requestId)
                .containsOnly(received.get(0).header("X-Request-ID"));
    }

    @Test
    void anUnreachableReceiverIsTriedElevenTimesThenGivenUp() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        start(sandbox.settings().withWebhookUrl("http://127.0.0.1:" + closedPort + "/hook")
                .withWebhookRetryBase(Duration.ofMillis(1)));
        String sessionId = client.createSession("21.00", "ERP-DOWN");
        sandbox.decide(sessionId, true);

        awaitDeliveries(11);
        sleep(1500); // 2 x the last wait (512 ms): no twelfth attempt
        List<WebhookDelivery> deliveries = sandbox.webhookDeliveries();
        assertThat(deliveries).hasSize(11);
        assertThat(deliveries).extracting(WebhookDelivery::attempt).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        assertThat(deliveries).allSatisfy(d -> {
            assertThat(d.httpStatus()).isZero();
            assertThat(d.error()).isNotBlank();
            assertThat(d.delivered()).isFalse();
            assertThat(d.requestId()).isEqualTo(deliveries.get(0).requestId());
        });
    }

    @Test
    void aSlowReceiverNeverDelaysThePayerNorTheCaller() throws Exception {
        receiver.block();
        String first = client.createSession("30.00", "ERP-SLOW-1");
        String second = client.createSession("31.00", "ERP-SLOW-2");

        long started = System.nanoTime();
        HttpResponse<String> redirect = client.payerChooses(first, "accept");
        sandbox.decide(second, false);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(tookMillis).isLessThan(1000);
        awaitReceived(2); // both arrived while the receiver still holds the first
        receiver.open();
        awaitDeliveries(2);
    }

    // ------------------------------------------------------------------ test hooks

    @Test
    void sendWebhookAgainRepeatsTheBodyAndTheRequestId() throws Exception {
        String sessionId = client.createSession("40.00", "ERP-DUP");
        sandbox.decide(sessionId, true);
        WebhookReceiver.Received original = awaitReceived(1).get(0);

        sandbox.sendWebhookAgain(sessionId);

        WebhookReceiver.Received duplicate = awaitReceived(2).get(1);
        assertThat(duplicate.header("X-Request-ID")).isEqualTo(original.header("X-Request-ID"));
        assertThat(duplicate.body()).isEqualTo(original.body());
        assertThat(duplicate.header("Digest")).isEqualTo(original.header("Digest"));
        assertThat(WebhookCheck.defects(duplicate, SandboxSettings.DEMO_APP_ID, Duration.ofMinutes(5))).isEmpty();
        awaitDeliveries(2);
        assertThat(sandbox.webhookDeliveries()).extracting(WebhookDelivery::kind)
                .containsExactly(WebhookDelivery.Kind.EVENT, WebhookDelivery.Kind.DUPLICATE);
    }

    @Test
    void aStaleWebhookCarriesAnEarlierStateCorrectlySigned() throws Exception {
        String sessionId = client.createSession("50.00", "ERP-STALE");
        sandbox.decide(sessionId, true);
        sandbox.settle(sessionId);
        List<WebhookReceiver.Received> events = awaitReceived(2);

        sandbox.sendStaleWebhook(sessionId, "payment_created");  // had it with transfer_state pending
        sandbox.sendStaleWebhook(sessionId, "payment_pending");  // never had it
        List<WebhookReceiver.Received> received = awaitReceived(4);

        Map<String, Map<String, String>> staleByStatus = new LinkedHashMap<>();
        received.subList(2, 4).forEach(r -> staleByStatus.put(decode(r.bodyAsString()).get("status"), decode(r.bodyAsString())));
        assertThat(staleByStatus.get("payment_created")).containsEntry("transfer_state", "pending");
        assertThat(staleByStatus.get("payment_pending")).doesNotContainKey("transfer_state").containsEntry("session_id", sessionId);
        for (WebhookReceiver.Received stale : received.subList(2, 4)) {
            assertThat(WebhookCheck.defects(stale, SandboxSettings.DEMO_APP_ID, Duration.ofMinutes(5))).isEmpty();
            assertThat(stale.header("X-Request-ID")).isNotIn(events.get(0).header("X-Request-ID"), events.get(1).header("X-Request-ID"));
        }
        assertThat(sandbox.payment(sessionId).orElseThrow().transferState()).isEqualTo("completed");
    }

    @ParameterizedTest
    @EnumSource(FintectureSandbox.Forgery.class)
    void eachForgeryHasExactlyItsOneDefect(FintectureSandbox.Forgery forgery) throws Exception {
        receiver.answer(401);
        String sessionId = client.createSession("60.00", "ERP-FORGED");
        SandboxPayment payment = sandbox.payment(sessionId).orElseThrow();
        String genuineBody = WebhookCheck.expectedBody(payment.withOutcome("payment_created", null, null, null));

        sandbox.sendForgedWebhook(sessionId, "payment_created", forgery);

        WebhookReceiver.Received forged = awaitReceived(1).get(0);
        Set<WebhookCheck.Defect> defects = WebhookCheck.defects(forged, SandboxSettings.DEMO_APP_ID, Duration.ofMinutes(5));
        switch (forgery) {
            case BODY_CHANGED -> {
                assertThat(defects).containsExactly(WebhookCheck.Defect.DIGEST);
                assertThat(forged.bodyAsString()).isNotEqualTo(genuineBody).contains("amount=61.00");
                assertThat(forged.header("Digest")).isEqualTo(WebhookCheck.sha256Digest(genuineBody.getBytes(StandardCharsets.UTF_8)));
            }
            case BAD_DIGEST -> {
                assertThat(defects).containsExactly(WebhookCheck.Defect.DIGEST);
                assertThat(forged.bodyAsString()).isEqualTo(genuineBody);
            }
            case BAD_SIGNATURE -> {
                assertThat(defects).containsExactly(WebhookCheck.Defect.SIGNATURE);
                // It is a well-formed signature: it decrypts, just to another signing string.
                assertThat(WebhookCheck.decrypt(WebhookCheck.signatureParams(forged.header("Signature")).get("signature")))
                        .startsWith("date: " + forged.header("Date") + "\ndigest: " + forged.header("Digest") + "\nx-request-id: ")
                        .isNotEqualTo(WebhookCheck.signingString(forged));
            }
            case WRONG_KEY_ID -> assertThat(defects).containsExactly(WebhookCheck.Defect.KEY_ID);
            case STALE_DATE -> assertThat(defects).containsExactly(WebhookCheck.Defect.DATE);
            default -> throw new AssertionError(forgery);
        }
        assertThat(forged.header("X-Request-ID")).matches(UUID);
        assertThat(WebhookCheck.signatureParams(forged.header("Signature")).get("headers")).isEqualTo("date digest x-request-id");

        awaitDeliveries(1);
        sleep(300); // refused with 401, and a forgery is never retried
        assertThat(receiver.received()).hasSize(1);
        assertThat(sandbox.webhookDeliveries()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(WebhookDelivery.Kind.FORGED);
            assertThat(d.httpStatus()).isEqualTo(401);
        });
        assertThat(sandbox.payment(sessionId).orElseThrow().status()).isEqualTo("provider_required");
    }

    @Test
    void heldWebhooksLetThePayersRedirectArriveFirst() throws Exception {
        sandbox.holdWebhooks(true);
        String sessionId = client.createSession("70.00", "ERP-HOLD");

        HttpResponse<String> redirect = client.payerChooses(sessionId, "accept");
        assertThat(redirect.headers().firstValue("Location").orElseThrow()).contains("status=payment_created");
        sleep(300);
        assertThat(receiver.received()).isEmpty();
        assertThat(sandbox.webhookDeliveries()).isEmpty();

        sandbox.releaseWebhooks();
        assertThat(decode(awaitReceived(1).get(0).bodyAsString())).containsEntry("status", "payment_created");

        // Still holding: the settlement's webhook waits too, until the hold is lifted.
        sandbox.settle(sessionId);
        sleep(300);
        assertThat(receiver.received()).hasSize(1);
        sandbox.holdWebhooks(false);
        assertThat(decode(awaitReceived(2).get(1).bodyAsString())).containsEntry("transfer_state", "completed");
    }

    @Test
    void droppedWebhooksAreLostButJournaled() throws Exception {
        sandbox.dropWebhooks(true);
        String sessionId = client.createSession("80.00", "ERP-LOST");
        sandbox.decide(sessionId, true);

        awaitDeliveries(1);
        sleep(300);
        assertThat(receiver.received()).isEmpty();
        assertThat(sandbox.webhookDeliveries()).singleElement().satisfies(d -> {
            assertThat(d.error()).isEqualTo("dropped");
            assertThat(d.httpStatus()).isZero();
            assertThat(d.attempt()).isEqualTo(1);
        });
        assertThat(client.payment(sessionId).at("/meta/status").asText()).isEqualTo("payment_created");

        sandbox.dropWebhooks(false);
        sandbox.settle(sessionId);
        assertThat(decode(awaitReceived(1).get(0).bodyAsString())).containsEntry("transfer_state", "completed");
    }

    @Test
    void withoutAWebhookUrlNothingIsSentAndTheHooksRefuse() throws Exception {
        start(SandboxSettings.demo().withPort(0));
        String sessionId = client.createSession("90.00", "ERP-NONE");
        sandbox.decide(sessionId, true);
        sleep(200);

        assertThat(sandbox.webhookDeliveries()).isEmpty();
        assertThat(receiver.received()).isEmpty();
        assertThatThrownBy(() -> sandbox.sendWebhookAgain(sessionId)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> sandbox.sendStaleWebhook(sessionId, "payment_pending")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> sandbox.sendForgedWebhook(sessionId, "payment_created", FintectureSandbox.Forgery.BAD_DIGEST))
                .isInstanceOf(IllegalStateException.class);
        sandbox.holdWebhooks(true); // harmless
        sandbox.dropWebhooks(true);
    }

    @Test
    void theHooksRefuseAnUnknownSessionAndASessionWithNoWebhookYet() throws Exception {
        String sessionId = client.createSession("91.00", "ERP-NEW");

        assertThatThrownBy(() -> sandbox.sendWebhookAgain(sessionId)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> sandbox.sendStaleWebhook("0".repeat(32), "payment_pending"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sandbox.sendForgedWebhook("0".repeat(32), "payment_created", FintectureSandbox.Forgery.BAD_DIGEST))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------ helpers

    private List<WebhookReceiver.Received> awaitReceived(int count) {
        await().atMost(WAIT).until(() -> receiver.received().size() >= count);
        return receiver.received();
    }

    private void awaitDeliveries(int count) {
        await().atMost(WAIT).until(() -> sandbox.webhookDeliveries().size() >= count);
    }

    private static Map<String, String> decode(String form) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }

    private static void sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }
}
