package org.paymentroutes.iso20022;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.paymentroutes.order.OrderParser;

/** The figure in the README: parse, validate and map a 10,000-transaction pain.001.001.09 (printed, not asserted). */
class Pain001BenchmarkTest {

    static byte[] file(int transactions) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.09\"><CstmrCdtTrfInitn><GrpHdr><MsgId>BENCH-1</MsgId><CreDtTm>2026-12-01T09:30:00</CreDtTm><NbOfTxs>")
                .append(transactions).append("</NbOfTxs><InitgPty><Nm>Acme</Nm></InitgPty></GrpHdr>");
        int blocks = 10;
        for (int b = 0; b < blocks; b++) {
            sb.append("<PmtInf><PmtInfId>P").append(b).append("</PmtInfId><PmtMtd>TRF</PmtMtd><ReqdExctnDt><Dt>2026-12-01</Dt></ReqdExctnDt>")
                    .append("<Dbtr><Nm>Acme Industrie GmbH</Nm></Dbtr><DbtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></DbtrAcct>")
                    .append("<DbtrAgt><FinInstnId><BICFI>DEUTDEFFXXX</BICFI></FinInstnId></DbtrAgt>");
            for (int i = 0; i < transactions / blocks; i++) {
                sb.append("<CdtTrfTxInf><PmtId><EndToEndId>E").append(b).append('-').append(i).append("</EndToEndId></PmtId>")
                        .append("<Amt><InstdAmt Ccy=\"EUR\">").append(10 + i % 990).append(".25</InstdAmt></Amt>")
                        .append("<Cdtr><Nm>Supplier ").append(i).append("</Nm></Cdtr><CdtrAcct><Id><IBAN>DE44500105175407324931</IBAN></Id></CdtrAcct>")
                        .append("<RmtInf><Ustrd>Invoice ").append(b).append('/').append(i).append("</Ustrd></RmtInf></CdtTrfTxInf>");
            }
            sb.append("</PmtInf>");
        }
        return sb.append("</CstmrCdtTrfInitn></Document>").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void tenThousandTransactions() throws Exception {
        byte[] xml = file(10_000);
        OfficialSchemas.validate("pain.001.001.09", new String(xml, StandardCharsets.UTF_8));
        Pain001Intake intake = new Pain001Intake(Iso20022Config.defaults("fintecture"), new OrderParser());
        intake.read(file(100), Pain001IntakeTest.TODAY); // warm-up
        long start = System.nanoTime();
        Pain001Intake.Outcome out = intake.read(xml, Pain001IntakeTest.TODAY);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(out.accepted()).hasSize(10_000);
        System.out.printf("pain.001 benchmark: %d transactions, %d bytes, parsed + validated + mapped to orders in %d ms%n",
                out.accepted().size(), xml.length, ms);
    }
}
