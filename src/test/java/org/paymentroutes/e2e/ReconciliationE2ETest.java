package org.paymentroutes.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.paymentroutes.reconcile.DailyReport;
import org.paymentroutes.reconcile.ReconcileConfig;
import org.paymentroutes.store.PaymentStatus;

/** With every callback and webhook lost, reconciliation alone brings payments to their right outcome, once. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReconciliationE2ETest {

    @TempDir
    static Path dir;

    TestBundle bundle;

    @BeforeAll
    void start() throws Exception {
        bundle = TestBundle.start(dir, Map.of(
                "payments.reconcile.cron", "0/1 * * * * ?",
                "payments.reconcile.min-interval", "1",
                "payments.reconcile.max-interval", "2",
                "payments.reconcile.abandon-after", "8"));
        bundle.sandbox.dropWebhooks(true);
    }

    @AfterAll
    void stop() throws Exception {
        bundle.close();
    }

    String session(String orderId, String amount) throws Exception {
        bundle.sendOrder(TestBundle.order(orderId, amount));
        List<JsonNode> outcomes = bundle.receive("payments.outcomes", orderId, 2, 20_000);
        assertThat(outcomes).hasSize(2);
        return outcomes.get(1).path("providerPaymentId").asText();
    }

    @Test
    void lostCallbackAndWebhooksAreCaughtUpByReconciliationAlone() throws Exception {
        String accepted = session("RC-ACCEPT", "40.00");
        String refused = session("RC-REFUSE", "41.00");
        bundle.sandbox.decide(accepted, true);
        bundle.sandbox.decide(refused, false);

        List<JsonNode> a = bundle.receive("payments.outcomes", "RC-ACCEPT", 1, 20_000);
        assertThat(a).extracting(o -> o.path("status").asText() + "/" + o.path("source").asText()).containsExactly("AUTHORIZED/reconciliation");
        assertThat(bundle.receive("payments.outcomes", "RC-REFUSE", 1, 20_000))
                .extracting(o -> o.path("status").asText() + "/" + o.path("source").asText()).containsExactly("FAILED/reconciliation");

        // AUTHORIZED keeps being checked until it settles.
        bundle.sandbox.settle(accepted);
        assertThat(bundle.receive("payments.outcomes", "RC-ACCEPT", 1, 20_000)).extracting(o -> o.path("status").asText())
                .containsExactly("SETTLED");
        assertThat(bundle.drain("payments.outcomes", "RC-ACCEPT", 3_000)).isEmpty();
        assertThat(bundle.drain("payments.outcomes", "RC-REFUSE", 500)).isEmpty();
    }

    @Test
    void aPaymentThePayerAbandonsExpires() throws Exception {
        session("RC-ABANDON", "42.00");
        List<JsonNode> expired = bundle.receive("payments.outcomes", "RC-ABANDON", 1, 30_000);
        assertThat(expired).extracting(o -> o.path("status").asText()).containsExactly("EXPIRED");
        assertThat(expired.get(0).path("reasonCode").asText()).isEqualTo("abandoned");
        assertThat(bundle.app.store().payments().find("RC-ABANDON").orElseThrow().status()).isEqualTo(PaymentStatus.EXPIRED);
    }

    @Test
    void anOperatorsReconcileRequestChecksAPaymentAtOnce() throws Exception {
        String s = session("RC-NOW", "43.00");
        bundle.sandbox.decide(s, true);
        bundle.send("payments.internal.reconcile", "{\"orderId\": \"RC-NOW\"}");
        assertThat(bundle.receive("payments.outcomes", "RC-NOW", 1, 10_000)).extracting(o -> o.path("status").asText())
                .containsExactly("AUTHORIZED");
    }

    @Test
    void theDailyReportCountsAndSumsWhatTheStoreHolds() throws Exception {
        session("RC-REPORT", "44.00");
        DailyReport report = new DailyReport(bundle.app.store(), ReconcileConfig.from(bundle.settings), dir.resolve("reports"));
        DailyReport.Report r = report.build(bundle.app.store().now().toLocalDate());
        long count = r.totals().stream().mapToLong(DailyReport.Total::count).sum();
        assertThat(count).isGreaterThanOrEqualTo(1);
        Path csv = report.write(r);
        assertThat(Files.readString(csv)).startsWith("kind,provider,status,currency,count,amount,order_id,reason\n").contains("total,fintecture,");
        assertThat(report.json(r)).contains("\"schemaVersion\":1", "\"totals\"");
    }
}
