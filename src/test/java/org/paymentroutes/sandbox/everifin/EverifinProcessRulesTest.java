package org.paymentroutes.sandbox.everifin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.security.spec.MGF1ParameterSpec;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the process endpoint refuses, and that a refused call leaves the payment as it was. */
class EverifinProcessRulesTest {

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

    // ---------------------------------------------------------------- encryption

    @Test
    void refusesCredentialsSentInClearText() throws Exception {
        long id = client.createForProfile("credentials-otp");
        client.step(id, null, false);
        String clear = "{\"userId\":\"sandbox-user\",\"userPassword\":\"sandbox-password\"}";

        assertError(client.process(id, clear, false), 400, "INPUT_NOT_ENCRYPTED", "userId", "must be encrypted");
        // The header alone does not make clear text encrypted.
        assertError(client.process(id, clear, true), 400, "INPUT_NOT_ENCRYPTED", "userId", "must be encrypted");
        assertThat(sandbox.requests().get(sandbox.requests().size() - 1).reason()).contains("must be encrypted");

        EverifinPayment payment = sandbox.payment(id).orElseThrow();
        assertThat(payment.stepIndex()).isZero();
        assertThat(payment.stepType()).isEqualTo("INPUT");
        assertThat(payment.status()).isEqualTo("SEEN");
        assertThat(payment.processCalls()).isEqualTo(1);
    }

    @Test
    void refusesOneEncryptedValueBesideAClearOne() throws Exception {
        long id = client.createForProfile("credentials-otp");
        String key = key(client.step(id, null, false));

        assertError(client.process(id, "{\"userId\":\"" + FrontEnd.encrypt(key, "sandbox-user")
                + "\",\"userPassword\":\"sandbox-password\"}", true), 400, "INPUT_NOT_ENCRYPTED", "userPassword", "must be encrypted");
    }

    @Test
    void refusesValuesEncryptedWithTheWrongKeyOrMgf1Sha1() throws Exception {
        long id = client.createForProfile("credentials-otp");
        String key = key(client.step(id, null, false));
        long other = client.createForProfile("credentials-otp");
        String otherKey = key(client.step(other, null, false));

        assertError(client.process(id, credentials(otherKey), true), 400, "INPUT_NOT_ENCRYPTED", "userId", "could not be decrypted");
        // OAEPWithSHA-256AndMGF1Padding in SunJCE means MGF1-SHA-1: the classic interop bug.
        String sha1Mgf = "{\"userId\":\"" + FrontEnd.encrypt(key, "sandbox-user", MGF1ParameterSpec.SHA1)
                + "\",\"userPassword\":\"" + FrontEnd.encrypt(key, "sandbox-password", MGF1ParameterSpec.SHA1) + "\"}";
        assertError(client.process(id, sha1Mgf, true), 400, "INPUT_NOT_ENCRYPTED", "userId", "could not be decrypted");
        assertError(client.process(id, "{\"userId\":\"AAAA\",\"userPassword\":\"AAAA\"}", true),
                400, "INPUT_NOT_ENCRYPTED", "userId", "3 bytes after base64");

        assertThat(client.step(id, credentials(key), true).path("input").path("name").asText()).isEqualTo("otp");
    }

    @Test
    void refusesAnUnsupportedEncryptionMethod() throws Exception {
        long id = client.createForProfile("credentials-otp");
        Map<String, String> headers = payerHeaders();
        headers.put("x-user-data-encryption-method", "RSA-PKCS1");
        assertError(client.process(id, null, headers), 400, "INVALID_HEADER", "x-user-data-encryption-method", "RSAES-OAEP/SHA-256");
    }

    // ---------------------------------------------------------------- values the step did not ask for

    @Test
    void refusesValuesTheCurrentStepDidNotAskFor() throws Exception {
        long id = client.createForProfile("credentials-otp");
        String key = key(client.step(id, null, false));

        assertError(client.process(id, "{\"userId\":\"" + FrontEnd.encrypt(key, "sandbox-user")
                + "\",\"userPassword\":\"" + FrontEnd.encrypt(key, "sandbox-password") + "\",\"pin\":\"1234\"}", true),
                400, "UNREQUESTED_INPUT", "pin", "was not requested");
        assertError(client.process(id, "{\"userId\":\"" + FrontEnd.encrypt(key, "sandbox-user") + "\"}", true),
                400, "INVALID_INPUT", "userPassword", "is required");

        long redirect = client.createForProfile("redirect-only");
        client.step(redirect, null, false);
        assertError(client.process(redirect, "{\"pin\":\"1234\"}", false), 400, "UNREQUESTED_INPUT", "pin", "was not requested");
        // Nothing may be sent before the first step has even been issued.
        long fresh = client.createForProfile("redirect-only");
        assertError(client.process(fresh, "{\"pin\":\"1234\"}", false), 400, "UNREQUESTED_INPUT", "pin", "not yet issued");
        assertThat(sandbox.payment(fresh).orElseThrow().status()).isEqualTo("CREATED");
    }

