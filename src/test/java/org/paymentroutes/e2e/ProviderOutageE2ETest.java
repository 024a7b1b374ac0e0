package org.paymentroutes.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paymentroutes.sandbox.everifin.BankProfiles;

/**
 * Fintecture is down for far longer than the broker's redelivery budget (test-sized: about 3 s here):
 * its circuit opens, its orders wait on the broker instead of going to DLQ, Everifin's orders keep
 * flowing, and once the sandbox answers again every order gets exactly one session.
 */
class ProviderOutageE2ETest {

    static final Duration OUTAGE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final StringWriter logs = new StringWriter();
    WriterAppender appender;

    @BeforeEach
    void smallRedeliveryBudget() {
        // 0.1 s, 0.2 s, then 0.4 s apart, 10 deliveries: a message not held reaches DLQ after about 3 s.
        System.setProperty("payments.broker.redelivery-delay", "100");
        System.setProperty("payments.broker.max-redelivery-delay", "400");
        LoggerContext ctx = LoggerContext.getContext(false);
        appender = WriterAppender.newBuilder().setName("circuit-capture").setTarget(logs)
                .setLayout(PatternLayout.newBuilder().withPattern("%m%n").build()).build();
        appender.start();
        ctx.getConfiguration().addAppender(appender);
        ctx.getConfiguration().getLoggerConfig("org.paymentroutes").addAppender(appender, Level.INFO, null);
        ctx.updateLoggers();
    }

    @AfterEach
    void restore() {
        System.clearProperty("payments.broker.redelivery-delay");
        System.clearProperty("payments.broker.max-redelivery-delay");
        LoggerContext ctx = LoggerContext.getContext(false);
        ctx.getConfiguration().getLoggerConfig("org.paymentroutes").removeAppender("circuit-capture");
        ctx.updateLoggers();
        appender.stop();
    }

    @Test
    void aLongFintectureOutageIsRiddenOutWhileEverifinKeepsFlowing() throws Exception {
        try (TestBundle bundle = TestBundle.start(dir, Map.of(
                "payments.fintecture.circuit.failures", "3",
                "payments.fintecture.circuit.probe-interval", "1"))) {
            bundle.sandbox.downFor(OUTAGE);
            List<String> orders = List.of("OUT-1", "OUT-2", "OUT-3", "OUT-4", "OUT-5");
            for (String orderId : orders) {
                bundle.sendOrder(TestBundle.order(orderId, "15.00"));
            }

            Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                HttpResponse<String> down = get(bundle.managementBase() + "/health?data=true");
                assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
                assertThat(ManagementPortTest.checks(down.body(), "DOWN")).as(down.body()).containsExactly("circuit-fintecture");
            });
            assertThat(get(bundle.managementBase() + "/metrics").body())
                    .contains("payments_circuit_open{provider=\"fintecture\"} 1.0", "payments_circuit_open{provider=\"everifin\"} 0.0");

            // Meanwhile Everifin's orders go through their own queue.
            String everifinOrder = "OUT-EV";
            bundle.sendOrder(EverifinE2ETest.order(everifinOrder, BankProfiles.exampleSenderIban("redirect-only")));
            List<JsonNode> action = bundle.receive("payments.actions", everifinOrder, 1, 15_000);
            assertThat(action).extracting(a -> a.path("type").asText()).containsExactly("REDIRECT");
            assertThat(bundle.sandbox.down()).as("still within the outage").isTrue();

            // Well past the redelivery budget, nothing is in DLQ: the orders wait on the broker.
            Thread.sleep(5_000);
            for (String orderId : orders) {
                assertThat(bundle.receiveMessages("DLQ", "JMSCorrelationID = '" + orderId + "'", 1, 100)).as(orderId).isEmpty();
            }

            for (String orderId : orders) {
                List<JsonNode> outcomes = bundle.receive("payments.outcomes", orderId, 2, 60_000);
                assertThat(outcomes).as(orderId).extracting(o -> o.path("status").asText()).containsExactly("RECEIVED", "ACTION_REQUIRED");
                assertThat(bundle.sandbox.sessionsForState(orderId)).as(orderId).isEqualTo(1);
            }
            for (String orderId : orders) {
                assertThat(bundle.drain("payments.outcomes", orderId, 200)).as(orderId).isEmpty();
                assertThat(bundle.receiveMessages("DLQ", "JMSCorrelationID = '" + orderId + "'", 1, 100)).as(orderId).isEmpty();
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(get(bundle.managementBase() + "/health").statusCode()).isEqualTo(200));
        }
        String log = logs.toString();
        assertThat(log.lines().filter(l -> l.startsWith("fintecture circuit OPEN"))).as(log).hasSize(1);
        assertThat(log.lines().filter(l -> l.startsWith("fintecture circuit CLOSED"))).as(log).hasSize(1);
        assertThat(log).doesNotContain("everifin circuit");
    }

    @Test
    void anEverifinOutageHoldsItsOrdersAndItsProbeFindsItBack() throws Exception {
        try (TestBundle bundle = TestBundle.start(dir, Map.of(
                "payments.everifin.circuit.failures", "2",
                "payments.everifin.circuit.probe-interval", "1"))) {
            bundle.everifin.downFor(Duration.ofSeconds(12));
            List<String> orders = List.of("OUT-EV-1", "OUT-EV-2", "OUT-EV-3");
            for (String orderId : orders) {
                bundle.sendOrder(EverifinE2ETest.order(orderId, BankProfiles.exampleSenderIban("redirect-only")));
            }
            Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                HttpResponse<String> down = get(bundle.managementBase() + "/health?data=true");
                assertThat(ManagementPortTest.checks(down.body(), "DOWN")).as(down.body()).containsExactly("circuit-everifin");
            });
            bundle.sendOrder(TestBundle.order("OUT-FT", "3.00"));
            assertThat(bundle.receive("payments.outcomes", "OUT-FT", 2, 15_000)).extracting(o -> o.path("status").asText())
                    .containsExactly("RECEIVED", "ACTION_REQUIRED");

            for (String orderId : orders) {
                List<JsonNode> action = bundle.receive("payments.actions", orderId, 1, 60_000);
                assertThat(action).as(orderId).extracting(a -> a.path("type").asText()).containsExactly("REDIRECT");
                assertThat(bundle.receiveMessages("DLQ", "JMSCorrelationID = '" + orderId + "'", 1, 100)).as(orderId).isEmpty();
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(get(bundle.managementBase() + "/health").statusCode()).isEqualTo(200));
        }
        String log = logs.toString();
        assertThat(log.lines().filter(l -> l.startsWith("everifin circuit OPEN"))).as(log).hasSize(1);
        assertThat(log.lines().filter(l -> l.startsWith("everifin circuit CLOSED"))).as(log).hasSize(1);
    }

    HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
