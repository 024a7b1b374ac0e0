package org.paymentroutes.iso20022;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.CsvSource;
import java.util.stream.Stream;
import org.paymentroutes.store.PaymentStatus;

class Pain002WriterTest {

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @CsvSource(nullValues = "-", value = {
        "AUTHORIZED, -, ACSP, -",
        "SETTLED, -, ACSC, -",
        "FAILED, INSUFFICIENT_AMOUNT, RJCT, AM04",
        "FAILED, CANCELED_BY_PAYER_AT_BANK, RJCT, CUST",
        "FAILED, AML_BLOCKED, RJCT, RR04",
        "FAILED, REJECTED_BY_BANK, RJCT, MS03",
        "FAILED, OTHER, RJCT, NARR",
        "FAILED, payment_cancelled, RJCT, CUST",
        "FAILED, payment_unsuccessful, RJCT, MS03",
        "FAILED, transfer_rejected, RJCT, MS03",
        "FAILED, http_422, RJCT, NARR",
        "FAILED, -, RJCT, NARR",
        "EXPIRED, push_not_confirmed, RJCT, AB05",
        "EXPIRED, abandoned, RJCT, AB05",
        "EXPIRED, payment_expired, RJCT, AB05",
        "REJECTED, -, RJCT, NARR"})
    void statusesMapToIsoCodes(PaymentStatus status, String providerReason, String isoStatus, String reason) {
        ReasonCodes.TxStatus s = ReasonCodes.forPayment(status, providerReason);
        assertThat(s.status()).isEqualTo(isoStatus);
        assertThat(s.reasonCode()).isEqualTo(reason);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = PaymentStatus.class, names = {"RECEIVED", "ACTION_REQUIRED", "PENDING"})
    void inProgressStatusesAreNotReported(PaymentStatus status) {
        assertThat(ReasonCodes.forPayment(status, null)).isNull();
    }

    static Stream<Arguments> reports() {
        return Stream.of(PaymentStatus.AUTHORIZED, PaymentStatus.SETTLED, PaymentStatus.FAILED, PaymentStatus.EXPIRED)
                .flatMap(s -> Stream.of(Pain001Version.values()).map(v -> Arguments.of(v, s)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("reports")
    void transactionReportsAreValidAndNameTheOriginal(Pain001Version v, PaymentStatus status) throws Exception {
        TransactionRef ref = new TransactionRef(v, "MSG-<&>-1", "PMT-1", null, "E2E-1");
        String xml = Pain002Writer.transactionReport(Pain001IntakeTest.HEADER, ref,
                ReasonCodes.forPayment(status, "x".repeat(200)));
        OfficialSchemas.validate(v.reportMessageId(), xml);
        assertThat(xml).contains("<OrgnlMsgId>MSG-&lt;&amp;&gt;-1</OrgnlMsgId>", "<OrgnlMsgNmId>" + v.messageId() + "</OrgnlMsgNmId>",
                "<OrgnlPmtInfId>PMT-1</OrgnlPmtInfId>", "<OrgnlEndToEndId>E2E-1</OrgnlEndToEndId>", "xmlns=\"" + v.reportNamespace() + "\"");
    }
}
