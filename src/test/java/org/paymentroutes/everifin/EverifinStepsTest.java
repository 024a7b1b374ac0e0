package org.paymentroutes.everifin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.paymentroutes.provider.ProviderUnavailableException;
import org.paymentroutes.signing.InputEncryptor;
import org.paymentroutes.store.PaymentStatus;
import org.paymentroutes.store.ProcessState;

/** What each Everifin process answer means, without a store, a broker or HTTP. */
class EverifinStepsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 3, 1, 12, 0, 0, 0, ZoneOffset.UTC);
    private static final Duration HORIZON = Duration.ofMinutes(5);
    private static final int MAX_IMMEDIATE_NEXT = 3;

    private final EverifinSteps steps = new EverifinSteps(HORIZON, MAX_IMMEDIATE_NEXT);

    private static ProcessState state(String stepType, int nextInARow, int pushPolls, OffsetDateTime waitingSince) {
        return new ProcessState("o-1", 4, 4, stepType, null, List.of(), List.of(), null, nextInARow, pushPolls, waitingSince,
                "192.0.2.1", "Mozilla/5.0 (X11; Linux x86_64)");
    }

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    private EverifinSteps.Step answer(String status, String type, ProcessState state, String body) throws Exception {
        JsonNode answer = json(body);
        return steps.next(status, type, answer.path("reasonCode").asText(null), state, NOW, answer);
    }

    @Test
    void finalAnswersEndTheLoop() throws Exception {
        EverifinSteps.Step confirmed = answer("CONFIRMED", "NEXT", state("NEXT", 2, 0, null), "{}");
        assertThat(confirmed.status()).isEqualTo(PaymentStatus.AUTHORIZED);
        assertThat(confirmed.actionType()).isNull();
        assertThat(confirmed.continueAt()).isNull();
        assertThat(confirmed.next().stepType()).isEqualTo("DONE");
        assertThat(confirmed.next().seq()).isEqualTo(5);
        assertThat(confirmed.next().nextInARow()).isZero();

        assertThat(answer("BOOKED", "NEXT", state("NEXT", 0, 0, null), "{}").status()).isEqualTo(PaymentStatus.SETTLED);
        // A final status wins over the step type it comes with.
        assertThat(answer("BOOKED", "PUSH", state("PUSH", 0, 3, NOW), "{}").status()).isEqualTo(PaymentStatus.SETTLED);
    }

    @Test
    void failedKeepsEverifinsReasonOrSaysOther() throws Exception {
        EverifinSteps.Step withReason = answer("FAILED", "NEXT", state("NEXT", 0, 0, null), "{\"reasonCode\":\"INSUFFICIENT_FUNDS\"}");
        assertThat(withReason.status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(withReason.reasonCode()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(withReason.continueAt()).isNull();
        assertThat(answer("FAILED", "NEXT", state("NEXT", 0, 0, null), "{}").reasonCode()).isEqualTo("OTHER");
    }

    @Test
    void redirectSendsThePayerToTheBankAndWaits() throws Exception {
        EverifinSteps.Step step = answer("PENDING", "REDIRECT", state("NEXT", 2, 0, null), "{\"redirectUrl\":\"https://bank.example/auth?x=1\"}");
        assertThat(step.status()).isEqualTo(PaymentStatus.ACTION_REQUIRED);
        assertThat(step.actionType()).isEqualTo("REDIRECT");
        assertThat(step.actionDetails()).containsEntry("url", "https://bank.example/auth?x=1");
        assertThat(step.redirectUrl()).isEqualTo("https://bank.example/auth?x=1");
        assertThat(step.continueAt()).as("waits for the payer's return, no timed call").isNull();
        assertThat(step.next().stepType()).isEqualTo("REDIRECT");
        assertThat(step.next().nextInARow()).isZero();
        assertThat(step.next().waitingSince()).isEqualTo(NOW);
    }

    @Test
    void aRedirectWithoutAUrlIsAnOutageNotAStep() {
        assertThatThrownBy(() -> answer("PENDING", "REDIRECT", state("NEXT", 0, 0, null), "{}"))
                .isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("redirectUrl");
    }

    @Test
    void inputAsksThePayerForTheDescribedValues() throws Exception {
        String key = InputValuesTest.publicKey(2048);
        EverifinSteps.Step step = answer("PENDING", "INPUT", state("REDIRECT", 0, 0, NOW.minusMinutes(1)),
                "{\"inputSet\":[{\"name\":\"userId\",\"type\":\"TEXT\"},{\"name\":\"otp\",\"type\":\"PASSWORD\"}],"
                        + "\"inputsToEncrypt\":[\"otp\"],\"inputEncryptionConfig\":{\"encryptionKey\":\"" + key + "\",\"encryptionMethod\":\""
                        + InputEncryptor.METHOD + "\"}}");
        assertThat(step.status()).isEqualTo(PaymentStatus.ACTION_REQUIRED);
        assertThat(step.actionType()).isEqualTo("INPUT");
        assertThat(step.actionDetails().get("inputs").toString()).contains("userId", "otp");
        assertThat(step.actionDetails()).containsEntry("sensitive", List.of("otp"));
        assertThat(step.actionDetails()).containsEntry("encryption", java.util.Map.of("method", InputEncryptor.METHOD, "publicKey", key));
        assertThat(step.continueAt()).isNull();
        assertThat(step.next().inputNames()).containsExactly("userId", "otp");
        assertThat(step.next().encryptNames()).containsExactly("otp");
        assertThat(step.next().encryptionKey()).isEqualTo(key);
    }

    @Test
    void theActionGivesTheBrowserAPemKeyAsBase64SpkiAndTheDefaultMethodWhenEverifinNamesNone() throws Exception {
        String key = InputValuesTest.publicKey(2048);
        String pem = "-----BEGIN PUBLIC KEY-----\\n" + key.replaceAll("(.{64})", "$1\\\\n") + "\\n-----END PUBLIC KEY-----\\n";
        EverifinSteps.Step step = answer("PENDING", "INPUT", state("NEXT", 0, 0, null),
                "{\"input\":{\"name\":\"otp\"},\"inputsToEncrypt\":[\"otp\"],\"inputEncryptionConfig\":{\"encryptionKey\":\"" + pem + "\"}}");
        assertThat(step.actionDetails()).containsEntry("encryption", java.util.Map.of("method", InputEncryptor.METHOD, "publicKey", key));
        // A step with nothing sensitive has no encryption to offer.
        assertThat(answer("PENDING", "INPUT", state("NEXT", 0, 0, null), "{\"input\":{\"name\":\"iban\"}}").actionDetails())
                .doesNotContainKey("encryption");
    }

    @Test
    void anUnreadableKeyIsAnOutageNotAnActionThePayerCannotUse() {
        assertThatThrownBy(() -> answer("PENDING", "INPUT", state("NEXT", 0, 0, null),
                "{\"input\":{\"name\":\"otp\"},\"inputsToEncrypt\":[\"otp\"],\"inputEncryptionConfig\":{\"encryptionKey\":\"bm90LWEta2V5\"}}"))
                .isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("public key");
    }

    @Test
    void aSingleInputIsAcceptedAsWell() throws Exception {
        EverifinSteps.Step step = answer("PENDING", "INPUT", state("NEXT", 0, 0, null), "{\"input\":{\"name\":\"iban\"}}");
        assertThat(step.next().inputNames()).containsExactly("iban");
        assertThat(step.next().encryptNames()).isEmpty();
    }

    @Test
    void encryptedInputsNeedAKeyAndASupportedMethod() {
        assertThatThrownBy(() -> answer("PENDING", "INPUT", state("NEXT", 0, 0, null),
                "{\"input\":{\"name\":\"otp\"},\"inputsToEncrypt\":[\"otp\"]}"))
                .isInstanceOf(ProviderUnavailableException.class);
        assertThatThrownBy(() -> answer("PENDING", "INPUT", state("NEXT", 0, 0, null),
                "{\"input\":{\"name\":\"otp\"},\"inputsToEncrypt\":[\"otp\"],"
                        + "\"inputEncryptionConfig\":{\"encryptionKey\":\"KEY\",\"encryptionMethod\":\"ROT13\"}}"))
                .isInstanceOf(ProviderUnavailableException.class);
    }

    @Test
    void theFirstPushTellsThePayerAndChecksAgainInTwoSeconds() throws Exception {
        EverifinSteps.Step step = answer("PENDING", "PUSH", state("INPUT", 0, 0, NOW.minusMinutes(1)), "{}");
        assertThat(step.status()).isEqualTo(PaymentStatus.ACTION_REQUIRED);
        assertThat(step.actionType()).isEqualTo("WAIT_PUSH");
        assertThat(step.continueAt()).isEqualTo(NOW.plusSeconds(2));
        assertThat(step.next().pushPolls()).isEqualTo(1);
        assertThat(step.next().waitingSince()).as("the push wait starts now").isEqualTo(NOW);
    }

    @Test
    void laterPushChecksDoubleTheDelayUpToAMinuteWithoutRepeatingTheAction() throws Exception {
        OffsetDateTime since = NOW.minusSeconds(30);
        EverifinSteps.Step second = answer("PENDING", "PUSH", state("PUSH", 0, 1, since), "{}");
        assertThat(second.actionType()).isNull();
        assertThat(second.continueAt()).isEqualTo(NOW.plusSeconds(4));
        assertThat(second.next().pushPolls()).isEqualTo(2);
        assertThat(second.next().waitingSince()).as("the wait keeps its start").isEqualTo(since);

        assertThat(answer("PENDING", "PUSH", state("PUSH", 0, 4, since), "{}").continueAt()).isEqualTo(NOW.plusSeconds(32));
        assertThat(answer("PENDING", "PUSH", state("PUSH", 0, 5, since), "{}").continueAt()).isEqualTo(NOW.plusSeconds(60));
        assertThat(answer("PENDING", "PUSH", state("PUSH", 0, 40, since), "{}").continueAt()).isEqualTo(NOW.plusSeconds(60));
    }

    @Test
    void aPushNotConfirmedWithinTheHorizonIsHandedToReconciliationNeverExpired() throws Exception {
        EverifinSteps.Step atHorizon = answer("PROCESSING", "PUSH", state("PUSH", 0, 7, NOW.minus(HORIZON)), "{}");
        assertThat(atHorizon.status()).as("at the horizon it still waits").isEqualTo(PaymentStatus.ACTION_REQUIRED);
        assertThat(atHorizon.continueAt()).isNotNull();

        // Everifin still says PROCESSING (not final): the payer may confirm later, so nothing is final here.
        EverifinSteps.Step past = answer("PROCESSING", "PUSH", state("PUSH", 0, 8, NOW.minus(HORIZON).minusSeconds(1)), "{}");
        assertThat(past.status()).isEqualTo(PaymentStatus.ACTION_REQUIRED);
        assertThat(past.status().isFinal()).isFalse();
        assertThat(past.reasonCode()).isNull();
        assertThat(past.actionType()).as("no second WAIT_PUSH").isNull();
        assertThat(past.continueAt()).as("the loop stops polling: reconciliation asks from now on").isNull();
        assertThat(past.next().stepType()).isEqualTo(EverifinSteps.PUSH_HORIZON);
    }

    @Test
    void nextCallsAgainAtOnceThenBacksOffAfterTooManyInARow() throws Exception {
        EverifinSteps.Step first = answer("PENDING", "NEXT", state("REDIRECT", 0, 0, NOW), "{}");
        assertThat(first.status()).isEqualTo(PaymentStatus.PENDING);
        assertThat(first.actionType()).isNull();
        assertThat(first.continueAt()).isEqualTo(NOW);
        assertThat(first.next().nextInARow()).isEqualTo(1);
        assertThat(first.next().waitingSince()).isNull();

        assertThat(answer("PENDING", "NEXT", state("NEXT", MAX_IMMEDIATE_NEXT - 1, 0, null), "{}").continueAt())
                .as("the last immediate one").isEqualTo(NOW);
        EverifinSteps.Step backedOff = answer("PENDING", "NEXT", state("NEXT", MAX_IMMEDIATE_NEXT, 0, null), "{}");
        assertThat(backedOff.continueAt()).isEqualTo(NOW.plusSeconds(1));
        assertThat(backedOff.next().nextInARow()).isEqualTo(MAX_IMMEDIATE_NEXT + 1);
    }

    @Test
    void anUnknownStepTypeIsTreatedAsNextAndResetsThePushCount() throws Exception {
        EverifinSteps.Step step = answer("PROCESSING", "SOMETHING_NEW", state("PUSH", 0, 3, NOW.minusSeconds(10)), "{}");
        assertThat(step.status()).isEqualTo(PaymentStatus.PENDING);
        assertThat(step.next().stepType()).isEqualTo("NEXT");
        assertThat(step.next().pushPolls()).isZero();
    }
}
