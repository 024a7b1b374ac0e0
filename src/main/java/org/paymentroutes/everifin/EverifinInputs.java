package org.paymentroutes.everifin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.camel.Exchange;
import org.paymentroutes.config.ConfigException;
import org.paymentroutes.config.Settings;
import org.paymentroutes.order.Problem;
import org.paymentroutes.outcome.Messages;
import org.paymentroutes.routes.ExchangeKeys;
import org.paymentroutes.signing.InputEncryptor;
import org.paymentroutes.store.Payment;
import org.paymentroutes.store.PaymentStore;
import org.paymentroutes.store.ProcessState;
import org.paymentroutes.store.ProcessStates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Values the payer entered for an Everifin INPUT step, from payments.inputs:
 * {@code {"orderId": "...", "values": {"userId": "..."}, "encryptedValues": {"userPassword": "<base64>"}}}.
 * Together they must answer the step the payment is waiting on, exactly (no value it did not ask
 * for, none missing). {@code encryptedValues} were encrypted in the payer's browser with the key of
 * the INPUT action and go to Everifin as they are ({@link EncryptedValues} checks them). Sensitive
 * ones (inputsToEncrypt) given in clear are encrypted here with the provider's key, unless
 * {@code payments.everifin.inputs.clear-text=refused}, so the process message the bundle writes
 * carries only ciphertext; the clear values go nowhere else: never logged, never stored, never in a
 * message the bundle sends (a refusal names the fields, not the values).
 */
public final class EverifinInputs {

