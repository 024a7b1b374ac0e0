package org.paymentroutes.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paymentroutes.broker.EmbeddedBroker;

/**
 * The public port serves callbacks and webhooks only; health and metrics answer on the management
 * port, and readiness says DOWN, naming the check, while the broker is unreachable.
 */
class ManagementPortTest {

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static List<String> checks(String body, String status) throws Exception {
        List<String> names = new ArrayList<>();
        for (JsonNode check : new ObjectMapper().readTree(body).path("checks")) {
            if (status.equals(check.path("status").asText())) {
                names.add(check.path("name").asText());
            }
        }
        return names;
    }

    @Test
    void healthAndMetricsAreOnTheManagementPortOnlyAndReadinessFollowsTheBroker() throws Exception {
        int brokerPort = TestBundle.freePort();
        EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1:" + brokerPort, dir.resolve("broker"));
        try (TestBundle bundle = TestBundle.start(dir.resolve("bundle"), Map.of("payments.broker.url", broker.url()))) {
            assertThat(get(bundle.httpBase() + "/health").statusCode()).isEqualTo(404);
            assertThat(get(bundle.httpBase() + "/metrics").statusCode()).isEqualTo(404);
            assertThat(get(bundle.httpBase() + "/observe/health").statusCode()).isEqualTo(404);

            HttpResponse<String> health = get(bundle.managementBase() + "/health?data=true");
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(checks(health.body(), "UP")).as(health.body()).contains("store", "broker");
            HttpResponse<String> metrics = get(bundle.managementBase() + "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("camel_exchanges_total");

            broker.close();
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                HttpResponse<String> down = get(bundle.managementBase() + "/health?data=true");
                assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
                assertThat(checks(down.body(), "DOWN")).contains("broker");
                assertThat(down.body()).doesNotContain("tcp://");
            });

            broker = EmbeddedBroker.start("127.0.0.1:" + brokerPort, dir.resolve("broker"));
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(get(bundle.managementBase() + "/health").statusCode()).isEqualTo(200));
        } finally {
            broker.close();
        }
    }
}
