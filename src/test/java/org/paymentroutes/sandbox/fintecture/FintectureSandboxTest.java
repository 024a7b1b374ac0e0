package org.paymentroutes.sandbox.fintecture;

import org.paymentroutes.sandbox.common.RecordedRequest;
import org.paymentroutes.sandbox.common.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FintectureSandboxTest {

    static final String PAYMENT_JSON = """
            {"meta":{"psu_name":"Julien Lefebre","psu_email":"julien@example.com"},\
            "data":{"type":"payments","attributes":{"amount":"273.00","currency":"EUR","communication":"B34970692"}}}""";
    static final String REDIRECT_URI = "https://shop.example/payments/return";
    static final String CONNECT_TARGET = "/pis/v2/connect?redirect_uri="
            + URLEncoder.encode(REDIRECT_URI, StandardCharsets.UTF_8) + "&state=ERP-1";

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private FintectureSandbox sandbox;

    @BeforeEach
    void start() throws IOException {
        sandbox = new FintectureSandbox(SandboxSettings.demo().withPort(0)).start();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    // ------------------------------------------------------------------ token

    @Test
    void issuesATokenForTheDemoCredentials() throws Exception {
        HttpResponse<String> response = send(tokenRequest(SandboxSettings.DEMO_APP_ID, SandboxSettings.DEMO_APP_SECRET,
                "grant_type=client_credentials&app_id=" + SandboxSettings.DEMO_APP_ID + "&scope=PIS"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = json(response);
        assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.path("access_token").asText()).hasSizeGreaterThan(20);
        assertThat(body.path("expires_in").asInt()).isEqualTo(3600);
    }

    @Test
    void refusesAWrongSecret() throws Exception {
        HttpResponse<String> response = send(tokenRequest(SandboxSettings.DEMO_APP_ID, "wrong-secret",
                "grant_type=client_credentials&app_id=" + SandboxSettings.DEMO_APP_ID + "&scope=PIS"));

        assertError(response, 401, "invalid_client", "invalid app_id or app_secret");
        assertThat(response.body()).doesNotContain("wrong-secret");
    }

    @Test
    void refusesAFormAppIdOtherThanTheBasicOneAndAScopeOtherThanPis() throws Exception {
        assertError(send(tokenRequest(SandboxSettings.DEMO_APP_ID, SandboxSettings.DEMO_APP_SECRET,
                "grant_type=client_credentials&app_id=someone-else&scope=PIS")), 401, "invalid_client", "app_id");
        assertError(send(tokenRequest(SandboxSettings.DEMO_APP_ID, SandboxSettings.DEMO_APP_SECRET,
                "grant_type=client_credentials&app_id=" + SandboxSettings.DEMO_APP_ID + "&scope=AIS")), 400, "invalid_scope", "scope");
        assertError(send(tokenRequest(SandboxSettings.DEMO_APP_ID, SandboxSettings.DEMO_APP_SECRET,
                "grant_type=password&app_id=" + SandboxSettings.DEMO_APP_ID + "&scope=PIS")), 400, "unsupported_grant_type", "grant_type");
    }

    // ------------------------------------------------------------------ connect

    @Test
    void createsASessionForASignedConnect() throws Exception {
        HttpResponse<String> response = send(SignedCall.post(CONNECT_TARGET, PAYMENT_JSON, token()).build(sandbox.baseUrl()));

        assertThat(response.statusCode()).isEqualTo(200);
        String sessionId = json(response).path("meta").path("session_id").asText();
        assertThat(sessionId).matches("[0-9a-f]{32}");
        assertThat(json(response).path("meta").path("url").asText()).isEqualTo(sandbox.baseUrl() + "/connect/" + sessionId);
        assertThat(sandbox.sessionsCreated()).isEqualTo(1);
        assertThat(sandbox.sessionsForState("ERP-1")).isEqualTo(1);
        assertThat(sandbox.sessionsForState("ERP-2")).isZero();
        SandboxPayment payment = sandbox.payment(sessionId).orElseThrow();
        assertThat(payment.status()).isEqualTo("provider_required");
        assertThat(payment.amount()).isEqualTo("273.00");
        assertThat(payment.state()).isEqualTo("ERP-1");
        assertThat(payment.redirectUri()).isEqualTo(REDIRECT_URI);

        RecordedRequest recorded = last();
        assertThat(recorded.target()).isEqualTo(CONNECT_TARGET);
        assertThat(recorded.status()).isEqualTo(200);
        assertThat(recorded.reason()).isNull();
        assertThat(recorded.header("X-Request-ID")).matches("[0-9a-f-]{36}");
        assertThat(recorded.bodyAsString()).isEqualTo(PAYMENT_JSON);
    }

    @Test
    void refusesABodyChangedByOneByteAfterSigning() throws Exception {
        SignedCall call = SignedCall.post(CONNECT_TARGET, PAYMENT_JSON, token());
        call.sentBody = PAYMENT_JSON.replace("273.00", "273.01").getBytes(StandardCharsets.UTF_8);

        assertError(send(call.build(sandbox.baseUrl())), 401, "invalid_signature", "digest mismatch");
        assertThat(last().reason()).isEqualTo("digest mismatch");
        assertThat(sandbox.sessionsCreated()).isZero();
    }

    @Test
    void refusesASignatureByAnotherKey() throws Exception {
        SignedCall call = SignedCall.post(CONNECT_TARGET, PAYMENT_JSON, token());
        call.key = TestSigning.otherPrivateKey();

        assertError(send(call.build(sandbox.baseUrl())), 401, "invalid_signature", "signature invalid");
        assertThat(last().reason()).isEqualTo("signature invalid");
    }

    @Test
    void refusesASignatureOverAQueryEncodedDifferentlyFromTheWire() throws Exception {
        // The client signed the decoded redirect_uri but sent it encoded: a classic signer bug.
        SignedCall call = SignedCall.post("/pis/v2/connect?redirect_uri=" + REDIRECT_URI + "&state=ERP-1", PAYMENT_JSON, token());
        call.sentTarget = CONNECT_TARGET;

        assertError(send(call.build(sandbox.baseUrl())), 401, "invalid_signature", "signature invalid");
    }

    @Test
    void refusesAForeignKeyIdAnUnexpectedHeadersListAndAMissingDigest() throws Exception {
        String token = token();
        SignedCall wrongKeyId = SignedCall.post(CONNECT_TARGET, PAYMENT_JSON, token);
        wrongKeyId.keyId = "another-app";
        assertError(send(wrongKeyId.build(sandbox.baseUrl())), 401, "invalid_signature", "keyId does not match");

        SignedCall noDigestInList = SignedCall.post(CONNECT_TARGET, PAYMENT_JSON, token);
        noDigestInList.headersList = "(request-target) date x-request-id";
        assertError(send(noDigestInList.build(sandbox.baseUrl())), 401, "invalid_signature", "headers list must be");

        SignedCall noDigest = SignedCall.post(CONNECT_TARGET, PAYMENT_JSON, token);
        noDigest.sendDigest = false;
        assertError(send(noDigest.build(sandbox.baseUrl())), 401, "invalid_signature", "missing digest header");

        SignedCall noSignature = SignedCall.post(CONNECT_TARGET, PAYMENT_JSON, token);
        noSignature.sendSignature = false;
        assertError(send(noSignature.build(sandbox.baseUrl())), 401, "invalid_signature", "missing signature header");

        SignedCall badRequestId = SignedCall.post(CONNECT_TARGET, PAYMENT_JSON, token);
        badRequestId.requestId = "not-a-uuid";
        assertError(send(badRequestId.build(sandbox.baseUrl())), 401, "invalid_signature", "x-request-id is not a UUID");

        assertThat(sandbox.sessionsCreated()).isZero();
    }

    @Test
    void refusesAStaleDateAndANonGmtDate() throws Exception {
        SignedCall stale = SignedCall.post(CONNECT_TARGET, PAYMENT_JSON, token());
        stale.date = Instant.now().minus(Duration.ofMinutes(6));
        assertError(send(stale.build(sandbox.baseUrl())), 401, "invalid_signature", "date outside tolerance");
        assertThat(last().reason()).isEqualTo("date outside tolerance");

        SignedCall offset = SignedCall.post(CONNECT_TARGET, PAYMENT_JSON, token());
        offset.dateHeader = TestSigning.httpDate(Instant.now()).replace("GMT", "+0000");
        assertError(send(offset.build(sandbox.baseUrl())), 401, "invalid_signature", "date is not RFC 1123 GMT");
    }

    @Test
    void acceptsTheJdkRfc1123FormWithASingleDigitDay() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-02T10:15:30Z"));
        try (FintectureSandbox clocked = new FintectureSandbox(SandboxSettings.demo().withPort(0), clock).start()) {
            SignedCall call = SignedCall.post(CONNECT_TARGET, PAYMENT_JSON, token(clocked));
            call.dateHeader = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                    .format(clock.instant().atZone(java.time.ZoneOffset.UTC));
            assertThat(call.dateHeader).isEqualTo("Mon, 2 Nov 2026 10:15:30 GMT");

            assertThat(send(call.build(clocked.baseUrl())).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void refusesAMissingUnknownOrExpiredBearerToken() throws Exception {
        assertError(send(SignedCall.post(CONNECT_TARGET, PAYMENT_JSON, null).build(sandbox.baseUrl())),
                401, "invalid_token", "missing bearer token");
        assertError(send(SignedCall.post(CONNECT_TARGET, PAYMENT_JSON, "made-up").build(sandbox.baseUrl())),
                401, "invalid_token", "unknown access token");

        MutableClock clock = new MutableClock(Instant.now());
        try (FintectureSandbox clocked = new FintectureSandbox(SandboxSettings.demo().withPort(0), clock).start()) {
            String token = token(clocked);
            clock.advance(Duration.ofSeconds(3601));
            SignedCall call = SignedCall.post(CONNECT_TARGET, PAYMENT_JSON, token);
            call.date = clock.instant();
            assertError(send(call.build(clocked.baseUrl())), 401, "invalid_token", "access token expired");
        }
    }

    @Test
    void refusesAnInvalidBodyNamingEachField() throws Exception {
        String body = """
                {"meta":{},"data":{"type":"payment","attributes":{"amount":"-5","currency":"euro","communication":"%s"}}}"""
                .formatted("x".repeat(141));
        HttpResponse<String> response = send(SignedCall.post(CONNECT_TARGET, body, token()).build(sandbox.baseUrl()));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = json(response);
        assertThat(error.path("status").asText()).isEqualTo("400");
        assertThat(error.path("code").asText()).isEqualTo("bad_request");
        List<String> details = new ArrayList<>();
        error.path("errors").forEach(e -> details.add(e.path("detail").asText()));
        assertThat(details).anyMatch(d -> d.startsWith("data.type"))
                .anyMatch(d -> d.startsWith("data.attributes.amount"))
                .anyMatch(d -> d.startsWith("data.attributes.currency"))
                .anyMatch(d -> d.startsWith("data.attributes.communication"))
                .anyMatch(d -> d.startsWith("meta.psu_name"));
        assertThat(sandbox.sessionsCreated()).isZero();
    }

    @Test
    void refusesANumericAmountAndAMissingRedirectUri() throws Exception {
        String numeric = PAYMENT_JSON.replace("\"273.00\"", "273.00");
        assertError(send(SignedCall.post(CONNECT_TARGET, numeric, token()).build(sandbox.baseUrl())),
                400, "invalid_attribute", "data.attributes.amount: must be a JSON string");

        assertError(send(SignedCall.post("/pis/v2/connect?state=ERP-1", PAYMENT_JSON, token()).build(sandbox.baseUrl())),
                400, "missing_parameter", "redirect_uri");

        assertError(send(SignedCall.post(CONNECT_TARGET + "&state=ERP-2", PAYMENT_JSON, token()).build(sandbox.baseUrl())),
                400, "invalid_parameter", "state: given more than once");
        assertThat(sandbox.sessionsCreated()).isZero();
    }

    // ------------------------------------------------------------------ faults

    @Test
    void failNextAnswersTheErrorShapeThenRecovers() throws Exception {
        String token = token();
        sandbox.failNext(1, 503);

        HttpResponse<String> failed = send(SignedCall.post(CONNECT_TARGET, PAYMENT_JSON, token).build(sandbox.baseUrl()));
        assertError(failed, 503, "service_unavailable", "injected failure 503");
        assertThat(json(failed).path("code").asText()).isEqualTo("service_unavailable");

        HttpResponse<String> next = send(SignedCall.post(CONNECT_TARGET, PAYMENT_JSON, token).build(sandbox.baseUrl()));
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(sandbox.sessionsCreated()).isEqualTo(1);
    }

    @Test
    void failNextWith429SaysRetryAfter() throws Exception {
        sandbox.failNext(2, 429);
        String token = token(); // the token endpoint is not under /pis/v2, so it is not failed

        for (int i = 0; i < 2; i++) {
            HttpResponse<String> response = send(SignedCall.post(CONNECT_TARGET, PAYMENT_JSON, token).build(sandbox.baseUrl()));
            assertError(response, 429, "too_many_requests", "injected failure 429");
            assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(json(response).path("code").asText()).isEqualTo("too_many_requests");
        }
        assertThat(send(SignedCall.post(CONNECT_TARGET, PAYMENT_JSON, token).build(sandbox.baseUrl())).statusCode()).isEqualTo(200);
    }

    @Test
    void delayNextLetsAClientTimeOut() throws Exception {
        String token = token();
        sandbox.delayNext(1, Duration.ofMillis(1500));
        HttpRequest slow = HttpRequest.newBuilder(SignedCall.post(CONNECT_TARGET, PAYMENT_JSON, token).build(sandbox.baseUrl()), (n, v) -> true)
                .timeout(Duration.ofMillis(300)).build();

        assertThatThrownBy(() -> send(slow)).isInstanceOf(HttpTimeoutException.class);
        assertThat(send(SignedCall.post(CONNECT_TARGET, PAYMENT_JSON, token).build(sandbox.baseUrl())).statusCode()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ payment

    @Test
    void answersASignedPaymentGetInFintecturesShape() throws Exception {
        String token = token();
        String sessionId = createSession(token);

        HttpResponse<String> response = send(SignedCall.get("/pis/v2/payments/" + sessionId, token).build(sandbox.baseUrl()));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.at("/meta/session_id").asText()).isEqualTo(sessionId);
        assertThat(body.at("/meta/status").asText()).isEqualTo("provider_required");
        assertThat(body.at("/meta/code").asInt()).isEqualTo(200);
        assertThat(body.at("/meta/is_accepted").asBoolean()).isFalse();
        assertThat(body.at("/meta/has_settlement_completed").asBoolean()).isFalse();
        assertThat(body.at("/meta/type").asText()).isEqualTo("PayByBank");
        assertThat(body.at("/meta/customer_id").asText()).matches("[0-9a-f]{32}");
        assertThat(body.at("/data/id").asText()).isEqualTo(sessionId);
        assertThat(body.at("/data/type").asText()).isEqualTo("payments");
        assertThat(body.at("/data/attributes/amount").asText()).isEqualTo("273.00");
        assertThat(body.at("/data/attributes/currency").asText()).isEqualTo("EUR");
        assertThat(body.at("/data/attributes/communication").asText()).isEqualTo("B34970692");
        assertThat(body.at("/data/attributes/end_to_end_id").asText()).isEqualTo(sessionId);
        assertThat(body.at("/data/attributes/payment_scheme").asText()).isEqualTo("SEPA");
        assertThat(body.at("/data/attributes").has("transfer_state")).isTrue();
    }

    @Test
    void listsSessionsByDayAndStatusAndCancelsOneSoItsConnectPageTakesNoPayment() throws Exception {
        String token = token();
        String first = createSession(token);
        String second = createSession(token);
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();

        JsonNode listing = json(send(SignedCall.get("/pis/v2/payments?filter%5Bdate%5D%5Bfrom%5D=" + today
                + "&filter%5Bdate%5D%5Bto%5D=" + today, token).build(sandbox.baseUrl())));
        assertThat(listing.at("/data").findValuesAsText("id")).contains(first, second);
        JsonNode item = java.util.stream.StreamSupport.stream(listing.at("/data").spliterator(), false)
                .filter(i -> i.path("id").asText().equals(first)).findFirst().orElseThrow();
        assertThat(item.at("/attributes/amount").asText()).isEqualTo("273.00");
        assertThat(item.at("/attributes/communication").asText()).isEqualTo("B34970692");
        assertThat(item.at("/attributes/status").asText()).isEqualTo("provider_required");
        assertThat(item.at("/attributes/created_at").asText()).isNotBlank();
        assertThat(json(send(SignedCall.get("/pis/v2/payments?filter%5Bdate%5D%5Bto%5D=2000-01-01", token)
                .build(sandbox.baseUrl()))).at("/data").size()).isZero();

        SignedCall cancel = SignedCall.post("/pis/v2/payments/" + first, "{\"meta\":{\"status\":\"payment_cancelled\"}}", token);
        cancel.method = "PATCH";
        HttpResponse<String> cancelled = send(cancel.build(sandbox.baseUrl()));
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(json(cancelled).at("/meta/status").asText()).isEqualTo("payment_cancelled");
        assertThat(send(decisionRequest(first, "accept")).headers().firstValue("Location").orElseThrow())
                .contains("status=payment_cancelled");
        assertThat(sandbox.payment(first).orElseThrow().status()).isEqualTo(SandboxPayment.PAYMENT_CANCELLED);
        assertThat(json(send(SignedCall.get("/pis/v2/payments?filter%5Bstatus%5D=payment_cancelled", token)
                .build(sandbox.baseUrl()))).at("/data").findValuesAsText("id")).contains(first).doesNotContain(second);

        // A session the payer has decided can no longer be cancelled.
        sandbox.decide(second, true);
        SignedCall late = SignedCall.post("/pis/v2/payments/" + second, "{\"meta\":{\"status\":\"payment_cancelled\"}}", token);
        late.method = "PATCH";
        assertError(send(late.build(sandbox.baseUrl())), 400, "invalid_status", "can no longer be cancelled");
    }

    @Test
    void refusesAPaymentGetSignedWithADigestAndAnswers404ForAnUnknownSession() throws Exception {
        String token = token();
        String sessionId = createSession(token);

        SignedCall withDigestList = SignedCall.get("/pis/v2/payments/" + sessionId, token);
        withDigestList.headersList = "(request-target) date digest x-request-id";
        assertError(send(withDigestList.build(sandbox.baseUrl())), 401, "invalid_signature", "headers list must be");

        SignedCall signedForAnother = SignedCall.get("/pis/v2/payments/" + "0".repeat(32), token);
        signedForAnother.sentTarget = "/pis/v2/payments/" + sessionId;
        assertError(send(signedForAnother.build(sandbox.baseUrl())), 401, "invalid_signature", "signature invalid");

        assertError(send(SignedCall.get("/pis/v2/payments/" + "0".repeat(32), token).build(sandbox.baseUrl())),
                404, "session_id_invalid_or_expired", "no payment session");
    }

    // ------------------------------------------------------------------ payer's page

    @Test
    void payerAcceptsOnTheConnectPageAndIsRedirectedBack() throws Exception {
        String token = token();
        String sessionId = createSession(token);

        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/connect/" + sessionId)).GET().build());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("Fintecture SANDBOX — no real money", "273.00", "EUR", "B34970692",
                "Sandbox merchant", "/connect/" + sessionId + "/decision", "Pay", "Refuse");

        HttpResponse<String> decision = send(decisionRequest(sessionId, "accept"));
        assertThat(decision.statusCode()).isEqualTo(302);
        SandboxPayment payment = sandbox.payment(sessionId).orElseThrow();
        assertThat(decision.headers().firstValue("Location")).hasValue(REDIRECT_URI + "?session_id=" + sessionId
                + "&status=payment_created&provider=sandbox_bank&customer_id=" + payment.customerId() + "&state=ERP-1");

        JsonNode paid = json(send(SignedCall.get("/pis/v2/payments/" + sessionId, token).build(sandbox.baseUrl())));
        assertThat(paid.at("/meta/status").asText()).isEqualTo("payment_created");
        assertThat(paid.at("/meta/is_accepted").asBoolean()).isTrue();
        assertThat(paid.at("/meta/provider").asText()).isEqualTo("sandbox_bank");
        assertThat(paid.at("/data/attributes/transfer_state").asText()).isEqualTo("pending");
        assertThat(paid.at("/data/attributes/execution_date").asText()).matches("\\d{4}-\\d{2}-\\d{2}");

        sandbox.settle(sessionId);
        JsonNode settled = json(send(SignedCall.get("/pis/v2/payments/" + sessionId, token).build(sandbox.baseUrl())));
        assertThat(settled.at("/data/attributes/transfer_state").asText()).isEqualTo("completed");
        assertThat(settled.at("/meta/has_settlement_completed").asBoolean()).isTrue();

        // A second click cannot turn an accepted payment into a refused one.
        assertThat(send(decisionRequest(sessionId, "refuse")).headers().firstValue("Location").orElse(""))
                .contains("status=payment_created");
    }

    @Test
    void payerRefusesAndTheRedirectKeepsTheMerchantsOwnQuery() throws Exception {
        String token = token();
        String redirect = "https://shop.example/return?lang=fr";
        String target = "/pis/v2/connect?redirect_uri=" + URLEncoder.encode(redirect, StandardCharsets.UTF_8)
                + "&state=" + URLEncoder.encode("ERP 7&8", StandardCharsets.UTF_8);
        HttpResponse<String> created = send(SignedCall.post(target, PAYMENT_JSON, token).build(sandbox.baseUrl()));
        String sessionId = json(created).at("/meta/session_id").asText();
        assertThat(sandbox.sessionsForState("ERP 7&8")).isEqualTo(1);

        HttpResponse<String> decision = send(decisionRequest(sessionId, "refuse"));

        assertThat(decision.statusCode()).isEqualTo(302);
        assertThat(decision.headers().firstValue("Location").orElseThrow())
                .startsWith("https://shop.example/return?lang=fr&session_id=" + sessionId + "&status=payment_unsuccessful")
                .endsWith("&state=ERP%207%268");
        assertThat(sandbox.payment(sessionId).orElseThrow().status()).isEqualTo("payment_unsuccessful");
    }

    @Test
    void connectPageEscapesTheClientsText() throws Exception {
        String token = token();
        String body = PAYMENT_JSON.replace("B34970692", "<script>alert(1)</script>");
        String sessionId = json(send(SignedCall.post(CONNECT_TARGET, body, token).build(sandbox.baseUrl()))).at("/meta/session_id").asText();

        String page = send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/connect/" + sessionId)).GET().build()).body();

        assertThat(page).doesNotContain("<script>").contains("&lt;script&gt;");
    }

    // ------------------------------------------------------------------ modes and load

    @Test
    void withSignaturesOptionalAnUnsignedCallPassesButABadSignatureIsStillRefused() throws Exception {
        try (FintectureSandbox lenient = new FintectureSandbox(SandboxSettings.demo().withPort(0).withRequireSignatures(false)).start()) {
            String token = token(lenient);
            HttpRequest unsigned = HttpRequest.newBuilder(URI.create(lenient.baseUrl() + CONNECT_TARGET))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(PAYMENT_JSON)).build();
            assertThat(send(unsigned).statusCode()).isEqualTo(200);

            SignedCall badlySigned = SignedCall.post(CONNECT_TARGET, PAYMENT_JSON, token);
            badlySigned.key = TestSigning.otherPrivateKey();
            assertError(send(badlySigned.build(lenient.baseUrl())), 401, "invalid_signature", "signature invalid");
        }
    }

    @Test
    void servesConcurrentClients() throws Exception {
        String token = token();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            String target = "/pis/v2/connect?redirect_uri=" + URLEncoder.encode(REDIRECT_URI, StandardCharsets.UTF_8) + "&state=ERP-" + (i % 8);
            calls.add(http.sendAsync(SignedCall.post(target, PAYMENT_JSON, token).build(sandbox.baseUrl()),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            assertThat(call.get().statusCode()).isEqualTo(200);
        }
        assertThat(sandbox.sessionsCreated()).isEqualTo(64);
        assertThat(sandbox.sessionsForState("ERP-3")).isEqualTo(8);
        assertThat(sandbox.requests()).hasSize(65);
    }

    @Test
    void recordedRequestsDoNotPrintCredentials() throws Exception {
        token();
        RecordedRequest recorded = last();
        assertThat(recorded.header("authorization")).startsWith("Basic ");
        assertThat(recorded.toString()).doesNotContain("Basic").doesNotContain(SandboxSettings.DEMO_APP_SECRET);
        assertThat(sandbox.settings().toString()).doesNotContain(SandboxSettings.DEMO_APP_SECRET);
    }

    // ------------------------------------------------------------------ helpers

    private String createSession(String token) throws Exception {
        HttpResponse<String> response = send(SignedCall.post(CONNECT_TARGET, PAYMENT_JSON, token).build(sandbox.baseUrl()));
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response).at("/meta/session_id").asText();
    }

    private HttpRequest decisionRequest(String sessionId, String choice) {
        return HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/connect/" + sessionId + "/decision"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("choice=" + choice)).build();
    }

    private String token() throws Exception {
        return token(sandbox);
    }

    private String token(FintectureSandbox target) throws Exception {
        HttpRequest request = tokenRequest(target, SandboxSettings.DEMO_APP_ID, SandboxSettings.DEMO_APP_SECRET,
                "grant_type=client_credentials&app_id=" + SandboxSettings.DEMO_APP_ID + "&scope=PIS");
        HttpResponse<String> response = send(request);
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response).path("access_token").asText();
    }

    private HttpRequest tokenRequest(String appId, String secret, String form) {
        return tokenRequest(sandbox, appId, secret, form);
    }

    private static HttpRequest tokenRequest(FintectureSandbox target, String appId, String secret, String form) {
        String basic = Base64.getEncoder().encodeToString((appId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create(target.baseUrl() + "/oauth/accesstoken"))
                .header("Authorization", "Basic " + basic)
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(HttpResponse<String> response) throws IOException {
        return mapper.readTree(response.body());
    }

    private RecordedRequest last() {
        List<RecordedRequest> requests = sandbox.requests();
        return requests.get(requests.size() - 1);
    }

    /** Fintecture's error shape, with the detail the sandbox gives for the failed check. */
    private void assertError(HttpResponse<String> response, int status, String errorCode, String detailPart) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = json(response);
        assertThat(body.path("status").asText()).isEqualTo(Integer.toString(status));
        assertThat(body.path("code").asText()).isEqualTo(FintectureErrors.codeFor(status));
        assertThat(body.path("log_id").asText()).matches("[0-9a-f]{32}");
        assertThat(body.path("errors")).isNotEmpty();
        List<Map.Entry<String, String>> errors = new ArrayList<>();
        body.path("errors").forEach(e -> errors.add(Map.entry(e.path("code").asText(), e.path("detail").asText())));
        assertThat(errors).anySatisfy(e -> {
            assertThat(e.getKey()).isEqualTo(errorCode);
            assertThat(e.getValue()).contains(detailPart);
        });
    }
}
