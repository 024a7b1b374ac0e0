package org.paymentroutes.sandbox.everifin;

import org.paymentroutes.sandbox.common.SandboxResponse;
import org.paymentroutes.sandbox.common.RandomIds;
import org.paymentroutes.sandbox.common.SandboxJson;

import org.paymentroutes.http.FormCodec;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Everifin's processing state machine: one process call ({@code PATCH /v1/payments/single/{id}})
 * resolves the step the payment waits at with the body's values, then issues the next step in
 * the answer. The steps come from the payment's {@link BankProfile}.
 *
 * <p>Rules, as the process-payment page describes them and where it is silent, as a strict
 * server would behave:
 * <ul>
 * <li>The first call moves CREATED to SEEN; the payer's first interaction with the bank (bank
 *     page, first answered step) moves SEEN to PROCESSING.</li>
 * <li>A call on a final payment answers NEXT with its final status, whatever the body
 *     (idempotent, so a retried call is harmless).</li>
 * <li>A call with an empty body while the payer still has to act (REDIRECT not returned from,
 *     INPUT not answered) answers the same step again; PUSH is polled this way.</li>
 * <li>Values the current step did not ask for: 409 when they answer another step of this flow
 *     (typically a replayed bank return), 400 otherwise. A refused call changes nothing.</li>
 * <li>Names in {@code inputsToEncrypt} must come encrypted. Everifin's page says it still
 *     accepts clear text "during the transition period"; this sandbox refuses it on purpose, so
 *     that a client that forgets to encrypt fails in tests rather than when the period ends.</li>
 * </ul>
 */
final class ProcessEngine {

    private final int pushPollsBeforeConfirm;
    private final Supplier<String> baseUrl;

    ProcessEngine(int pushPollsBeforeConfirm, Supplier<String> baseUrl) {
        this.pushPollsBeforeConfirm = pushPollsBeforeConfirm;
        this.baseUrl = baseUrl;
    }

    /**
     * One process call.
     *
     * @param body      the request body, an object ({@code {}} when empty)
     * @param encrypted whether {@code x-user-data-encryption-method: RSAES-OAEP/SHA-256} was sent
     */
    SandboxResponse process(PaymentState p, JsonNode body, boolean encrypted) {
        synchronized (p) {
            if (p.isFinal()) {
                accepted(p);
                return answer(p);
            }
            Map<String, JsonNode> values = values(body);
            if (!p.issued) {
                if (!values.isEmpty()) {
                    return refuseUnexpected(p, values.keySet());
                }
                accepted(p);
                return issue(p);
            }
            Step step = p.currentStep();
            if (step instanceof Step.Redirect) {
                return resolveRedirect(p, values);
            }
            if (step instanceof Step.Input input) {
                return resolveInput(p, input, values, encrypted);
            }
            if (!values.isEmpty()) {
                return refuseUnexpected(p, values.keySet());
            }
            accepted(p);
            if (step instanceof Step.Push push) {
                p.pushPolls++;
                return appConfirmed(p, push) ? advance(p) : answer(p);
            }
            return advance(p); // NEXT PROCESSING: the bank has moved on
        }
    }

    private boolean appConfirmed(PaymentState p, Step.Push push) {
        if (p.pushConfirmed) {
            return true;
        }
        if (push.never()) {
            return false;
        }
        if (push.confirmedAfter() != null) {
            return p.pushIssuedAt != null && !java.time.Instant.now().isBefore(p.pushIssuedAt.plus(push.confirmedAfter()));
        }
        return pushPollsBeforeConfirm > 0 && p.pushPolls >= pushPollsBeforeConfirm;
    }

    /**
     * Before a status GET: a PUSH the app confirmed after a time (a late payer), or a push-never one
     * confirmed by {@link EverifinSandbox#confirmPush}, moves the payment on by itself, as the bank does
     * once the payer confirms, whether or not anyone polls the process.
     */
    void settle(PaymentState p) {
        synchronized (p) {
            if (!p.isFinal() && p.issued && p.currentStep() instanceof Step.Push push && (push.confirmedAfter() != null || push.never())
                    && appConfirmed(p, push)) {
                advance(p);
            }
        }
    }

    // ---------------------------------------------------------------- the bank's side

    /** Whether the payment waits for the payer at the bank page (an issued REDIRECT). */
    static boolean awaitingBank(PaymentState p) {
        return !p.isFinal() && p.issued && p.currentStep() instanceof Step.Redirect;
    }

    /** The payer opened the bank page. */
    void bankPageViewed(PaymentState p) {
        synchronized (p) {
            if (awaitingBank(p) && EverifinPayment.SEEN.equals(p.status)) {
                p.status = EverifinPayment.PROCESSING;
            }
        }
    }

