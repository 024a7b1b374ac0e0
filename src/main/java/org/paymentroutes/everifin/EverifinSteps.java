package org.paymentroutes.everifin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.paymentroutes.provider.ProviderUnavailableException;
import org.paymentroutes.signing.InputEncryptor;
import org.paymentroutes.store.PaymentStatus;
import org.paymentroutes.store.ProcessState;

/**
 * The Everifin process loop's step logic, apart from the store and Camel: what one process answer
 * (its status and step type) means for the payment, the payer and the loop's next call.
 * <ul>
 *   <li>{@code CONFIRMED}, {@code BOOKED}, {@code FAILED}: a final answer (AUTHORIZED, SETTLED, FAILED); the loop is done;</li>
 *   <li>{@code REDIRECT}: a REDIRECT action; the loop waits for the payer's return;</li>
 *   <li>{@code INPUT}: an INPUT action with the descriptors; the loop waits for payments.inputs;</li>
 *   <li>{@code PUSH}: a WAIT_PUSH action the first time, then checks with a growing delay until the push horizon; past it,
 *       a payment Everifin has not finished stays as it is and reconciliation asks its status (never EXPIRED here);</li>
 *   <li>{@code NEXT}: call again, at once, then (after {@code maxImmediateNext} in a row) after a second.</li>
 * </ul>
 */
final class EverifinSteps {

    /** The loop's place once the push horizon passed without a final answer: reconciliation checks the payment. */
    static final String PUSH_HORIZON = "PUSH_HORIZON";
    static final Duration NEXT_DELAY = Duration.ofSeconds(1);
    static final Duration PUSH_FIRST_DELAY = Duration.ofSeconds(2);
    static final Duration PUSH_MAX_DELAY = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Duration pushHorizon;
    private final int maxImmediateNext;

    EverifinSteps(Duration pushHorizon, int maxImmediateNext) {
        this.pushHorizon = pushHorizon;
        this.maxImmediateNext = maxImmediateNext;
    }

    /** What one answer means: our status, the action for the payer, when to call again, the loop's next place. */
    record Step(PaymentStatus status, String reasonCode, String actionType, Map<String, Object> actionDetails, String redirectUrl,
                OffsetDateTime continueAt, ProcessState next) {
    }

    Step next(String status, String type, String reasonCode, ProcessState state, OffsetDateTime now, JsonNode answer) {
        switch (status) {
            case "CONFIRMED":
                return done(PaymentStatus.AUTHORIZED, null, state);
            case "BOOKED":
                return done(PaymentStatus.SETTLED, null, state);
            case "FAILED":
                return done(PaymentStatus.FAILED, reasonCode == null ? "OTHER" : reasonCode, state);
            default:
                break;
        }
        switch (type) {
            case "REDIRECT": {
                String url = answer.path("redirectUrl").asText(null);
                if (url == null) {
                    throw new ProviderUnavailableException("Everifin answered REDIRECT without a redirectUrl");
                }
                Map<String, Object> details = Map.of("url", url);
                return new Step(PaymentStatus.ACTION_REQUIRED, null, "REDIRECT", details, url, null,
                        state.advanced("REDIRECT", null, List.of(), List.of(), null, 0, 0, now));
            }
            case "INPUT": {
                ArrayNode inputs = JSON.createArrayNode();
                if (answer.has("inputSet")) {
                    answer.get("inputSet").forEach(inputs::add);
                } else if (answer.has("input")) {
                    inputs.add(answer.get("input"));
                }
                List<String> names = new ArrayList<>();
                inputs.forEach(i -> names.add(i.path("name").asText()));
                List<String> encrypt = new ArrayList<>();
                answer.path("inputsToEncrypt").forEach(n -> encrypt.add(n.asText()));
                String key = answer.path("inputEncryptionConfig").path("encryptionKey").asText(null);
                String method = answer.path("inputEncryptionConfig").path("encryptionMethod").asText(null);
                if (!encrypt.isEmpty() && (key == null || (method != null && !InputEncryptor.METHOD.equals(method)))) {
                    throw new ProviderUnavailableException("Everifin asked for encrypted inputs with an unsupported encryption config");
                }
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("inputs", inputs);
                details.put("sensitive", encrypt);
                if (!encrypt.isEmpty()) {
                    details.put("encryption", encryption(method, key));
                }
                return new Step(PaymentStatus.ACTION_REQUIRED, null, "INPUT", details, null, null,
                        state.advanced("INPUT", null, names, encrypt, key, 0, 0, now));
            }
            case "PUSH": {
                OffsetDateTime since = "PUSH".equals(state.stepType()) && state.waitingSince() != null ? state.waitingSince() : now;
                if (Duration.between(since, now).compareTo(pushHorizon) > 0) {
                    // Not final at Everifin: the payer may still confirm. The loop stops polling and hands the
                    // payment to reconciliation, which asks Everifin's status at once and then with its back-off
                    // until a final answer or payments.reconcile.abandon-after (docs/everifin.md#past-the-push-horizon).
                    return new Step(PaymentStatus.ACTION_REQUIRED, null, null, null, null, null,
                            state.advanced(PUSH_HORIZON, null, List.of(), List.of(), null, 0, state.pushPolls(), since));
                }
                int polls = "PUSH".equals(state.stepType()) ? state.pushPolls() + 1 : 1;
                long delayMs = Math.min(PUSH_MAX_DELAY.toMillis(), PUSH_FIRST_DELAY.toMillis() << Math.min(polls - 1, 10));
                boolean first = !"PUSH".equals(state.stepType());
                return new Step(PaymentStatus.ACTION_REQUIRED, null, first ? "WAIT_PUSH" : null, Map.of(), null,
                        now.plus(Duration.ofMillis(delayMs)), state.advanced("PUSH", null, List.of(), List.of(), null, 0, polls, since));
            }
            default: {
                // NEXT, not final: call again, at once while it keeps moving, then through a delay.
                int inARow = state.nextInARow() + 1;
                OffsetDateTime at = inARow > maxImmediateNext ? now.plus(NEXT_DELAY) : now;
                return new Step(PaymentStatus.PENDING, null, null, null, null, at,
                        state.advanced("NEXT", null, List.of(), List.of(), null, inARow, 0, null));
            }
        }
    }

    /**
     * The step's encryption for the payer's browser: Everifin's method name and its key as standard
     * base64 of the SubjectPublicKeyInfo DER (whatever form Everifin gave it in), which WebCrypto
     * imports as it is ({@code importKey("spki", ..., {name: "RSA-OAEP", hash: "SHA-256"})}).
     */
    private static Map<String, Object> encryption(String method, String key) {
        String spki;
        try {
            spki = Base64.getEncoder().encodeToString(InputEncryptor.publicKey(key).getEncoded());
        } catch (Exception e) {
            throw new ProviderUnavailableException("Everifin asked for encrypted inputs with an unreadable public key");
        }
        Map<String, Object> encryption = new LinkedHashMap<>();
        encryption.put("method", method == null ? InputEncryptor.METHOD : method);
        encryption.put("publicKey", spki);
        return encryption;
    }

    private static Step done(PaymentStatus status, String reasonCode, ProcessState state) {
        return new Step(status, reasonCode, null, null, null, null, state.advanced("DONE", null, List.of(), List.of(), null, 0, 0, null));
    }

}
