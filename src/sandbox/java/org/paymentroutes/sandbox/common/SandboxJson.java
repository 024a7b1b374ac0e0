package org.paymentroutes.sandbox.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The sandboxes' one Jackson set-up, so that every class parses and writes JSON the same way. */
public final class SandboxJson {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            // A body with a key twice is ambiguous (which amount was signed? which otp?): refuse it.
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // Amounts sent as JSON numbers are read exactly, never through a double.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private SandboxJson() {
    }

    public static byte[] bytes(Object tree) {
        try {
            return MAPPER.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