    /**
     * The payer's Approve or Cancel on the bank page; returns where the bank sends the payer back
     * (the payment's redirectUrl with {@code code&state} or {@code error=access_denied&state}).
     * A second decision (back button, double click) gets the first one's answer.
     *
     * @throws IllegalStateException when the payment is not waiting at the bank
     */
    String bankDecision(PaymentState p, boolean approve) {
        synchronized (p) {
            if (!awaitingBank(p)) {
                throw new IllegalStateException("payment " + p.id() + " is not waiting at the bank (status " + p.status
                        + (p.isFinal() ? "" : ", step " + p.currentStep().type()) + ")");
            }
            if (p.decision == PaymentState.BankDecision.NONE) {
                p.decision = approve ? PaymentState.BankDecision.APPROVED : PaymentState.BankDecision.CANCELED;
                p.bankCode = approve ? RandomIds.token() : null;
                if (EverifinPayment.SEEN.equals(p.status)) {
                    p.status = EverifinPayment.PROCESSING;
                }
            }
            String back = p.order().redirectUrl();
            return p.decision == PaymentState.BankDecision.APPROVED
                    ? FormCodec.appendQuery(back, "code", p.bankCode, "state", p.redirectState)
                    : FormCodec.appendQuery(back, "error", "access_denied", "state", p.redirectState);
        }
    }

    /** The payer confirms in the mobile app. */
    void confirmPush(PaymentState p) {
        synchronized (p) {
            if (p.isFinal() || !(p.currentStep() instanceof Step.Push) || !p.issued) {
                throw new IllegalStateException("payment " + p.id() + " is not waiting for a PUSH confirmation (status "
                        + p.status + (p.isFinal() ? "" : ", step " + p.currentStep().type()) + ")");
            }
            p.pushConfirmed = true;
        }
    }

    /** Settlement: CONFIRMED becomes BOOKED. */
    void book(PaymentState p) {
        synchronized (p) {
            if (!EverifinPayment.CONFIRMED.equals(p.status)) {
                throw new IllegalStateException("only a CONFIRMED payment can be booked; " + p.id() + " is " + p.status);
            }
            p.status = EverifinPayment.BOOKED;
        }
    }

    // ---------------------------------------------------------------- resolving the current step

    private SandboxResponse resolveRedirect(PaymentState p, Map<String, JsonNode> values) {
        if (values.isEmpty()) {
            accepted(p); // the payer has not come back yet
            return answer(p);
        }
        Set<String> unexpected = new LinkedHashSet<>(values.keySet());
        unexpected.removeAll(bankReturnNames(p));
        if (!unexpected.isEmpty()) {
            return refuseUnexpected(p, unexpected);
        }
        for (String name : Step.REDIRECT_RETURN_NAMES) {
            JsonNode value = values.get(name);
            if (value != null && !value.isTextual()) {
                return EverifinErrors.badField(EverifinErrors.INVALID_INPUT, name, "must be a string, as the bank returned it");
            }
        }
        String state = text(values, "state");
        if (state == null) {
            return EverifinErrors.badField(EverifinErrors.INVALID_INPUT, "state", "is required: pass every query parameter the bank returned with");
        }
        if (!IdentityEndpoints.constantTimeEquals(state, p.redirectState)) {
            return EverifinErrors.badField(EverifinErrors.INVALID_INPUT, "state", "does not match this payment's bank redirect");
        }
        String error = text(values, "error");
        if (error != null) {
            if (p.decision != PaymentState.BankDecision.CANCELED || !"access_denied".equals(error)) {
                return EverifinErrors.badField(EverifinErrors.INVALID_INPUT, "error", "is not what the bank returned for this payment");
            }
            accepted(p);
            return fail(p, EverifinPayment.CANCELED_BY_PAYER_AT_BANK);
        }
        String code = text(values, "code");
        if (code == null) {
            return EverifinErrors.badField(EverifinErrors.INVALID_INPUT, "code", "is required (or error, when the payer canceled)");
        }
        if (p.decision != PaymentState.BankDecision.APPROVED || !IdentityEndpoints.constantTimeEquals(code, p.bankCode)) {
            return EverifinErrors.badField(EverifinErrors.INVALID_INPUT, "code", "does not match the code the bank issued for this payment");
        }
        accepted(p);
        return advance(p);
    }

