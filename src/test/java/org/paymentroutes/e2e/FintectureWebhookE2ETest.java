package org.paymentroutes.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Cipher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.paymentroutes.sandbox.fintecture.SandboxSettings;
import org.paymentroutes.store.PaymentStatus;

/**
 * Webhooks built here the provider's way (independently of the bundle and of the sandbox's sender),
 * posted to the bundle: accepted as built; refused with 401 and no change with any one defect; a
 * replay acknowledged once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FintectureWebhookE2ETest {

    @TempDir
    static Path dir;

    TestBundle bundle;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        // Receipts pruned often, so that the test sees it happen.
        bundle = TestBundle.start(dir, Map.of("payments.fintecture.webhook-receipt-prune-interval", "200"));
        // Only the webhooks built in this test: the sandbox's own are dropped.
        bundle.sandbox.dropWebhooks(true);
    }

    @AfterAll
    void stop() throws Exception {
        bundle.close();
    }

    enum Defect { NONE, BODY, DIGEST, SIGNATURE, KEY_ID, STALE_DATE }

    record Webhook(String body, String date, String digest, String requestId, String signature) {
    }

    static Webhook build(String sessionId, String status, String state, String requestId, Defect defect) throws Exception {
        String body = "session_id=" + sessionId + "&status=" + status + "&customer_id=c1&provider=sandbox_bank&state=" + state;
        Instant when = defect == Defect.STALE_DATE ? Instant.now().minusSeconds(3600) : Instant.now();
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(when.atOffset(ZoneOffset.UTC));
        String digest = "SHA-256=" + Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        String signingString = "date: " + date + "\ndigest: " + digest + "\nx-request-id: " + requestId;
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
        c.init(Cipher.ENCRYPT_MODE, SandboxSettings.demoPublicKey());
        byte[] encrypted = c.doFinal(signingString.getBytes(StandardCharsets.UTF_8));
        if (defect == Defect.SIGNATURE) {
            encrypted[10] ^= 1;
        }
        String keyId = defect == Defect.KEY_ID ? "someone-else" : SandboxSettings.DEMO_APP_ID;
        String signature = "keyId=\"" + keyId + "\",algorithm=\"rsa-sha256\",headers=\"date digest x-request-id\",signature=\""
                + Base64.getEncoder().encodeToString(encrypted) + "\"";
        if (defect == Defect.BODY) {
            body = body.replace("c1", "c2");
        }
        if (defect == Defect.DIGEST) {
            digest = digest.substring(0, 12) + (digest.charAt(12) == 'x' ? 'y' : 'x') + digest.substring(13);
        }
        return new Webhook(body, date, digest, requestId, signature);
    }

    HttpResponse<String> post(Webhook w) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(bundle.httpBase() + "/webhooks/fintecture"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Date", w.date()).header("Digest", w.digest()).header("X-Request-ID", w.requestId())
                .header("Signature", w.signature())
                .POST(HttpRequest.BodyPublishers.ofString(w.body())).build(), HttpResponse.BodyHandlers.ofString());
    }

    String acceptedPayment(String orderId) throws Exception {
        bundle.sendOrder(TestBundle.order(orderId, "21.00"));
        List<JsonNode> outcomes = bundle.receive("payments.outcomes", orderId, 2, 20_000);
        assertThat(outcomes).hasSize(2);
        String session = outcomes.get(1).path("providerPaymentId").asText();
        bundle.sandbox.decide(session, true);
        return session;
    }

    @Test
    void aProperWebhookIsAnsweredFastAndGivesOneAuthorizedOutcome() throws Exception {
        String session = acceptedPayment("WH-OK");
        Webhook w = build(session, "payment_created", "WH-OK", UUID.randomUUID().toString(), Defect.NONE);

        assertThat(post(w).statusCode()).isEqualTo(200);
        List<JsonNode> outcomes = bundle.receive("payments.outcomes", "WH-OK", 1, 15_000);
        assertThat(outcomes).extracting(o -> o.path("status").asText()).containsExactly("AUTHORIZED");
        assertThat(outcomes.get(0).path("source").asText()).isEqualTo("webhook");

        // The provider retries the same webhook (same X-Request-ID): acknowledged, not processed again.
        assertThat(post(w).statusCode()).isEqualTo(200);
        // A new webhook with the same news: processed, but no change, so no outcome.
        assertThat(post(build(session, "payment_created", "WH-OK", UUID.randomUUID().toString(), Defect.NONE)).statusCode()).isEqualTo(200);
        assertThat(bundle.drain("payments.outcomes", "WH-OK", 2_000)).isEmpty();
    }

    @Test
    void aFieldLongerThanItsColumnIsRefusedWith400BeforeAnythingIsQueued() throws Exception {
        String session = acceptedPayment("WH-LONG");
        String longSession = session + "x".repeat(129 - session.length());
        String requestId = UUID.randomUUID().toString();
        HttpResponse<String> r = post(build(longSession, "payment_created", "WH-LONG", requestId, Defect.NONE));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"field\":\"session_id\"");
        assertThat(bundle.app.store().webhooks().seen(requestId)).isFalse();
        // The provider's retry is refused the same way (not a 500 after queueing, not a replay).
        assertThat(post(build(longSession, "payment_created", "WH-LONG", requestId, Defect.NONE)).statusCode()).isEqualTo(400);
        // (An X-Request-ID over 128 characters cannot be signed at all: the signing string would not fit RSA-OAEP.)
        assertThat(post(build(session, "payment_created", "W".repeat(65), UUID.randomUUID().toString(), Defect.NONE)).body())
                .contains("\"field\":\"state\"");
        assertThat(bundle.drain("payments.outcomes", "WH-LONG", 2_000)).isEmpty();
        // At the limits, accepted.
        assertThat(post(build(session + "y".repeat(128 - session.length()), "payment_created", "WH-LONG", UUID.randomUUID().toString(), Defect.NONE))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void receiptsOlderThanTwiceTheDateWindowArePruned() throws Exception {
        // The default window is 300 s: a receipt 601 s old goes, one 599 s old stays.
        try (com.zaxxer.hikari.HikariDataSource ds = org.paymentroutes.store.StoreDataSource.open(bundle.settings);
             java.sql.Connection c = ds.getConnection();
             java.sql.PreparedStatement insert = c.prepareStatement(
                     "INSERT INTO webhook_receipt (request_id, provider, session_id, received_at) VALUES (?, 'fintecture', 's', ?)")) {
            for (String[] row : List.of(new String[] {"prune-old", "601"}, new String[] {"prune-recent", "599"})) {
                insert.setString(1, row[0]);
                insert.setObject(2, java.time.OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(Long.parseLong(row[1])));
                // (Not read back: the pruning timer may already have taken the old one.)
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (bundle.app.store().webhooks().seen("prune-old") && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(bundle.app.store().webhooks().seen("prune-old")).isFalse();
        assertThat(bundle.app.store().webhooks().seen("prune-recent")).isTrue();
    }

    @Test
    void anyOneDefectIsRefusedWith401AndChangesNothing() throws Exception {
        String session = acceptedPayment("WH-BAD");
        int historyBefore = bundle.app.store().history().of("WH-BAD").size();
        for (Defect d : List.of(Defect.BODY, Defect.DIGEST, Defect.SIGNATURE, Defect.KEY_ID, Defect.STALE_DATE)) {
            HttpResponse<String> r = post(build(session, "payment_created", "WH-BAD", UUID.randomUUID().toString(), d));
            assertThat(r.statusCode()).as(d.name()).isEqualTo(401);
        }
        assertThat(bundle.drain("payments.outcomes", "WH-BAD", 2_000)).isEmpty();
        assertThat(bundle.app.store().payments().find("WH-BAD").orElseThrow().status()).isEqualTo(PaymentStatus.ACTION_REQUIRED);
        assertThat(bundle.app.store().history().of("WH-BAD")).hasSize(historyBefore);
    }

    @Test
    void aWebhookClaimingMoreThanTheApiSaysPublishesWhatTheApiSays() throws Exception {
        bundle.sendOrder(TestBundle.order("WH-LIE", "22.00"));
        String session = bundle.receive("payments.outcomes", "WH-LIE", 2, 20_000).get(1).path("providerPaymentId").asText();
        bundle.sandbox.decide(session, false);
        // Properly signed (anyone with our public key can), but the body claims success.
        assertThat(post(build(session, "payment_created", "WH-LIE", UUID.randomUUID().toString(), Defect.NONE)).statusCode()).isEqualTo(200);
        List<JsonNode> outcomes = bundle.receive("payments.outcomes", "WH-LIE", 1, 15_000);
        assertThat(outcomes).extracting(o -> o.path("status").asText()).containsExactly("FAILED");
    }

    @Test
    void callbackAndWebhookTogetherGiveExactlyOneOutcome() throws Exception {
        String session = acceptedPayment("WH-RACE");
        Webhook w = build(session, "payment_created", "WH-RACE", UUID.randomUUID().toString(), Defect.NONE);
        HttpRequest callback = HttpRequest.newBuilder(URI.create(bundle.httpBase() + "/callbacks/fintecture?session_id=" + session
                + "&status=payment_created&provider=sandbox_bank&customer_id=c1&state=WH-RACE")).GET().build();
        var a = http.sendAsync(callback, HttpResponse.BodyHandlers.ofString());
        var b = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return post(w).statusCode();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        assertThat(a.get().statusCode()).isEqualTo(200);
        assertThat(b.get()).isEqualTo(200);
        assertThat(bundle.receive("payments.outcomes", "WH-RACE", 1, 15_000)).extracting(o -> o.path("status").asText())
                .containsExactly("AUTHORIZED");
        assertThat(bundle.drain("payments.outcomes", "WH-RACE", 2_000)).isEmpty();
    }
}
