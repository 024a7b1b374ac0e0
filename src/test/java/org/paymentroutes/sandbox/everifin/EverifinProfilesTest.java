package org.paymentroutes.sandbox.everifin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bank profile driven end to end through the HTTP API, as a front end would run the process loop. */
class EverifinProfilesTest {

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

    static Stream<Arguments> profiles() {
        return Stream.of(
                Arguments.of("redirect-only", List.of("REDIRECT", "NEXT CONFIRMED"), "CONFIRMED", null),
                Arguments.of("redirect-push", List.of("REDIRECT", "PUSH", "PUSH", "NEXT CONFIRMED"), "CONFIRMED", null),
                Arguments.of("credentials-otp", List.of("INPUT", "INPUT", "NEXT PROCESSING", "NEXT CONFIRMED"), "CONFIRMED", null),
                Arguments.of("iban-select", List.of("INPUT", "NEXT PROCESSING", "NEXT CONFIRMED"), "CONFIRMED", null),
                Arguments.of("image-scan", List.of("INPUT", "NEXT CONFIRMED"), "CONFIRMED", null),
                Arguments.of("fail-canceled", List.of("REDIRECT", "NEXT FAILED"), "FAILED", "CANCELED_BY_PAYER_AT_BANK"),
                Arguments.of("fail-insufficient", List.of("NEXT FAILED"), "FAILED", "INSUFFICIENT_AMOUNT"),
                Arguments.of("fail-aml", List.of("REDIRECT", "NEXT PROCESSING", "NEXT FAILED"), "FAILED", "AML_BLOCKED"),
                Arguments.of("fail-rejected", List.of("REDIRECT", "NEXT FAILED"), "FAILED", "REJECTED_BY_BANK"),
                Arguments.of("fail-other", List.of("NEXT PROCESSING", "NEXT FAILED"), "FAILED", "OTHER"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void drivesEachProfileToItsFinalStatus(String profile, List<String> trace, String finalStatus, String reasonCode) throws Exception {
        long id = client.createForProfile(profile);
        assertThat(sandbox.payment(id).orElseThrow().profile()).isEqualTo(profile);

        FrontEnd.Run run = client.drive(id, FrontEnd.demoPayer());

        assertThat(run.trace()).isEqualTo(trace);
        assertThat(run.last().path("status").asText()).isEqualTo(finalStatus);
        assertThat(run.last().path("reasonCode").isMissingNode() ? null : run.last().path("reasonCode").asText()).isEqualTo(reasonCode);
        JsonNode status = client.json(client.status(id));
        assertThat(status.path("status").asText()).isEqualTo(finalStatus);
        EverifinPayment payment = sandbox.payment(id).orElseThrow();
        assertThat(payment.status()).isEqualTo(finalStatus);
        assertThat(payment.reasonCode()).isEqualTo(reasonCode);
        assertThat(payment.isFinal()).isTrue();
        assertThat(payment.stepType()).isNull();
        assertThat(payment.processCalls()).isEqualTo(trace.size());
        // Nothing the payer typed is in the journal: only ciphertext went over the wire.
        assertThat(sandbox.requests()).noneMatch(r -> r.bodyAsString().contains(EverifinSandboxSettings.DEMO_USER_PASSWORD));
    }

    @Test
    void aPaymentWithoutSenderIbanGetsTheDefaultRedirectFlowAndBooks() throws Exception {
        long id = client.create(null).path("id").asLong();
        assertThat(sandbox.payment(id).orElseThrow().profile()).isEqualTo(BankProfiles.DEFAULT_PROFILE);

        FrontEnd.Run run = client.drive(id, FrontEnd.demoPayer());
        assertThat(run.trace()).containsExactly("REDIRECT", "NEXT CONFIRMED");

        sandbox.book(id);
        assertThat(client.json(client.status(id)).path("status").asText()).isEqualTo("BOOKED");
        // A process call on a final payment answers its final status (idempotent).
        JsonNode again = client.step(id, "{}", false);
        assertThat(again.path("type").asText()).isEqualTo("NEXT");
        assertThat(again.path("status").asText()).isEqualTo("BOOKED");
        assertThatThrownBy(() -> sandbox.book(id)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void statusesGoCreatedSeenProcessingConfirmed() throws Exception {
        long id = client.createForProfile("redirect-only");
        assertThat(client.json(client.status(id)).path("status").asText()).isEqualTo("CREATED");

        JsonNode redirect = client.step(id, null, false);
        assertThat(redirect.path("status").asText()).isEqualTo("SEEN");
        assertThat(redirect.path("redirectUrl").asText()).isEqualTo(sandbox.baseUrl() + "/bank/" + id + "/authorize");

        client.get(redirect.path("redirectUrl").asText()); // the payer is at the bank
        assertThat(sandbox.payment(id).orElseThrow().status()).isEqualTo("PROCESSING");

        String back = sandbox.approveRedirect(id);
        assertThat(back).startsWith(FrontEnd.CALLBACK + "?orderId=ERP-1&code=");
        assertThat(client.step(id, client.returnBody(back), false).path("status").asText()).isEqualTo("CONFIRMED");
    }

    @Test
    void pushWaitsForTheMobileAppWhenPollsAreZero() throws Exception {
        sandbox.close();
        sandbox = new EverifinSandbox(EverifinSandboxSettings.demo().withPort(0).withPushPollsBeforeConfirm(0)).start();
        client = new FrontEnd(sandbox.baseUrl());
        client.login();
        long id = client.createForProfile("redirect-push");
        assertThatThrownBy(() -> sandbox.confirmPush(id)).isInstanceOf(IllegalStateException.class);

        AtomicInteger polls = new AtomicInteger();
        FrontEnd.Payer payer = FrontEnd.demoPayer();
        payer.onPush = () -> {
            if (polls.incrementAndGet() == 5) {
                sandbox.confirmPush(id);
            }
        };
        FrontEnd.Run run = client.drive(id, payer);

        assertThat(run.trace()).containsExactly("REDIRECT", "PUSH", "PUSH", "PUSH", "PUSH", "PUSH", "NEXT CONFIRMED");
        assertThatThrownBy(() -> sandbox.confirmPush(999)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void credentialsStepAsksForAnEncryptedInputSetWithOneKeyPerPayment() throws Exception {
        long first = client.createForProfile("credentials-otp");
        long second = client.createForProfile("credentials-otp");

        JsonNode credentials = client.step(first, null, false);
        assertThat(credentials.path("type").asText()).isEqualTo("INPUT");
        assertThat(credentials.path("inputSet").toString())
                .isEqualTo("[{\"type\":\"TEXT\",\"name\":\"userId\"},{\"type\":\"PASSWORD\",\"name\":\"userPassword\"}]");
        assertThat(credentials.path("inputsToEncrypt").toString()).isEqualTo("[\"userId\",\"userPassword\"]");
        assertThat(credentials.path("inputEncryptionConfig").path("encryptionMethod").asText()).isEqualTo("RSAES-OAEP/SHA-256");
        String key = credentials.path("inputEncryptionConfig").path("encryptionKey").asText();
        assertThat(Base64.getDecoder().decode(key)).hasSizeBetween(290, 300); // RSA-2048 SubjectPublicKeyInfo DER

        String otherKey = client.step(second, null, false).path("inputEncryptionConfig").path("encryptionKey").asText();
        assertThat(otherKey).isNotEqualTo(key);

        JsonNode otp = client.step(first, "{\"userId\":\"" + FrontEnd.encrypt(key, "sandbox-user")
                + "\",\"userPassword\":\"" + FrontEnd.encrypt(key, "sandbox-password") + "\"}", true);
        assertThat(otp.path("input").toString()).isEqualTo("{\"type\":\"TEXT\",\"name\":\"otp\"}");
        assertThat(otp.path("inputsToEncrypt").toString()).isEqualTo("[\"otp\"]");
        assertThat(otp.path("inputEncryptionConfig").path("encryptionKey").asText()).isEqualTo(key);
        assertThat(otp.path("status").asText()).isEqualTo("PROCESSING");
    }

    @Test
    void theSelectedAccountBecomesTheSenderIban() throws Exception {
        long id = client.createForProfile("iban-select");
        JsonNode select = client.step(id, null, false);
        JsonNode input = select.path("input");
        assertThat(input.path("type").asText()).isEqualTo("SELECT");
        assertThat(input.path("name").asText()).isEqualTo("senderIban");
        assertThat(input.path("selectOptions")).hasSize(2);
        assertThat(input.path("selectOptions").path(0).path("value").asText()).isEqualTo(BankProfiles.exampleSenderIban("iban-select"));
        String savings = input.path("selectOptions").path(1).path("value").asText();

        FrontEnd.Run run = client.drive(id, FrontEnd.demoPayer().answer("senderIban", savings));

        assertThat(run.last().path("status").asText()).isEqualTo("CONFIRMED");
        assertThat(sandbox.payment(id).orElseThrow().senderIban()).isEqualTo(savings);
        assertThat(client.json(client.status(id)).path("senderIban").asText()).isEqualTo(savings);
    }

    @Test
    void imageScanStepCarriesAPngAndRefusingConsentCancels() throws Exception {
        long id = client.createForProfile("image-scan");
        JsonNode scan = client.step(id, null, false);
        JsonNode image = scan.path("inputSet").path(0);
        assertThat(image.path("type").asText()).isEqualTo("IMAGE_SCAN");
        assertThat(image.path("image").asText()).startsWith("data:image/png;base64,");
        byte[] png = Base64.getDecoder().decode(image.path("image").asText().substring("data:image/png;base64,".length()));
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png)).getWidth()).isEqualTo(116);
        assertThat(scan.path("inputSet").path(1).toString()).isEqualTo("{\"type\":\"BOOLEAN\",\"name\":\"consent\"}");
        assertThat(scan.has("inputsToEncrypt")).isFalse();

        JsonNode refused = client.step(id, "{\"scanConfirmation\":\"SCANNED\",\"consent\":false}", false);
        assertThat(refused.path("status").asText()).isEqualTo("FAILED");
        assertThat(refused.path("reasonCode").asText()).isEqualTo("CANCELED_BY_PAYER_AT_BANK");
    }

    @Test
    void aWrongOtpIsAskedOnceMoreThenFails() throws Exception {
        long retried = client.createForProfile("credentials-otp");
        AtomicInteger otpAsked = new AtomicInteger();
        FrontEnd.Payer slowFingers = FrontEnd.demoPayer()
                .answer("otp", input -> otpAsked.incrementAndGet() == 1 ? "654321" : EverifinSandboxSettings.DEMO_OTP);
        FrontEnd.Run ok = client.drive(retried, slowFingers);
        assertThat(ok.trace()).containsExactly("INPUT", "INPUT", "INPUT", "NEXT PROCESSING", "NEXT CONFIRMED");

        long failed = client.createForProfile("credentials-otp");
        FrontEnd.Run run = client.drive(failed, FrontEnd.demoPayer().answer("otp", "000000"));
        assertThat(run.trace()).containsExactly("INPUT", "INPUT", "INPUT", "NEXT FAILED");
        assertThat(run.last().path("reasonCode").asText()).isEqualTo("OTHER");
    }

    @Test
    void aWrongPasswordIsRejectedByTheBank() throws Exception {
        long id = client.createForProfile("credentials-otp");
        FrontEnd.Run run = client.drive(id, FrontEnd.demoPayer().answer("userPassword", "guess"));
        assertThat(run.trace()).containsExactly("INPUT", "NEXT FAILED");
        assertThat(run.last().path("reasonCode").asText()).isEqualTo("REJECTED_BY_BANK");
    }

    @Test
    void drivesManyPaymentsInParallelAndSerialisesRacingCallsOnOne() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            // The push-late and push-never payers confirm late or never: not for a quick drive.
            List<String> profiles = BankProfiles.names().stream().filter(n -> !n.startsWith("push-")).toList();
            List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 30; i++) {
                String profile = profiles.get(i % profiles.size());
                results.add(pool.submit(() -> {
                    long id = client.createForProfile(profile);
                    return profile + " " + client.drive(id, FrontEnd.demoPayer()).last().path("status").asText();
                }));
            }
            for (java.util.concurrent.Future<String> result : results) {
                String outcome = result.get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(outcome).endsWith(outcome.startsWith("fail-") ? " FAILED" : " CONFIRMED");
            }
            assertThat(sandbox.paymentsCreated()).isEqualTo(30);

            // Ten polls of one PUSH at once: each is answered, and the flow moves on exactly once.
            long id = client.createForProfile("redirect-push");
            JsonNode redirect = client.step(id, null, false);
            client.step(id, client.returnBody(client.atBank(redirect.path("redirectUrl").asText(), "approve")), false);
            List<java.util.concurrent.Future<String>> polls = new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) {
                polls.add(pool.submit(() -> client.step(id, null, false).path("status").asText()));
            }
            for (java.util.concurrent.Future<String> poll : polls) {
                assertThat(poll.get(30, java.util.concurrent.TimeUnit.SECONDS)).isIn("PROCESSING", "CONFIRMED");
            }
            EverifinPayment payment = sandbox.payment(id).orElseThrow();
            assertThat(payment.status()).isEqualTo("CONFIRMED");
            assertThat(payment.processCalls()).isEqualTo(12);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void cancelAtTheBankFailsThePaymentAsCanceledByPayer() throws Exception {
        long id = client.createForProfile("redirect-only");
        FrontEnd.Payer payer = FrontEnd.demoPayer();
        payer.bankChoice = "cancel";
        FrontEnd.Run run = client.drive(id, payer);
        assertThat(run.trace()).containsExactly("REDIRECT", "NEXT FAILED");
        assertThat(run.last().path("reasonCode").asText()).isEqualTo("CANCELED_BY_PAYER_AT_BANK");
    }
}
