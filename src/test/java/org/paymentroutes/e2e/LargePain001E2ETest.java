package org.paymentroutes.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paymentroutes.iso20022.Iso20022Config;
import org.paymentroutes.iso20022.OfficialSchemas;
import org.paymentroutes.iso20022.Pain001Intake;
import org.paymentroutes.order.OrderParser;
import org.paymentroutes.routes.TextOrBytesConverter;

/**
 * A payment run larger than the 4 MiB every other queue reads: payments.orders reads up to
 * payments.iso20022.max-bytes (here 8 MiB), so a 10,000-transaction pain.001 written as ERPs write
 * them (indented, with agents, addresses and purposes: 6.0 MiB) is read, recorded and answered;
 * one above the limit is refused unread to payments.rejected naming its size and the limit, and
 * nothing of it is recorded or paid. Its own bundle: recording 10,000 payments in one store
 * transaction would hold up the other tests' files. The transactions pay from the account served
 * by Everifin, so they wait for the treasurer's authorization: no provider call.
 */
class LargePain001E2ETest {

    static final int MAX_BYTES = 8 * 1024 * 1024;
    static final String EVERIFIN_ACCOUNT = "CZ6508000000192000145399";

    @TempDir
    Path dir;
    TestBundle bundle;

    @BeforeEach
    void start() throws Exception {
        bundle = TestBundle.start(dir, Map.of("payments.iso20022.default-provider", "fintecture",
                "payments.iso20022.accounts.everifin", EVERIFIN_ACCOUNT, "payments.iso20022.max-bytes", String.valueOf(MAX_BYTES),
                "payments.iso20022.max-days-past", "3650", "payments.iso20022.max-days-ahead", "3650"));
    }

    @AfterEach
    void stop() throws Exception {
        bundle.close();
    }

    /** An ERP's payment run of ten PmtInf blocks, indented, about 640 bytes a transaction. */
    static String paymentRun(String msgId, int transactions) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.09\">\n  <CstmrCdtTrfInitn>\n    <GrpHdr>\n      <MsgId>")
                .append(msgId).append("</MsgId>\n      <CreDtTm>2026-12-01T09:30:00</CreDtTm>\n      <NbOfTxs>").append(transactions)
                .append("</NbOfTxs>\n      <InitgPty><Nm>Acme Industrie GmbH</Nm></InitgPty>\n    </GrpHdr>\n");
        for (int b = 0; b < 10; b++) {
            sb.append("    <PmtInf>\n      <PmtInfId>RUN-").append(b).append("</PmtInfId>\n      <PmtMtd>TRF</PmtMtd>\n")
                    .append("      <ReqdExctnDt><Dt>2026-12-01</Dt></ReqdExctnDt>\n      <Dbtr><Nm>Acme Industrie GmbH</Nm></Dbtr>\n")
                    .append("      <DbtrAcct><Id><IBAN>").append(EVERIFIN_ACCOUNT).append("</IBAN></Id></DbtrAcct>\n")
                    .append("      <DbtrAgt><FinInstnId><BICFI>GIBACZPXXXX</BICFI></FinInstnId></DbtrAgt>\n");
            for (int i = 0; i < transactions / 10; i++) {
                sb.append("      <CdtTrfTxInf>\n        <PmtId><InstrId>I-").append(b).append('-').append(i).append("</InstrId><EndToEndId>E-")
                        .append(b).append('-').append(i).append("</EndToEndId></PmtId>\n        <Amt><InstdAmt Ccy=\"EUR\">")
                        .append(10 + i % 990).append(".25</InstdAmt></Amt>\n")
                        .append("        <CdtrAgt><FinInstnId><BICFI>COBADEFFXXX</BICFI></FinInstnId></CdtrAgt>\n")
                        .append("        <Cdtr>\n          <Nm>Supplier ").append(i).append(" GmbH</Nm>\n          <PstlAdr><StrtNm>Industriestrasse</StrtNm>")
                        .append("<BldgNb>").append(1 + i % 200).append("</BldgNb><PstCd>20095</PstCd><TwnNm>Hamburg</TwnNm><Ctry>DE</Ctry></PstlAdr>\n")
                        .append("        </Cdtr>\n        <CdtrAcct><Id><IBAN>DE44500105175407324931</IBAN></Id></CdtrAcct>\n")
                        .append("        <Purp><Cd>SUPP</Cd></Purp>\n        <RmtInf><Ustrd>Invoice ").append(b).append('/').append(i)
                        .append("</Ustrd></RmtInf>\n      </CdtTrfTxInf>\n");
            }
            sb.append("    </PmtInf>\n");
        }
        return sb.append("  </CstmrCdtTrfInitn>\n</Document>\n").toString();
    }

    static Pain001Intake.Outcome read(String xml) {
        return new Pain001Intake(Iso20022Config.defaults("fintecture"), new OrderParser())
                .read(xml.getBytes(StandardCharsets.UTF_8), LocalDate.of(2026, 12, 1));
    }

    @Test
    void tenThousandTransactionsAboveFourMebibytesAreReadAndAFileAboveTheMaxIsRefusedNamingItsSize() throws Exception {
        String run = paymentRun("ACME-RUN-LARGE-1", 10_000);
        byte[] large = run.getBytes(StandardCharsets.UTF_8);
        assertThat(large.length).isBetween(TextOrBytesConverter.MAX_BYTES + 1, MAX_BYTES); // 6.0 MiB
        OfficialSchemas.validate("pain.001.001.09", run);
        Pain001Intake.Outcome file = read(run);
        assertThat(file.accepted()).hasSize(10_000);

        bundle.sendBytes("payments.orders", large);
        // 10,000 payments recorded in one store transaction: minutes on a loaded build machine.
        List<Message> reports = bundle.receiveMessages("payments.status-reports", "JMSCorrelationID = 'ACME-RUN-LARGE-1'", 1, 300_000);
        assertThat(reports).as("the file's pain.002").hasSize(1);
        String report = ((TextMessage) reports.get(0)).getText();
        OfficialSchemas.validate("pain.002.001.10", report);
        assertThat(report).contains("<OrgnlNbOfTxs>10000</OrgnlNbOfTxs>", "<GrpSts>ACTC</GrpSts>").doesNotContain("RJCT");
        for (Pain001Intake.Accepted a : List.of(file.accepted().get(0), file.accepted().get(9_999))) {
            assertThat(bundle.app.store().payments().find(a.order().orderId()).orElseThrow().provider()).isEqualTo("everifin");
        }

        String tooLarge = paymentRun("ACME-RUN-LARGE-2", 14_000);
        byte[] tooLargeBytes = tooLarge.getBytes(StandardCharsets.UTF_8);
        assertThat(tooLargeBytes.length).isGreaterThan(MAX_BYTES);
        bundle.sendBytes("payments.orders", tooLargeBytes);
        List<JsonNode> refused = bundle.receiveSelected("payments.rejected", "JMSCorrelationID IS NULL", 1, 60_000);
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0).path("errors").get(0).path("reason").asText())
                .isEqualTo("refused a bytes message of " + tooLargeBytes.length + " bytes (at most " + MAX_BYTES + ") on payments.orders");
        Pain001Intake.Outcome refusedFile = read(tooLarge);
        assertThat(bundle.app.store().payments().find(refusedFile.accepted().get(0).order().orderId())).isEmpty();
        assertThat(bundle.receiveMessages("payments.status-reports", "JMSCorrelationID = 'ACME-RUN-LARGE-2'", 1, 1_000)).isEmpty();
    }
}
