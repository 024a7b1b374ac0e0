package org.paymentroutes.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.paymentroutes.iso20022.Iso20022Config;
import org.paymentroutes.iso20022.OfficialSchemas;
import org.paymentroutes.iso20022.Pain001Intake;
import org.paymentroutes.order.OrderParser;

/**
 * pain.001 files through the whole bundle and the Fintecture sandbox: the file's pain.002 (ACTC,
 * PART), then one per transaction when the payer authorizes (ACSP) and when the transfer settles
 * (ACSC), each valid against the official XSD; a file sent twice pays nothing twice and gets its
 * report again; the treasurer's authorization refused naming fields, never values.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Iso20022E2ETest {

    static final String REPORTS = "payments.status-reports";
    static final String EVERIFIN_ACCOUNT = "CZ6508000000192000145399";
    static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";

    @TempDir
    static Path dir;

    TestBundle bundle;

    @BeforeAll
    void start() throws Exception {
        // Every debtor account to Fintecture (no treasurer's authorization needed) but one, used by the
        // Everifin test alone; the samples' dates are fixed.
        bundle = TestBundle.start(dir, Map.of("payments.iso20022.default-provider", "fintecture",
                "payments.iso20022.accounts.everifin", EVERIFIN_ACCOUNT,
                "payments.iso20022.max-days-past", "3650", "payments.iso20022.max-days-ahead", "3650"));
    }

    @AfterAll
    void stop() throws Exception {
        bundle.close();
    }

    static String sample(String version) throws Exception {
        return Files.readString(Path.of("samples", "pain.001.001." + version + ".xml"), StandardCharsets.UTF_8);
    }

    /** What the bundle makes of the file, read here the same way: the order ids to follow. */
    static Pain001Intake.Outcome read(String xml) {
        return new Pain001Intake(Iso20022Config.defaults("fintecture").withAccounts(Map.of()), new OrderParser())
                .read(xml.getBytes(StandardCharsets.UTF_8), LocalDate.of(2026, 12, 1));
    }

    /** The next pain.002 with this correlation id, checked against the official schema. */
    String report(String correlationId, String schema) throws Exception {
        List<Message> m = bundle.receiveMessages(REPORTS, "JMSCorrelationID = '" + correlationId + "'", 1, 20_000);
        assertThat(m).as("a pain.002 for " + correlationId).hasSize(1);
        assertThat(m.get(0).getStringProperty("contentType")).isEqualTo("application/xml");
        String xml = ((TextMessage) m.get(0)).getText();
        OfficialSchemas.validate(schema, xml);
        return xml;
    }

    static String text(String xml, String element) {
        Matcher m = Pattern.compile("<" + element + ">([^<]*)</" + element + ">").matcher(xml);
        assertThat(m.find()).as(element + " in " + xml).isTrue();
        return m.group(1);
    }

    /** RECEIVED then ACTION_REQUIRED: the Fintecture session id. */
    String session(String orderId) throws Exception {
        List<JsonNode> outcomes = bundle.receive("payments.outcomes", orderId, 2, 20_000);
        assertThat(outcomes).extracting(o -> o.path("status").asText()).containsExactly("RECEIVED", "ACTION_REQUIRED");
        return outcomes.get(1).path("providerPaymentId").asText();
    }

    @Test
    void fileReportThenAcspAndAcscPerTransaction() throws Exception {
        String xml = sample("03");
        Pain001Intake.Outcome file = read(xml);
        assertThat(file.accepted()).hasSize(5);
        bundle.send("payments.orders", xml);

        String fileReport = report(file.file().msgId(), "pain.002.001.03");
        assertThat(text(fileReport, "GrpSts")).isEqualTo("ACTC");
        assertThat(text(fileReport, "OrgnlMsgId")).isEqualTo(file.file().msgId());

        for (Pain001Intake.Accepted a : file.accepted()) {
            String orderId = a.order().orderId();
            String s = session(orderId);
            bundle.sandbox.decide(s, true);
            String acsp = report(orderId, "pain.002.001.03");
            assertThat(text(acsp, "TxSts")).isEqualTo("ACSP");
            assertThat(text(acsp, "OrgnlEndToEndId")).isEqualTo(a.ref().endToEndId());
            assertThat(text(acsp, "OrgnlPmtInfId")).isEqualTo(a.ref().pmtInfId());
            bundle.sandbox.settle(s);
            assertThat(text(report(orderId, "pain.002.001.03"), "TxSts")).isEqualTo("ACSC");
            // The JSON outcomes are unchanged beside the reports.
            assertThat(bundle.receive("payments.outcomes", orderId, 2, 15_000)).extracting(o -> o.path("status").asText())
                    .containsExactly("AUTHORIZED", "SETTLED");
        }
    }

    @Test
    void aFileSentTwicePaysNothingTwiceAndGetsItsReportAgain() throws Exception {
        String xml = sample("09");
        Pain001Intake.Outcome file = read(xml);
        bundle.send("payments.orders", xml);
        String first = report(file.file().msgId(), "pain.002.001.10");
        for (Pain001Intake.Accepted a : file.accepted()) {
            session(a.order().orderId());
        }

        bundle.send("payments.orders", xml);
        String again = report(file.file().msgId(), "pain.002.001.10");
        // The same report, with the same MsgId; only its creation time is new.
        assertThat(again.replaceAll("<CreDtTm>[^<]*</CreDtTm>", "")).isEqualTo(first.replaceAll("<CreDtTm>[^<]*</CreDtTm>", ""));
        for (Pain001Intake.Accepted a : file.accepted()) {
            assertThat(bundle.sandbox.sessionsForState(a.order().orderId())).isEqualTo(1);
        }
        assertThat(bundle.drain("payments.outcomes", file.accepted().get(0).order().orderId(), 1_500)).isEmpty();
    }

    /**
     * The file again after its payments moved on (as a redelivery after a crash between the store's
     * commit and the JMS one would bring it): no new session, the file report again, and each
     * transaction's current report (ACSC, RJCT) again; the transactions without one get none.
     */
    @Test
    void aFileSentAgainAfterItsPaymentsMovedOnGetsEachCurrentStatusReportedAgain() throws Exception {
        String xml = sample("03").replace("ACME-RUN-03-20261201-01", "ACME-RUN-03-20261201-AGAIN");
        Pain001Intake.Outcome file = read(xml);
        bundle.send("payments.orders", xml);
        String fileReport = report(file.file().msgId(), "pain.002.001.03");
        assertThat(text(fileReport, "GrpSts")).isEqualTo("ACTC");

        String settled = file.accepted().get(0).order().orderId();
        String refused = file.accepted().get(1).order().orderId();
        String s = session(settled);
        bundle.sandbox.decide(s, true);
        assertThat(text(report(settled, "pain.002.001.03"), "TxSts")).isEqualTo("ACSP");
        bundle.sandbox.settle(s);
        String acsc = report(settled, "pain.002.001.03");
        assertThat(text(acsc, "TxSts")).isEqualTo("ACSC");
        bundle.sandbox.decide(session(refused), false);
        String rjct = report(refused, "pain.002.001.03");
        assertThat(text(rjct, "TxSts")).isEqualTo("RJCT");
        for (Pain001Intake.Accepted a : file.accepted().subList(2, file.accepted().size())) {
            session(a.order().orderId());
        }

        bundle.send("payments.orders", xml);
        assertThat(withoutCreationTime(report(file.file().msgId(), "pain.002.001.03"))).isEqualTo(withoutCreationTime(fileReport));
        assertThat(withoutCreationTime(report(settled, "pain.002.001.03"))).isEqualTo(withoutCreationTime(acsc));
        assertThat(withoutCreationTime(report(refused, "pain.002.001.03"))).isEqualTo(withoutCreationTime(rjct));
        for (Pain001Intake.Accepted a : file.accepted()) {
            assertThat(bundle.sandbox.sessionsForState(a.order().orderId())).as(a.ref().endToEndId()).isEqualTo(1);
            // Only the current status, once: no ACSP again for the settled one, nothing for those awaiting the payer.
            assertThat(bundle.receiveMessages(REPORTS, "JMSCorrelationID = '" + a.order().orderId() + "'", 1, 300)).isEmpty();
        }
    }

    static String withoutCreationTime(String report) {
        return report.replaceAll("<CreDtTm>[^<]*</CreDtTm>", "");
    }

    @Test
    void oneBadTransactionIsRejectedAloneTheOthersArePaid() throws Exception {
        // Another run (MsgId) whose second transaction pays to an IBAN with a wrong check digit.
        String xml = sample("03").replace("ACME-RUN-03-20261201-01", "ACME-RUN-03-20261201-02")
                .replace("FR7630006000011234567890189", "FR7630006000011234567890188");
        Pain001Intake.Outcome file = read(xml);
        assertThat(file.rejected()).hasSize(1);
        bundle.send("payments.orders", xml);

        String fileReport = report(file.file().msgId(), "pain.002.001.03");
        assertThat(text(fileReport, "GrpSts")).isEqualTo("PART");
        assertThat(fileReport).contains("<OrgnlEndToEndId>INV-2026-0002</OrgnlEndToEndId><TxSts>RJCT</TxSts>")
                .contains("<Cd>AC01</Cd>");
        assertThat(file.accepted()).hasSize(4);
        for (Pain001Intake.Accepted a : file.accepted()) {
            String s = session(a.order().orderId());
            bundle.sandbox.decide(s, true);
            assertThat(text(report(a.order().orderId(), "pain.002.001.03"), "TxSts")).isEqualTo("ACSP");
        }
    }

    @Test
    void everifinOrdersFromAFileWaitForTheTreasurersAuthorization() throws Exception {
        // The salaries block pays from the account served by Everifin.
        String xml = sample("09").replace("ACME-RUN-09-20261201-01", "ACME-RUN-09-20261201-EF")
                .replace("NL91ABNA0417164300", EVERIFIN_ACCOUNT);
        Pain001Intake.Outcome file = read(xml);
        bundle.send("payments.orders", xml);
        assertThat(text(report(file.file().msgId(), "pain.002.001.10"), "GrpSts")).isEqualTo("ACTC");
        List<String> salaries = file.accepted().stream().filter(a -> a.ref().pmtInfId().equals("PMT-SALARIES-1"))
                .map(a -> a.order().orderId()).toList();
        assertThat(salaries).hasSize(2);
        String orderId = salaries.get(0);
        assertThat(bundle.receive("payments.outcomes", orderId, 1, 15_000)).extracting(o -> o.path("status").asText())
                .containsExactly("RECEIVED");
        assertThat(bundle.drain("payments.outcomes", orderId, 1_500)).as("nothing until the treasurer opens it").isEmpty();
        assertThat(bundle.app.store().payments().find(orderId).orElseThrow().provider()).isEqualTo("everifin");

        String authorization = "{\"orderId\": \"" + orderId + "\", \"payer\": {\"ip\": \"203.0.113.7\", \"userAgent\": \"" + BROWSER + "\"}}";
        bundle.send("payments.authorizations", authorization);
        List<JsonNode> created = bundle.receive("payments.outcomes", orderId, 1, 20_000);
        assertThat(created).extracting(o -> o.path("status").asText() + "/" + o.path("source").asText()).containsExactly("PENDING/initiation");
        String everifinPayment = created.get(0).path("providerPaymentId").asText();

        // The same authorization again: the payment has started, nothing is created twice.
        bundle.send("payments.authorizations", authorization);
        Thread.sleep(1_500);
        assertThat(bundle.app.store().payments().find(orderId).orElseThrow().providerPaymentId()).isEqualTo(everifinPayment);
        assertThat(bundle.receiveSelected("payments.rejected", "JMSCorrelationID = '" + orderId + "'", 1, 500)).isEmpty();
    }

    @Test
    void anInvalidAuthorizationIsRefusedNamingFieldsNeverValues() throws Exception {
        bundle.send("payments.authorizations", "{\"orderId\": \"iso-nosuchpayment\", \"payer\": {\"ip\": \"not-an-ip-77\"}}");
        List<JsonNode> refused = bundle.receive("payments.rejected", "iso-nosuchpayment", 1, 15_000);
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0).path("errors").findValuesAsText("field")).contains("payer.ip", "payer.userAgent");
        assertThat(refused.get(0).toString()).doesNotContain("not-an-ip-77");

        bundle.send("payments.authorizations", "{\"orderId\": \"iso-nosuchpayment2\", \"payer\": {\"ip\": \"203.0.113.7\","
                + " \"userAgent\": \"" + BROWSER + "\"}}");
        List<JsonNode> unknown = bundle.receive("payments.rejected", "iso-nosuchpayment2", 1, 15_000);
        assertThat(unknown).hasSize(1);
        assertThat(unknown.get(0).path("errors").findValuesAsText("field")).containsExactly("orderId");
        assertThat(unknown.get(0).toString()).doesNotContain("203.0.113.7");
    }
}
