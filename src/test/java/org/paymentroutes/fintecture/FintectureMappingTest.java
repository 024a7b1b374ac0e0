package org.paymentroutes.fintecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.paymentroutes.order.OrderParser;
import org.paymentroutes.order.PaymentOrder;

class FintectureMappingTest {

    @Test
    void connectBodyFollowsTheProvidersShapeInAFixedOrder() throws Exception {
        PaymentOrder order = new OrderParser().parse(Files.readAllBytes(Path.of("samples/order-fintecture.json"))).order();
        String body = new String(FintectureConnect.body(order), StandardCharsets.UTF_8);
        assertThat(body).isEqualTo("{\"meta\":{\"psu_name\":\"Julien Lefebre\",\"psu_company\":\"My Business SARL\","
                + "\"psu_email\":\"julien@example.com\",\"psu_phone\":\"09743593535\",\"psu_incorporation\":\"123456789\","
                + "\"psu_address\":{\"street\":\"rue Marie Stuart\",\"number\":\"2\",\"zip\":\"75002\",\"city\":\"PARIS\",\"country\":\"FR\"}},"
                + "\"data\":{\"type\":\"payments\",\"attributes\":{\"amount\":\"273.00\",\"currency\":\"EUR\",\"communication\":\"B34970692\"}}}");
    }

    @Test
    void queryValuesKeepOnlyUnreservedCharactersLiteral() {
        assertThat(QueryEncoding.encode("https://shop.example/return?a=1&b=é ~")).isEqualTo("https%3A%2F%2Fshop.example%2Freturn%3Fa%3D1%26b%3D%C3%A9%20~");
    }

    @Test
    void providerErrorsKeepCodeDetailAndLogId() {
        ProviderError e = ProviderError.parse(400, ("{\"status\":\"400\",\"code\":\"bad_request\",\"log_id\":\"abc123\","
                + "\"errors\":[{\"code\":\"invalid_amount\",\"title\":\"Bad Request\",\"detail\":\"amount is invalid\"}]}").getBytes());
        assertThat(e.reasonCode()).isEqualTo("invalid_amount");
        assertThat(e.describe()).isEqualTo("HTTP 400 bad_request / invalid_amount: amount is invalid (log_id abc123)");
        assertThat(ProviderError.parse(502, "<html>bad gateway</html>".getBytes()).describe()).isEqualTo("HTTP 502");
        assertThat(ProviderError.parse(502, null).reasonCode()).isEqualTo("http_502");
    }
}