    private SandboxResponse resolveInput(PaymentState p, Step.Input input, Map<String, JsonNode> values, boolean encrypted) {
        if (values.isEmpty()) {
            accepted(p); // the payer has not answered yet: ask again
            return answer(p);
        }
        Set<String> unexpected = new LinkedHashSet<>(values.keySet());
        unexpected.removeAll(input.answerNames());
        if (!unexpected.isEmpty()) {
            return refuseUnexpected(p, unexpected);
        }
        for (InputField field : input.fields()) {
            if (!values.containsKey(field.name())) {
                return EverifinErrors.badField(EverifinErrors.INVALID_INPUT, field.name(), "is required by the current INPUT step");
            }
        }
        InputAnswers answers = new InputAnswers();
        try {
            for (InputField field : input.fields()) {
                JsonNode value = values.get(field.name());
                SandboxResponse refused = input.encrypt().contains(field.name())
                        ? decrypt(p, field.name(), value, encrypted, answers)
                        : plain(p, field, value, answers);
                if (refused != null) {
                    return refused;
                }
            }
            InputCheck.Outcome outcome = input.check().check(answers, p);
            switch (outcome.kind()) {
                case INVALID:
                    return EverifinErrors.badField(EverifinErrors.INVALID_INPUT, outcome.field(), outcome.message());
                case ACCEPT:
                    accepted(p);
                    return advance(p);
                case RETRY:
                    accepted(p);
                    if (p.retries < 1) {
                        p.retries++;
                        return answer(p);
                    }
                    return fail(p, outcome.reasonCode());
                default:
                    accepted(p);
                    return fail(p, outcome.reasonCode());
            }
        } finally {
            answers.wipe();
        }
    }

    private static SandboxResponse decrypt(PaymentState p, String name, JsonNode value, boolean encrypted, InputAnswers answers) {
        String howTo = "must be encrypted: send base64(RSAES-OAEP/SHA-256 ciphertext) made with inputEncryptionConfig.encryptionKey, "
                + "with the header x-user-data-encryption-method: " + InputDecryptor.METHOD;
        if (!encrypted || !value.isTextual()) {
            return EverifinErrors.badField(EverifinErrors.INPUT_NOT_ENCRYPTED, name, howTo);
        }
        try {
            answers.putSecret(name, InputDecryptor.decrypt(p.keyPair, value.asText()));
            return null;
        } catch (InputDecryptor.DecryptionException e) {
            return EverifinErrors.badField(EverifinErrors.INPUT_NOT_ENCRYPTED, name, e.getMessage() + "; " + howTo);
        }
    }

    private static SandboxResponse plain(PaymentState p, InputField field, JsonNode value, InputAnswers answers) {
        String name = field.name();
        if (field.type().equals("BOOLEAN")) {
            boolean ok = value.isBoolean() || value.isTextual() && ("true".equals(value.asText()) || "false".equals(value.asText()));
            if (!ok) {
                return EverifinErrors.badField(EverifinErrors.INVALID_INPUT, name, "must be true or false");
            }
        } else if (!value.isTextual() || value.asText().isBlank()) {
            return EverifinErrors.badField(EverifinErrors.INVALID_INPUT, name, "must be a non-empty string");
        } else if (field.type().equals("IBAN") && Iban.problem(value.asText()) != null) {
            return EverifinErrors.badField(EverifinErrors.INVALID_INPUT, name, Iban.problem(value.asText()));
        } else if (field.options() != null
                && field.options().apply(p).stream().noneMatch(option -> option.value().equals(value.asText()))) {
            return EverifinErrors.badField(EverifinErrors.INVALID_INPUT, name, "must be the value of one of the selectOptions");
        }
        answers.putPlain(name, value);
        return null;
    }

    /** 409 when the names answer another step of this flow (or a bank return), 400 when nothing asked for them. */
    private SandboxResponse refuseUnexpected(PaymentState p, Set<String> names) {
        Step current = p.currentStep();
        String at = "the payment is at step " + (p.stepIndex + 1) + " (" + current.type()
                + (p.issued ? "" : ", not yet issued: send an empty body") + ")";
        List<Step> steps = p.profile().steps();
        for (int i = 0; i < steps.size(); i++) {
            Step other = steps.get(i);
            Set<String> answers = other instanceof Step.Redirect ? bankReturnNames(p) : other.answerNames();
            if ((i != p.stepIndex || !p.issued) && !answers.isEmpty() && answers.containsAll(names)) {
                return EverifinErrors.stepMismatch(names + " answer step " + (i + 1) + " (" + other.type() + ") of this bank's flow, but " + at);
            }
        }
        if (bankReturnNames(p).containsAll(names)) {
            return EverifinErrors.stepMismatch(names + " answer a bank redirect, but " + at);
        }
        String first = names.iterator().next();
        return EverifinErrors.badField(EverifinErrors.UNREQUESTED_INPUT, first, "was not requested: " + at
                + (p.issued && current instanceof Step.Input ? ", asking for " + current.answerNames() : ", asking for no values"));
    }

