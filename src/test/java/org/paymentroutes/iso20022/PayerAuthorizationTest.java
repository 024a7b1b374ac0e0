package org.paymentroutes.iso20022;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PayerAuthorizationTest {

    static PayerAuthorization.Result parse(String json) {
        return PayerAuthorization.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aValidAuthorization() {
        PayerAuthorization.Result r = parse("{\"orderId\":\"iso-abc\",\"payer\":{\"ip\":\"203.0.113.7\",\"userAgent\":\"Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0\"}}");
        assertThat(r.valid()).isTrue();
        assertThat(r.orderId()).isEqualTo("iso-abc");
        assertThat(r.ip()).isEqualTo("203.0.113.7");
        assertThat(r.userAgent()).startsWith("Mozilla/5.0 (X11");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"payer\":{\"ip\":\"203.0.113.7\",\"userAgent\":\"Mozilla/5.0 (X11)\"}}|orderId",
        "{\"orderId\":\"iso-a\",\"payer\":{\"ip\":\"999.1.1.1\",\"userAgent\":\"Mozilla/5.0 (X11)\"}}|payer.ip",
        "{\"orderId\":\"iso-a\",\"payer\":{\"ip\":\"203.0.113.7\"}}|payer.userAgent",
        "{\"orderId\":\"iso-a\",\"payer\":{\"ip\":\"203.0.113.7\",\"userAgent\":\"curl/8\"}}|payer.userAgent",
        "{\"orderId\":\"iso-a\",\"payer\":{\"ip\":\"203.0.113.7\",\"userAgent\":\"Mozilla/5.0 (X11)\",\"otp\":\"1\"}}|payer.otp",
        "{\"orderId\":\"iso-a\",\"payer\":{\"ip\":\"203.0.113.7\",\"userAgent\":\"Mozilla/5.0 (X11)\"},\"amount\":\"1\"}|amount",
        "{\"orderId\":\"iso-a\"}|payer",
        "{\"orderId\":\"iso-a\",\"orderId\":\"iso-b\",\"payer\":{}}|$",
        "{\"orderId\":\"iso-a\",\"payer\":{\"ip\":\"203.0.113.7\",\"userAgent\":\"Mozilla/5.0 (X11)\"}} {}|$",
        "[1]|$"})
    void refusedNamingTheField(String json, String field) {
        PayerAuthorization.Result r = parse(json);
        assertThat(r.valid()).isFalse();
        assertThat(r.problems()).extracting(p -> p.field()).contains(field);
    }
}
