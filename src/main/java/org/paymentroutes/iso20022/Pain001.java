package org.paymentroutes.iso20022;

import java.math.BigDecimal;
import java.util.List;

/**
 * What we read of a pain.001 file, schema-checked but not yet business-checked: texts as written
 * (amounts as their decimal text, so the business checks see exactly what the ERP sent).
 */
public record Pain001(Pain001Version version, String msgId, String creDtTm, String nbOfTxs, BigDecimal ctrlSum,
                      List<PaymentInfo> paymentInfos) {

    /** One PmtInf block: one debtor account, one requested date, its transactions. */
    public record PaymentInfo(String pmtInfId, String nbOfTxs, BigDecimal ctrlSum, String requestedDate,
                              String debtorName, String debtorIban, List<Transaction> transactions) {
    }

    /**
     * One CdtTrfTxInf. {@code remittance}: the unstructured remittance lines joined, else the
     * structured creditor reference, else null. {@code creditorIban} is null when the account is
     * not an IBAN (or absent).
     */
    public record Transaction(String instrId, String endToEndId, String amount, String currency, String creditorName,
                              String creditorIban, String remittance) {
    }

    public int transactionCount() {
        return paymentInfos.stream().mapToInt(p -> p.transactions().size()).sum();
    }
}
