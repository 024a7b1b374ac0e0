package org.paymentroutes.sandbox.everifin;

import org.paymentroutes.sandbox.common.RecordedRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Create and status calls: validation field by field, the echo, injected faults and the request journal. */
class EverifinPaymentApiTest {

    private EverifinSandbox sandbox;
    private FrontEnd client;

    @BeforeEach
    void start() throws Exception {
        sandbox = new EverifinSandbox(EverifinSandboxSettings.demo().withPort(0)).start();
        client = new FrontEnd(sandbox.baseUrl());
        client.login();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void createsAPaymentAndEchoesItsFields() throws Exception {
        ObjectNode body = valid();
        body.put("amount", 273);
        body.put("recipientBankBic", "TATRSKBX");
        body.put("senderIban", BankProfiles.exampleSenderIban("credentials-otp"));
        body.put("paymentDate", "2026-11-23");
        body.put("variableSymbol", "2026000123");
        body.put("constantSymbol", "0308");
        body.put("specificSymbol", 42);
        body.put("paymentMessage", "Invoice B34970692");
        HttpResponse<String> response = client.createRaw(body.toString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode created = client.json(response);
        long id = created.path("id").asLong();
        assertThat(id).isEqualTo(PaymentStore.FIRST_ID);
        assertThat(response.headers().firstValue("Location")).hasValue("/v1/payments/single/" + id);
        assertThat(created.path("status").asText()).isEqualTo("CREATED");
        assertThat(created.path("amount").decimalValue()).isEqualByComparingTo("273.00");
        assertThat(response.body()).contains("\"amount\":273.00,");
        assertThat(created.path("specificSymbol").asText()).isEqualTo("42");
        assertThat(created.path("recipientBankBic").asText()).isEqualTo("TATRSKBX");
        assertThat(created.has("reasonCode")).isFalse();

        JsonNode status = client.json(client.status(id));
        assertThat(status.path("id").asLong()).isEqualTo(id);
        assertThat(status.path("status").asText()).isEqualTo("CREATED");
        assertThat(status.path("recipientIban").asText()).isEqualTo(FrontEnd.RECIPIENT_IBAN);
        assertThat(sandbox.paymentsCreated()).isEqualTo(1);
        EverifinPayment payment = sandbox.payment(id).orElseThrow();
        assertThat(payment.profile()).isEqualTo("credentials-otp");
        assertThat(payment.amount()).isEqualByComparingTo("273");
        assertThat(payment.currency()).isEqualTo("EUR");
        assertThat(payment.stepType()).isEqualTo("INPUT");
        assertThat(sandbox.payment(id + 1)).isEmpty();
    }

    static Stream<Arguments> invalidFields() {
        return Stream.of(
                Arguments.of("amount", null, "is required"),
                Arguments.of("amount", "0.00", "between 0.01 and 9999999999"),
                Arguments.of("amount", "10000000000", "between 0.01 and 9999999999"),
                Arguments.of("amount", "-5", "decimal string"),
                Arguments.of("amount", "1.005", "at most 2 decimals"),
                Arguments.of("amount", "1,50", "decimal string"),
                Arguments.of("currency", "eur", "3-letter"),
                Arguments.of("recipientIban", null, "is required"),
                Arguments.of("recipientIban", "SK3112000000198742637542", "check digits"),
                Arguments.of("recipientIban", "SK31 1200 0000 1987 4263 7541", "electronic form"),
                Arguments.of("recipientIban", "SK311200000019874263754", "24 characters"),
                Arguments.of("senderIban", "CZ0000000000000000000000", "check digits"),
                Arguments.of("recipientBankBic", "TATRSK", "BIC"),
                Arguments.of("paymentDate", "23.11.2026", "ISO 8601"),
                Arguments.of("variableSymbol", "12345678901", "1 to 10 digits"),
                Arguments.of("variableSymbol", "12A", "1 to 10 digits"),
                Arguments.of("constantSymbol", "12345", "1 to 4 digits"),
                Arguments.of("specificSymbol", "12345678901", "1 to 10 digits"),
                Arguments.of("reference", "x".repeat(36), "at most 35"),
                Arguments.of("redirectUrl", null, "is required"),
                Arguments.of("redirectUrl", "/relative/path", "absolute http(s) URL"),
                Arguments.of("paymentMessage", "m".repeat(141), "at most 140"),
                Arguments.of("recipientIBAN", FrontEnd.RECIPIENT_IBAN, "unknown field"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("invalidFields")
    void refusesAnInvalidFieldNamingIt(String field, String value, String message) throws Exception {
        ObjectNode body = valid();
        if (value == null) {
            body.remove(field);
        } else {
            body.put(field, value);
        }
        assertValidationError(client.createRaw(body.toString()), field, message);
        assertThat(sandbox.paymentsCreated()).isZero();
    }

    @Test
    void refusesAReferenceCombinedWithSymbolsAndListsEveryProblem() throws Exception {
        ObjectNode body = valid();
        body.put("reference", "INV-2026-123");
        body.put("constantSymbol", "0308");
        assertValidationError(client.createRaw(body.toString()), "reference", "must not be combined");

        ObjectNode many = valid();
        many.put("amount", -1);
        many.put("currency", "EURO");
        many.remove("redirectUrl");
        JsonNode error = client.json(client.createRaw(many.toString())).path("error");
        assertThat(error.path("details")).hasSize(3);
        assertThat(error.path("message").asText()).contains("(and 2 more)");

        ObjectNode withReference = valid();
        withReference.put("reference", "INV-2026-123");
        assertThat(client.createRaw(withReference.toString()).statusCode()).isEqualTo(201);
    }

    @Test
    void refusesNonJsonBodies() throws Exception {
        HttpResponse<String> notJson = client.createRaw("amount=1");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(client.json(notJson).path("error").path("code").asText()).isEqualTo("MALFORMED_JSON");
        HttpResponse<String> form = client.http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/v1/payments/single"))
                .header("Authorization", "Bearer " + client.token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(valid().toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(415);
        HttpResponse<String> delete = client.http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/v1/payments/single"))
                .header("Authorization", "Bearer " + client.token).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(client.get(sandbox.baseUrl() + "/v2/orders").statusCode()).isEqualTo(404);
    }

    @Test
    void failNextAnswersTheStatusWithRetryAfterThenRecovers() throws Exception {
        sandbox.failNext(2, 503);
        HttpResponse<String> first = client.createRaw(valid().toString());
        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(client.json(first).path("error").path("code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(client.process(PaymentStore.FIRST_ID, null, false).statusCode()).isEqualTo(503);
        assertThat(client.createRaw(valid().toString()).statusCode()).isEqualTo(201);

        sandbox.failNext(1, 429);
        HttpResponse<String> limited = client.status(PaymentStore.FIRST_ID);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        sandbox.failNext(1, 500);
        assertThat(client.status(PaymentStore.FIRST_ID).statusCode()).isEqualTo(500);
        assertThat(client.status(PaymentStore.FIRST_ID).statusCode()).isEqualTo(200);
        assertThat(sandbox.paymentsCreated()).isEqualTo(1);

        // The identity server is never faulted: only the API's retries are under test.
        sandbox.failNext(1, 503);
        client.login();
        assertThat(client.status(PaymentStore.FIRST_ID).statusCode()).isEqualTo(503);
    }

    @Test
    void delayNextSlowsTheNextCalls() throws Exception {
        client.createRaw(valid().toString());
        sandbox.delayNext(1, Duration.ofMillis(400));
        long started = System.nanoTime();
        assertThat(client.status(PaymentStore.FIRST_ID).statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        started = System.nanoTime();
        client.status(PaymentStore.FIRST_ID);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(400));
    }

    @Test
    void recordsEveryRequestWithItsStatusAndRefusalReason() throws Exception {
        sandbox.clearRequests();
        client.createRaw(valid().toString());
        client.process(PaymentStore.FIRST_ID, null, java.util.Map.of("x-ef-sender-ip", "10.0.0.1"));

        var requests = sandbox.requests();
        assertThat(requests).hasSize(2);
        RecordedRequest create = requests.get(0);
        assertThat(create.method()).isEqualTo("POST");
        assertThat(create.target()).isEqualTo("/v1/payments/single");
        assertThat(create.status()).isEqualTo(201);
        assertThat(create.refused()).isFalse();
        assertThat(create.header("Content-Type")).isEqualTo("application/json");
        assertThat(create.headers()).containsKey("authorization");
        assertThat(create.bodyAsString()).contains("\"recipientIban\"");
        RecordedRequest process = requests.get(1);
        assertThat(process.method()).isEqualTo("PATCH");
        assertThat(process.status()).isEqualTo(400);
        assertThat(process.reason()).contains("x-ef-sender-user-agent");
        assertThat(process.toString()).doesNotContain(client.token);
    }

    private ObjectNode valid() {
        ObjectNode body = client.mapper.createObjectNode();
        body.put("amount", "273.00");
        body.put("currency", "EUR");
        body.put("recipientIban", FrontEnd.RECIPIENT_IBAN);
        body.put("recipientName", "ACME s.r.o.");
        body.put("redirectUrl", "https://erp.example/callbacks/everifin");
        return body;
    }

    private void assertValidationError(HttpResponse<String> response, String field, String message) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = client.json(response).path("error");
        assertThat(error.path("code").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(error.path("field").asText()).isEqualTo(field);
        assertThat(error.path("message").asText()).startsWith(field + ": ").contains(message);
        assertThat(error.path("details").path(0).path("field").asText()).isEqualTo(field);
    }
}
