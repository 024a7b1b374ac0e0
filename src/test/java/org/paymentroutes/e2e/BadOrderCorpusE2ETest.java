package org.paymentroutes.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.Message;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.paymentroutes.broker.SystemProperties;
import org.paymentroutes.iso20022.Pain001Intake;
import org.paymentroutes.order.BadOrderCorpusTest;
import org.paymentroutes.order.BadOrderCorpusTest.Case;
import org.paymentroutes.sandbox.common.RecordedRequest;

/**
 * The whole bad-order corpus through one running bundle: every hostile or broken order is refused to
 * payments.rejected (with its problems and the original message) and gets a REJECTED outcome; none
 * reaches a provider, is stored, ends in the DLQ or stops the intake consumer, so a valid order sent
 * after them all still goes through.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadOrderCorpusE2ETest {

    /** Selects every message, with or without a correlation id (orders whose id was unreadable have none). */
    static final String ALL = "JMSCorrelationID IS NULL OR JMSCorrelationID LIKE '%'";

    /** A failing (rolled back) order would be redelivered once after 100 ms, then dead-lettered: the DLQ check below sees it. */
    static final Map<String, String> BROKER = Map.of(
            "payments.broker.redelivery-delay", "100",
            "payments.broker.max-delivery-attempts", "2");

    @TempDir
    static Path dir;

    TestBundle bundle;
    SystemProperties properties;

    @BeforeAll
    void start() throws Exception {
        properties = SystemProperties.set(BROKER);
        bundle = TestBundle.start(dir, Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (bundle != null) {
                bundle.close();
            }
        } finally {
            properties.close();
        }
    }

    @Test
    void everyCorpusOrderIsRejectedAndNoneReachesAProviderOrStopsTheConsumer() throws Exception {
        // A message that looks like XML is an ISO 20022 file, not a JSON order: it is answered with a
        // pain.002 (checked below), not a rejection.
        List<Case> all = BadOrderCorpusTest.corpus();
        List<Case> files = all.stream().filter(c -> Pain001Intake.looksLikeXml(c.bytes())).toList();
        List<Case> corpus = all.stream().filter(c -> !Pain001Intake.looksLikeXml(c.bytes())).toList();
        assertThat(files).extracting(Case::file).containsExactly("010-xml-order.json");
        for (Case c : files) {
            bundle.send("payments.orders", c.utf8().orElseThrow());
        }
        int n = corpus.size();
        // Each rejection names the whole message by its SHA-256 (its "original" is the start of the text
        // sent, or of the bytes decoded as intake does, leniently: at most 4 KiB).
        Map<String, Deque<Case>> byOriginal = new HashMap<>();
        Map<String, String> originals = new HashMap<>();
        int asBytes = 0;
        for (Case c : corpus) {
            Optional<String> text = c.utf8();
            if (text.isPresent()) {
                bundle.send("payments.orders", text.get());
            } else {
                bundle.sendBytes("payments.orders", c.bytes());
                asBytes++;
            }
            byte[] sent = text.map(t -> t.getBytes(StandardCharsets.UTF_8)).orElseGet(c::bytes);
            byOriginal.computeIfAbsent(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(sent)),
                    k -> new ArrayDeque<>()).add(c);
            originals.put(c.file(), new String(sent, StandardCharsets.UTF_8));
        }
        assertThat(asBytes).as("some cases travel as BytesMessage").isPositive();
        bundle.sendOrder(TestBundle.order("AFTER-CORPUS", "1.00"));

        // The consumer is still there: the valid order sent last goes through.
        List<JsonNode> after = bundle.receive("payments.outcomes", "AFTER-CORPUS", 2, 40_000);
        assertThat(after).extracting(o -> o.path("status").asText()).containsExactly("RECEIVED", "ACTION_REQUIRED");
        assertThat(bundle.receive("payments.actions", "AFTER-CORPUS", 1, 10_000))
                .extracting(a -> a.path("type").asText()).containsExactly("REDIRECT");

        // Exactly one rejection per corpus order, each with its problems and the original message.
        List<JsonNode> rejections = bundle.receiveSelected("payments.rejected", ALL, n, 20_000);
        rejections.addAll(bundle.receiveSelected("payments.rejected", ALL, Integer.MAX_VALUE, 1_000));
        List<String> matched = new ArrayList<>();
        for (JsonNode r : rejections) {
            String original = r.path("original").asText();
            Deque<Case> candidates = byOriginal.get(r.path("originalSha256").asText());
            Case c = candidates == null ? null : candidates.poll();
            if (c == null) {
                matched.add("unexpected rejection of: " + original.substring(0, Math.min(80, original.length())));
                continue;
            }
            matched.add(c.file());
            String expected = originals.get(c.file());
            if (r.path("originalTruncated").asBoolean()) {
                assertThat(expected).as("%s: original", c.file()).startsWith(original);
                assertThat(original.length()).as(c.file()).isLessThanOrEqualTo(4096);
            } else {
                assertThat(original).as("%s: original", c.file()).isEqualTo(expected);
            }
            assertThat(r.path("errors").isArray()).as(c.file()).isTrue();
            assertThat(r.path("errors")).as("%s: errors", c.file()).isNotEmpty().allSatisfy(e -> {
                assertThat(e.path("field").asText()).as("%s: field of %s", c.file(), e).isNotBlank();
                assertThat(e.path("reason").asText()).as("%s: reason of %s", c.file(), e).isNotBlank();
            });
            assertThat(r.path("errors")).as("%s: some error names %s (%s)", c.file(), c.field(), c.reason())
                    .anyMatch(e -> e.path("field").asText().equals(c.field()) && e.path("reason").asText().contains(c.reason()));
            String orderId = r.path("orderId").isNull() ? null : r.path("orderId").asText();
            assertThat(r.path("_correlationId").isNull() ? null : r.path("_correlationId").asText())
                    .as("%s: correlation id", c.file()).isEqualTo(orderId);
        }
        // Reports which files got no rejection (or more than one), and any rejection of something not sent.
        assertThat(matched).containsExactlyInAnyOrderElementsOf(corpus.stream().map(Case::file).toList());

        // And one REJECTED outcome each; nothing else on the outcomes queue.
        List<JsonNode> outcomes = bundle.receiveSelected("payments.outcomes", ALL, n, 20_000);
        outcomes.addAll(bundle.receiveSelected("payments.outcomes", ALL, Integer.MAX_VALUE, 1_000));
        assertThat(outcomes).hasSize(n).allSatisfy(o -> assertThat(o.path("status").asText()).isEqualTo("REJECTED"));

        // No provider saw any of them: one Fintecture connect in all (AFTER-CORPUS), no Everifin payment.
        List<RecordedRequest> connects = bundle.sandbox.requests().stream()
                .filter(r -> r.target().startsWith("/pis/v2/connect")).toList();
        assertThat(connects).hasSize(1);
        assertThat(connects.get(0).target()).endsWith("state=AFTER-CORPUS");
        assertThat(bundle.everifin.paymentsCreated()).isZero();

        // The XML one refused whole, on the status-reports queue.
        List<Message> reports = bundle.receiveMessages("payments.status-reports", null, Integer.MAX_VALUE, 1_000);
        assertThat(reports).hasSize(files.size()).allSatisfy(m -> assertThat(((jakarta.jms.TextMessage) m).getText())
                .contains("<GrpSts>RJCT</GrpSts>"));

        // Nothing stored for them, nothing dead-lettered.
        assertThat(bundle.storeDump()).doesNotContain("CORPUS-");
        List<Message> dead = bundle.receiveMessages("DLQ", null, Integer.MAX_VALUE, 1_000);
        assertThat(dead).isEmpty();
    }
}
