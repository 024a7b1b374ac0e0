package org.paymentroutes.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a small flow (a Fintecture payment authorized by webhook, an invalid order), {@code /metrics}
 * has every metric the README lists ("Running in production", metrics), and every metric a panel
 * of the Grafana dashboard ({@code ops/grafana/payment-routes.json}) queries.
 */
class MetricsE2ETest {

    /** A metric name in a README table row: {@code | `payments_orders_received_total` | ...}. */
    private static final Pattern README_ROW = Pattern.compile("^\\| `([a-z_]+)`", Pattern.MULTILINE);
    /** A metric name in a PromQL expression (the words of ours and of Micrometer's binders). */
    private static final Pattern EXPR_NAME = Pattern.compile("\\b((?:payments|camel|jvm|process|system)_[a-z_]+)\\b");
    private static final Pattern SAMPLE_NAME = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)", Pattern.MULTILINE);

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyListedMetricIsScrapedAfterASmallFlow() throws Exception {
        try (TestBundle bundle = TestBundle.start(dir, Map.of())) {
            bundle.sendOrder(TestBundle.order("MET-1", "5.00"));
            List<JsonNode> outcomes = bundle.receive("payments.outcomes", "MET-1", 2, 30_000);
            assertThat(outcomes).hasSize(2);
            bundle.sandbox.decide(outcomes.get(1).path("providerPaymentId").asText(), true);
            assertThat(bundle.receive("payments.outcomes", "MET-1", 1, 30_000)).extracting(o -> o.path("status").asText())
                    .containsExactly("AUTHORIZED");
            bundle.sendOrder("{\"orderId\": \"MET-BAD\"}");
            assertThat(bundle.receive("payments.outcomes", "MET-BAD", 1, 30_000)).isNotEmpty();

            Set<String> listed = readmeMetrics();
            assertThat(listed).as("README metrics list").hasSizeGreaterThan(10);
            Set<String> queried = dashboardMetrics();
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                // Micrometer's jvm_gc_pause_seconds appears with the first collection after the
                // registry was bound; a short test may not have had one yet (any real run has).
                System.gc();
                Set<String> scraped = scrapedNames(bundle);
                assertThat(missing(listed, scraped)).as("listed in the README, not scraped").isEmpty();
                assertThat(missing(queried, scraped)).as("queried by the dashboard, not scraped").isEmpty();
            });
            String text = scrape(bundle);
            assertThat(text).contains("payments_orders_refused_total{reason=\"invalid\"} 1.0");
            assertThat(text).contains("payments_webhooks_total{provider=\"fintecture\",result=\"verified\"}");
            assertThat(text).containsPattern("payments_status_changes_total\\{provider=\"fintecture\",status=\"authorized\"} [1-9]");
        }
    }

    private String scrape(TestBundle bundle) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(bundle.managementBase() + "/metrics"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private Set<String> scrapedNames(TestBundle bundle) throws Exception {
        Set<String> names = new TreeSet<>();
        Matcher m = SAMPLE_NAME.matcher(scrape(bundle));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The names of {@code wanted} with no sample scraped (a histogram's name has its _bucket, _count, _sum samples). */
    static List<String> missing(Set<String> wanted, Set<String> scraped) {
        List<String> out = new ArrayList<>();
        for (String name : wanted) {
            if (!scraped.contains(name) && !scraped.contains(name + "_count") && !scraped.contains(name + "_bucket")) {
                out.add(name);
            }
        }
        return out;
    }

    static Set<String> readmeMetrics() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("### Metrics");
        assertThat(start).as("README section").isNotNegative();
        int end = readme.indexOf("\n#", start + 4);
        Set<String> names = new TreeSet<>();
        Matcher m = README_ROW.matcher(readme.substring(start, end < 0 ? readme.length() : end));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    static Set<String> dashboardMetrics() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("ops/grafana/payment-routes.json").toFile());
        Set<String> names = new TreeSet<>();
        for (JsonNode expr : dashboard.findValues("expr")) {
            Matcher m = EXPR_NAME.matcher(expr.asText());
            while (m.find()) {
                // PromQL's own suffixes on a histogram's series are samples of the metric itself.
                names.add(m.group(1).replaceAll("_(bucket|count|sum)$", ""));
            }
        }
        assertThat(names).as("dashboard metrics").isNotEmpty();
        return names;
    }
}
