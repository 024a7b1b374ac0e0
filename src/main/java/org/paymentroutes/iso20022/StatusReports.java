package org.paymentroutes.iso20022;

import java.time.OffsetDateTime;
import org.paymentroutes.store.FileTransaction;
import org.paymentroutes.store.Payment;

/**
 * The pain.002 reports the bundle publishes on the status-reports queue: the report on a file, and
 * the store's {@link org.paymentroutes.store.StatusReportFormat} for each status change of a payment
 * from a file. Each report's MsgId is derived from what it reports ({@link OrderIds#reportId}).
 */
public final class StatusReports {

    private StatusReports() {
    }

    /** The report on a file (ACTC, PART, RJCT); {@code body}: the file, naming the report when its header could not be read. */
    public static String file(Pain001Intake.Outcome outcome, byte[] body, OffsetDateTime at) {
        String id = outcome.file() != null ? OrderIds.reportId("file", outcome.file().msgId())
                : OrderIds.reportId("unread", java.util.HexFormat.of().formatHex(sha256(body)));
        return Pain002Writer.fileReport(new Pain002Writer.Header(id, at), outcome);
    }

    /** The report on a payment's current status, or null when that status is not reported (see {@link ReasonCodes#forPayment}). */
    public static String transaction(Payment payment, FileTransaction row) {
        ReasonCodes.TxStatus status = ReasonCodes.forPayment(payment.status(), payment.reasonCode());
        if (status == null) {
            return null;
        }
        Pain001Version version = Pain001Version.byMessageId(row.version())
                .orElseThrow(() -> new IllegalStateException("unknown pain.001 version " + row.version()));
        TransactionRef ref = new TransactionRef(version, row.msgId(), row.pmtInfId(), row.instrId(), row.endToEndId());
        return Pain002Writer.transactionReport(new Pain002Writer.Header(OrderIds.reportId(payment.orderId(), status.status()),
                payment.updatedAt()), ref, status);
    }

    private static byte[] sha256(byte[] body) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(body);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the store keeps of a transaction's identifiers. */
    public static FileTransaction row(TransactionRef ref) {
        return new FileTransaction(ref.version().messageId(), ref.msgId(), ref.pmtInfId(), ref.instrId(), ref.endToEndId());
    }
}
