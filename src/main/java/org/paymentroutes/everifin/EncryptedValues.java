package org.paymentroutes.everifin;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;
import org.paymentroutes.order.Problem;
import org.paymentroutes.signing.InputEncryptor;
import org.paymentroutes.store.ProcessState;

/**
 * The {@code encryptedValues} of a payments.inputs message: values the ERP's front end encrypted in
 * the payer's browser with the step's key (WebCrypto RSA-OAEP SHA-256), forwarded to Everifin as
 * they are. The bundle cannot decrypt them, so it checks all it can see: each is standard base64 of
 * exactly one ciphertext block of the step's key (a number below its modulus), for a sensitive input
 * of the current step, and not also given in clear. Reasons name the field, never the value.
 */
final class EncryptedValues {

    /** Standard base64 with its padding, as WebCrypto's output through {@code btoa} and openssl give it. */
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]*={0,2}");
    /** Base64 of a 16384-bit block is 2732 characters: anything longer is refused before it is decoded. */
    private static final int MAX_CHARS = 2732;

    private EncryptedValues() {
    }

    /**
     * What is wrong with {@code encrypted} (an object, may be null: none) given the clear
     * {@code values} (an object, may be null) for the step {@code state} waits on.
     */
    static List<Problem> problems(JsonNode encrypted, JsonNode values, ProcessState state) {
        List<Problem> problems = new ArrayList<>();
        if (encrypted == null) {
            return problems;
        }
        if (!encrypted.isObject()) {
            problems.add(new Problem("encryptedValues", "must be an object of input name to base64 ciphertext"));
            return problems;
        }
        for (Iterator<String> it = encrypted.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            String why = problem(name, encrypted.get(name), values, state);
            if (why != null) {
                problems.add(new Problem("encryptedValues." + name, why));
            }
        }
        return problems;
    }

    private static String problem(String name, JsonNode value, JsonNode values, ProcessState state) {
        if (!state.inputNames().contains(name)) {
            return "was not asked for by the current step (asked: " + state.inputNames() + ")";
        }
        if (!state.encryptNames().contains(name)) {
            return "is not an input the current step wants encrypted (encrypted: " + state.encryptNames() + "); send it in values";
        }
        if (values != null && values.has(name)) {
            return "is also in values: send it in one of them";
        }
        if (!value.isTextual()) {
            return "must be a string: standard base64 of the RSA-OAEP ciphertext";
        }
        String text = value.textValue();
        if (text.length() > MAX_CHARS || text.length() % 4 != 0 || !BASE64.matcher(text).matches()) {
            return "is not standard base64 (A-Z a-z 0-9 + /, padded with = to a multiple of 4 characters)";
        }
        RSAPublicKey key;
        try {
            key = (RSAPublicKey) InputEncryptor.publicKey(state.encryptionKey());
        } catch (Exception e) {
            return "cannot be checked: the step's encryption key is not a usable RSA key";
        }
        int blockBytes = (key.getModulus().bitLength() + 7) / 8;
        byte[] ciphertext = Base64.getDecoder().decode(text);
        if (ciphertext.length != blockBytes) {
            return "is " + ciphertext.length + " bytes after base64; an RSA-OAEP ciphertext for the step's key is " + blockBytes;
        }
        if (new BigInteger(1, ciphertext).compareTo(key.getModulus()) >= 0) {
            return "is not a ciphertext for the step's key (not below its modulus)";
        }
        return null;
    }
}
