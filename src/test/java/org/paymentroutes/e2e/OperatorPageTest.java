package org.paymentroutes.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's page and its JSON on the management port: counts, the 24-hour chart's buckets, one
 * payment's history; nothing of it on the public port, a strict CSP, and no payer data in the answers.
 * (The page itself is driven in a real browser by OperatorPageBrowserTest.)
 */
class OperatorPageTest {

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ObjectMapper json = new ObjectMapper();

    HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void showsCountsTheLastDayAndOnePaymentsHistoryOnTheManagementPortOnly() throws Exception {
        try (TestBundle bundle = TestBundle.start(dir, Map.of())) {
            String orderId = "OPS/PAGE-1";
            bundle.sendOrder(TestBundle.order(orderId, "12.34"));
            assertThat(bundle.receive("payments.outcomes", orderId, 2, 30_000)).extracting(n -> n.path("status").asText())
                    .containsExactly("RECEIVED", "ACTION_REQUIRED");

            HttpResponse<String> page = get(bundle.managementBase() + "/ops/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<script src=\"/ops/page.js\"");
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                    assertThat(csp).contains("default-src 'none'").contains("script-src 'self'").doesNotContain("unsafe"));
            assertThat(get(bundle.managementBase() + "/ops/page.js").statusCode()).isEqualTo(200);
            assertThat(get(bundle.httpBase() + "/ops/").statusCode()).isEqualTo(404);
            assertThat(get(bundle.httpBase() + "/ops/api/overview").statusCode()).isEqualTo(404);

            HttpResponse<String> overview = get(bundle.managementBase() + "/ops/api/overview");
            assertThat(overview.statusCode()).as(overview.body()).isEqualTo(200);
            JsonNode o = json.readTree(overview.body());
            long actionRequired = 0;
            for (JsonNode c : o.path("counts")) {
                if (c.path("provider").asText().equals("fintecture") && c.path("status").asText().equals("ACTION_REQUIRED")) {
                    actionRequired = c.path("count").asLong();
                }
            }
            assertThat(actionRequired).isEqualTo(1);
            assertThat(o.path("hours")).hasSize(24);
            JsonNode lastHour = o.path("hours").get(23);
            assertThat(lastHour.path("outcomes").path("RECEIVED").asLong()).isEqualTo(1);
            assertThat(lastHour.path("outcomes").path("ACTION_REQUIRED").asLong()).isEqualTo(1);
            assertThat(o.path("attention").isArray()).isTrue();

            HttpResponse<String> payment = get(bundle.managementBase() + "/ops/api/payment?orderId="
                    + URLEncoder.encode(orderId, StandardCharsets.UTF_8));
            assertThat(payment.statusCode()).as(payment.body()).isEqualTo(200);
            JsonNode p = json.readTree(payment.body());
            assertThat(p.path("status").asText()).isEqualTo("ACTION_REQUIRED");
            assertThat(p.path("amount").asText()).isEqualTo("12.34");
            assertThat(p.path("history")).extracting(h -> h.path("status").asText()).contains("RECEIVED", "ACTION_REQUIRED");
            // The order as received (payer name, e-mail, address) is never part of the page's answers.
            assertThat(payment.body()).doesNotContain("Zoë").doesNotContain("zoe@example.com").doesNotContain("Stuart");

            assertThat(get(bundle.managementBase() + "/ops/api/payment?orderId=NOPE-1").statusCode()).isEqualTo(404);
            HttpResponse<String> bad = get(bundle.managementBase() + "/ops/api/payment?orderId=%3Cscript%3E");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("orderId").doesNotContain("<script>");
        }
    }
}