    /** What a payer comes back from the bank with: the bank's parameters, plus any the redirectUrl already had. */
    private static Set<String> bankReturnNames(PaymentState p) {
        Set<String> names = new LinkedHashSet<>(Step.REDIRECT_RETURN_NAMES);
        names.addAll(FormCodec.queryNames(p.order().redirectUrl()));
        return names;
    }

    // ---------------------------------------------------------------- moving on

    private static void accepted(PaymentState p) {
        p.processCalls++;
        if (EverifinPayment.CREATED.equals(p.status)) {
            p.status = EverifinPayment.SEEN;
        }
    }

    /** The current step is done: go to the next one and issue it in this same answer. */
    private SandboxResponse advance(PaymentState p) {
        p.stepIndex++;
        p.issued = false;
        p.retries = 0;
        p.pushPolls = 0;
        p.pushConfirmed = false;
        p.redirectState = null;
        p.decision = PaymentState.BankDecision.NONE;
        p.bankCode = null;
        if (EverifinPayment.SEEN.equals(p.status)) {
            p.status = EverifinPayment.PROCESSING;
        }
        return issue(p);
    }

    private SandboxResponse issue(PaymentState p) {
        Step step = p.currentStep();
        if (step instanceof Step.Fail failure) {
            return fail(p, failure.reasonCode());
        }
        if (step instanceof Step.Next next) {
            p.status = next.status();
            if (p.isFinal()) {
                finish(p);
                return answer(p);
            }
        } else if (step instanceof Step.Redirect) {
            p.redirectState = RandomIds.hex32();
        } else if (step instanceof Step.Push) {
            p.status = EverifinPayment.PROCESSING;
            p.pushIssuedAt = java.time.Instant.now();
        } else if (step instanceof Step.Input input && !input.encrypt().isEmpty() && p.keyPair == null) {
            // Made lazily: most payments never need one, and RSA key generation is not free.
            p.keyPair = InputDecryptor.newKeyPair();
        }
        p.issued = true;
        return answer(p);
    }

    private SandboxResponse fail(PaymentState p, String reasonCode) {
        p.status = EverifinPayment.FAILED;
        p.reasonCode = reasonCode;
        finish(p);
        return answer(p);
    }

    /** Final: nothing is waited for any more, and the private key goes. */
    private static void finish(PaymentState p) {
        p.issued = false;
        p.keyPair = null;
        p.redirectState = null;
        p.bankCode = null;
    }

    // ---------------------------------------------------------------- answers

    /** The process answer for the payment as it is now. */
    private SandboxResponse answer(PaymentState p) {
        ObjectNode body = SandboxJson.MAPPER.createObjectNode();
        body.put("id", p.id());
        body.put("status", p.status);
        if (p.reasonCode != null) {
            body.put("reasonCode", p.reasonCode);
        }
        Step step = p.isFinal() ? null : p.currentStep();
        body.put("type", step == null ? "NEXT" : step.type());
        if (step instanceof Step.Redirect) {
            body.put("redirectUrl", bankPageUrl(p.id()));
        } else if (step instanceof Step.Input input) {
            inputs(p, input, body);
        }
        return SandboxResponse.json(200, SandboxJson.bytes(body));
    }

    String bankPageUrl(long id) {
        return baseUrl.get() + BankPage.PREFIX + id + BankPage.AUTHORIZE;
    }

    private static void inputs(PaymentState p, Step.Input input, ObjectNode body) {
        List<ObjectNode> objects = new ArrayList<>();
        for (InputField field : input.fields()) {
            ObjectNode object = SandboxJson.MAPPER.createObjectNode();
            object.put("type", field.type());
            object.put("name", field.name());
            if (field.options() != null) {
                ArrayNode options = object.putArray("selectOptions");
                field.options().apply(p).forEach(o -> options.addObject().put("name", o.name()).put("value", o.value()));
            }
            if (field.type().equals("IMAGE_SCAN")) {
                object.put("image", ScanImage.dataUrl(p.id()));
            }
            objects.add(object);
        }
        if (objects.size() == 1) {
            body.set("input", objects.get(0));
        } else {
            body.putArray("inputSet").addAll(objects);
        }
        if (!input.encrypt().isEmpty()) {
            ArrayNode names = body.putArray("inputsToEncrypt");
            input.fields().stream().map(InputField::name).filter(input.encrypt()::contains).forEach(names::add);
            body.putObject("inputEncryptionConfig")
                    .put("encryptionKey", InputDecryptor.encodePublicKey(p.keyPair.getPublic()))
                    .put("encryptionMethod", InputDecryptor.METHOD);
        }
    }

    private static Map<String, JsonNode> values(JsonNode body) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            values.put(entry.getKey(), entry.getValue());
        }
        return values;
    }

    private static String text(Map<String, JsonNode> values, String name) {
        JsonNode value = values.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }
}