    @Test
    void answersStepMismatchForValuesOfAnotherStep() throws Exception {
        long id = client.createForProfile("credentials-otp");
        String key = key(client.step(id, null, false));
        // The otp belongs to the next step.
        assertError(client.process(id, "{\"otp\":\"" + FrontEnd.encrypt(key, "123456") + "\"}", true),
                409, "STEP_MISMATCH", null, "answer step 2 (INPUT)");

        // A bank return replayed after the flow moved on to PUSH.
        long push = client.createForProfile("redirect-push");
        JsonNode redirect = client.step(push, null, false);
        String back = client.returnBody(client.atBank(redirect.path("redirectUrl").asText(), "approve"));
        assertThat(client.step(push, back, false).path("type").asText()).isEqualTo("PUSH");
        assertError(client.process(push, back, false), 409, "STEP_MISMATCH", null, "step 2 (PUSH)");
        assertThat(sandbox.payment(push).orElseThrow().stepType()).isEqualTo("PUSH");
    }

    // ---------------------------------------------------------------- payer headers

    @Test
    void refusesMissingOrInvalidPayerHeadersWithoutTouchingThePayment() throws Exception {
        long id = client.createForProfile("redirect-only");

        Map<String, String> noIp = payerHeaders();
        noIp.remove("x-ef-sender-ip");
        assertError(client.process(id, null, noIp), 400, "INVALID_HEADER", "x-ef-sender-ip", "is required");

        for (String badIp : new String[] {"localhost", "256.1.1.1", "203.0.113", "not-an-ip", "1.2.3.4, 5.6.7.8"}) {
            Map<String, String> headers = payerHeaders();
            headers.put("x-ef-sender-ip", badIp);
            assertError(client.process(id, null, headers), 400, "INVALID_HEADER", "x-ef-sender-ip", "IPv4 or IPv6");
        }

        Map<String, String> noAgent = payerHeaders();
        noAgent.remove("x-ef-sender-user-agent");
        assertError(client.process(id, null, noAgent), 400, "INVALID_HEADER", "x-ef-sender-user-agent", "is required");

        for (String badAgent : new String[] {"Java-http-client/17.0.15", "curl/8.5.0", "Mozilla/5.0 (compatible; bot)",
                "Mozilla/5.0 Windows"}) {
            Map<String, String> headers = payerHeaders();
            headers.put("x-ef-sender-user-agent", badAgent);
            assertError(client.process(id, null, headers), 400, "INVALID_HEADER", "x-ef-sender-user-agent", "operating system");
        }

        EverifinPayment untouched = sandbox.payment(id).orElseThrow();
        assertThat(untouched.status()).isEqualTo("CREATED");
        assertThat(untouched.processCalls()).isZero();

        Map<String, String> ipv6 = payerHeaders();
        ipv6.put("x-ef-sender-ip", "2001:db8::7");
        ipv6.put("x-ef-sender-user-agent", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15");
        assertThat(client.process(id, null, ipv6).statusCode()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- the bank redirect

    @Test
    void repeatsTheRedirectUntilThePayerComesBack() throws Exception {
        long id = client.createForProfile("redirect-only");
        JsonNode first = client.step(id, null, false);
        JsonNode again = client.step(id, "{}", false);
        assertThat(again.path("type").asText()).isEqualTo("REDIRECT");
        assertThat(again.path("redirectUrl").asText()).isEqualTo(first.path("redirectUrl").asText());

        String back = sandbox.approveRedirect(id);
        // Approved at the bank, but the client calls without the return parameters: still REDIRECT.
        assertThat(client.step(id, null, false).path("type").asText()).isEqualTo("REDIRECT");
        // A second click on the bank page gives the same answer.
        assertThat(sandbox.approveRedirect(id)).isEqualTo(back);
        assertThat(client.step(id, client.returnBody(back), false).path("status").asText()).isEqualTo("CONFIRMED");
        assertThatThrownBy(() -> sandbox.approveRedirect(id)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesAForeignStateOrCodeAndAnErrorTheBankDidNotSend() throws Exception {
        long id = client.createForProfile("redirect-only");
        client.step(id, null, false);
        Map<String, String> back = FrontEnd.query(sandbox.approveRedirect(id));

        assertError(client.process(id, "{\"code\":\"" + back.get("code") + "\",\"state\":\"forged\"}", false),
                400, "INVALID_INPUT", "state", "does not match");
        assertError(client.process(id, "{\"code\":\"forged\",\"state\":\"" + back.get("state") + "\"}", false),
                400, "INVALID_INPUT", "code", "does not match");
        assertError(client.process(id, "{\"code\":\"" + back.get("code") + "\"}", false),
                400, "INVALID_INPUT", "state", "is required");
        assertError(client.process(id, "{\"error\":\"access_denied\",\"state\":\"" + back.get("state") + "\"}", false),
                400, "INVALID_INPUT", "error", "not what the bank returned");
        assertThat(sandbox.payment(id).orElseThrow().stepType()).isEqualTo("REDIRECT");

        assertThat(client.step(id, "{\"code\":\"" + back.get("code") + "\",\"state\":\"" + back.get("state") + "\"}", false)
                .path("status").asText()).isEqualTo("CONFIRMED");
    }

    @Test
    void cancelRedirectsWithAccessDeniedAndKeepsTheRedirectUrlQuery() throws Exception {
        long id = client.createForProfile("redirect-only");
        client.step(id, null, false);
        String back = sandbox.cancelRedirect(id);
        assertThat(back).matches("https://erp\\.example/callbacks/everifin\\?orderId=ERP-1&error=access_denied&state=[0-9a-f]{32}");

        JsonNode failed = client.step(id, client.returnBody(back), false);
        assertThat(failed.path("status").asText()).isEqualTo("FAILED");
        assertThat(failed.path("reasonCode").asText()).isEqualTo("CANCELED_BY_PAYER_AT_BANK");
    }

    @Test
    void bankPageRefusesPaymentsNotWaitingForIt() throws Exception {
        long id = client.createForProfile("credentials-otp");
        client.step(id, null, false);
        HttpResponse<String> page = client.get(sandbox.baseUrl() + "/bank/" + id + "/authorize");
        assertThat(page.statusCode()).isEqualTo(409);
        assertThat(client.form(sandbox.baseUrl() + "/bank/" + id + "/authorize", "choice=approve").statusCode()).isEqualTo(409);
        assertThat(client.get(sandbox.baseUrl() + "/bank/999999/authorize").statusCode()).isEqualTo(404);
        assertThatThrownBy(() -> sandbox.approveRedirect(id)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void escapesTheOrderOnTheBankPage() throws Exception {
        HttpResponse<String> created = client.createRaw("{\"amount\":1,\"currency\":\"EUR\",\"recipientIban\":\""
                + FrontEnd.RECIPIENT_IBAN + "\",\"recipientName\":\"<script>alert(1)</script>\","
                + "\"redirectUrl\":\"https://erp.example/r\"}");
        long id = client.json(created).path("id").asLong();
        String url = client.step(id, null, false).path("redirectUrl").asText();
        String page = client.get(url).body();
        assertThat(page).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");
    }

    // ---------------------------------------------------------------- other inputs

    @Test
    void refusesASelectValueThatWasNotOfferedAndABooleanThatIsNot() throws Exception {
        long select = client.createForProfile("iban-select");
        client.step(select, null, false);
        assertError(client.process(select, "{\"senderIban\":\"" + FrontEnd.RECIPIENT_IBAN + "\"}", false),
                400, "INVALID_INPUT", "senderIban", "selectOptions");

        long scan = client.createForProfile("image-scan");
        client.step(scan, null, false);
        assertError(client.process(scan, "{\"scanConfirmation\":\"SCANNED\",\"consent\":\"yes\"}", false),
                400, "INVALID_INPUT", "consent", "true or false");
        assertThat(client.step(scan, "{\"scanConfirmation\":\"SCANNED\",\"consent\":\"true\"}", false)
                .path("status").asText()).isEqualTo("CONFIRMED");
    }

    @Test
    void refusesABodyThatIsNotAJsonObject() throws Exception {
        long id = client.createForProfile("redirect-only");
        assertError(client.process(id, "[1]", false), 400, "MALFORMED_JSON", null, "JSON object");
        assertError(client.process(id, "{\"a\":1,\"a\":2}", false), 400, "MALFORMED_JSON", null, "not valid JSON");
        Map<String, String> textPlain = payerHeaders();
        textPlain.put("Content-Type", "text/plain");
        assertThat(client.process(id, null, textPlain).statusCode()).isEqualTo(200); // an empty body needs no type
    }

    @Test
    void unknownPaymentsAre404() throws Exception {
        assertError(client.process(424242, null, false), 404, "NOT_FOUND", null, "no payment 424242");
        assertError(client.status(424242), 404, "NOT_FOUND", null, "no payment");
        assertError(client.process(-1, null, false), 404, "NOT_FOUND", null, "no payment");
    }

    // ---------------------------------------------------------------- helpers

    private static String key(JsonNode inputAnswer) {
        return inputAnswer.path("inputEncryptionConfig").path("encryptionKey").asText();
    }

    private static String credentials(String key) throws Exception {
        return "{\"userId\":\"" + FrontEnd.encrypt(key, "sandbox-user")
                + "\",\"userPassword\":\"" + FrontEnd.encrypt(key, "sandbox-password") + "\"}";
    }

    private static Map<String, String> payerHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-ef-sender-ip", FrontEnd.IP);
        headers.put("x-ef-sender-user-agent", FrontEnd.BROWSER);
        return headers;
    }

    private void assertError(HttpResponse<String> response, int status, String code, String field, String messagePart) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode error = client.json(response).path("error");
        assertThat(error.path("status").asInt()).isEqualTo(status);
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).contains(messagePart);
        if (field != null) {
            assertThat(error.path("field").asText()).isEqualTo(field);
        }
        assertThat(error.path("traceId").asText()).matches("[0-9a-f]{32}");
    }
}