    private static final Logger LOG = LoggerFactory.getLogger(EverifinInputs.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PaymentStore store;
    private final ProcessStates states;
    private final boolean clearTextRefused;

    /** {@code clearTextRefused}: a sensitive value must come in {@code encryptedValues}, never in {@code values}. */
    public EverifinInputs(PaymentStore store, ProcessStates states, boolean clearTextRefused) {
        this.store = store;
        this.states = states;
        this.clearTextRefused = clearTextRefused;
    }

    /** {@code allowed} (the default) or {@code refused}: whether sensitive values may come in clear. */
    static final String CLEAR_TEXT = "payments.everifin.inputs.clear-text";

    public static boolean clearTextRefused(Settings settings) {
        return switch (settings.get(CLEAR_TEXT, "allowed")) {
            case "allowed" -> false;
            case "refused" -> true;
            default -> throw new ConfigException(CLEAR_TEXT, "expected allowed or refused");
        };
    }

    /** Sets {@code accepted}; with it, the body becomes the process message; without, {@code problems}. */
    public void accept(Exchange exchange) {
        List<Problem> problems = new ArrayList<>();
        JsonNode message;
        try {
            message = JSON.readTree(exchange.getIn().getBody(byte[].class));
        } catch (Exception e) {
            message = null;
        }
        String orderId = message == null ? null : message.path("orderId").asText(null);
        exchange.setProperty(ExchangeKeys.ORDER_ID, orderId);
        JsonNode encrypted = message == null ? null : message.get("encryptedValues");
        JsonNode values = message == null ? null : message.get("values");
        if (values == null && encrypted != null) {
            values = JSON.createObjectNode(); // every input of the step encrypted in the browser
        }
        Payment payment = orderId == null ? null : store.payments().find(orderId).orElse(null);
        ProcessState state = payment == null ? null : states.find(orderId).orElse(null);
        if (message == null || !message.isObject()) {
            problems.add(new Problem("$", "expected {\"orderId\": ..., \"values\": {...}, \"encryptedValues\": {...}}"));
        } else if (payment == null || state == null) {
            problems.add(new Problem("orderId", "no Everifin payment with this order id"));
        } else if (!"INPUT".equals(state.stepType()) || payment.status().isFinal()) {
            problems.add(new Problem("orderId", (states.inputAnswered(orderId) ? "order " + orderId + ": its INPUT step was already answered; " : "")
                    + "the payment is not waiting for inputs (step " + state.stepType() + ", status " + payment.status() + ")"));
        } else if (values == null || !values.isObject()) {
            problems.add(new Problem("values", "must be an object of input name to value"));
        } else {
            for (Iterator<String> it = values.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!state.inputNames().contains(name)) {
                    problems.add(new Problem("values." + name, "was not asked for by the current step (asked: " + state.inputNames() + ")"));
                } else if (!values.get(name).isValueNode() || values.get(name).isNull()) {
                    problems.add(new Problem("values." + name, "must be a string, number or boolean"));
                } else if (clearTextRefused && state.encryptNames().contains(name)) {
                    problems.add(new Problem("values." + name, "is sensitive and must be encrypted in the payer's browser: send it in "
                            + "encryptedValues (" + CLEAR_TEXT + "=refused)"));
                } else {
                    String why = valueProblem(values.get(name).asText(), state.encryptNames().contains(name) ? state.encryptionKey() : null);
                    if (why != null) {
                        problems.add(new Problem("values." + name, why));
                    }
                }
            }
            problems.addAll(EncryptedValues.problems(encrypted, values, state));
            for (String name : state.inputNames()) {
                if (!values.has(name) && (encrypted == null || !encrypted.has(name))) {
                    problems.add(new Problem((clearTextRefused && state.encryptNames().contains(name) ? "encryptedValues." : "values.") + name, "is missing"));
                }
            }
        }
        exchange.setProperty(ExchangeKeys.ACCEPTED, problems.isEmpty());
        if (!problems.isEmpty()) {
            exchange.setProperty(ExchangeKeys.PROBLEMS, problems);
            LOG.warn("Inputs for order {} refused: {}", orderId, problems.stream().map(p -> p.field() + " " + p.reason()).toList());
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        for (String name : state.inputNames()) {
            JsonNode v = values.get(name);
            if (v == null) {
                body.set(name, encrypted.get(name)); // encrypted in the payer's browser: forwarded as it is
            } else {
                body.set(name, state.encryptNames().contains(name)
                        ? JSON.getNodeFactory().textNode(InputEncryptor.encrypt(state.encryptionKey(), v.asText()))
                        : v);
            }
        }
        exchange.getIn().setBody(EverifinPayments.processMessage(orderId, state.seq(), body, !state.encryptNames().isEmpty()));
    }

    /** Longest clear value a step may receive (a user id, an OTP, a select option). */
    static final int MAX_VALUE_CHARS = 256;

    /**
     * Why a value cannot be sent (its length or characters, or a length its encryption key cannot
     * take), or null. Checked before anything is encrypted or queued, so a value that can never be
     * sent is refused once, by name, instead of rolling the message back into DLQ in clear; the
     * reason never repeats the value.
     */
    static String valueProblem(String value, String encryptionKey) {
        if (value.isEmpty()) {
            return "is empty";
        }
        if (value.length() > MAX_VALUE_CHARS) {
            return "is longer than " + MAX_VALUE_CHARS + " characters";
        }
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "contains control characters";
        }
        if (encryptionKey != null) {
            int capacity;
            try {
                // RSA-OAEP with SHA-256 takes at most (modulus bytes - 2 * 32 - 2) bytes of plain text.
                capacity = ((java.security.interfaces.RSAPublicKey) InputEncryptor.publicKey(encryptionKey)).getModulus().bitLength() / 8 - 66;
            } catch (Exception e) {
                return "cannot be encrypted: the step's encryption key is not a usable RSA key";
            }
            int bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes > capacity) {
                return "is " + bytes + " bytes; the step's encryption takes at most " + capacity;
            }
        }
        return null;
    }

    /** The refusal for payments.rejected: the fields and reasons, never the values. */
    @SuppressWarnings("unchecked")
    public String rejection(Exchange exchange) {
        return Messages.rejection(exchange.getProperty(ExchangeKeys.ORDER_ID, String.class), "invalid inputs",
                exchange.getProperty(ExchangeKeys.PROBLEMS, List.class), null, store.now());
    }
}
