package org.paymentroutes.sandbox.fintecture;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The sandbox's one Jackson set-up, so that every class parses and writes JSON the same way. */
final class SandboxJson {

    static final ObjectMapper MAPPER = new ObjectMapper()
            // A body with a key twice is ambiguous (which amount was signed?): refuse it.
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private SandboxJson() {
    }

    static byte[] bytes(Object tree) {
        try {
            return MAPPER.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
