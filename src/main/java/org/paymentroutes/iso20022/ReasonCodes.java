package org.paymentroutes.iso20022;

import java.util.Locale;
import java.util.Map;
import org.paymentroutes.order.Problem;
import org.paymentroutes.store.PaymentStatus;

/**
 * ISO 20022 status and reason codes (ExternalStatusReason1Code) for what the bundle knows: an order
 * check that failed, and a payment's status with the provider's reason. The README's tables say the
 * same.
 */
public final class ReasonCodes {

    /** A transaction status for a pain.002: ACSP, ACSC or RJCT, its reason code (RJCT only) and a text (Max105Text). */
    public record TxStatus(String status, String reasonCode, String additionalInfo) {
    }

    /** The providers' failure reasons (Everifin's reasonCode, Fintecture's session or transfer state) and ours. */
    private static final Map<String, String> PROVIDER_REASONS = Map.ofEntries(
            Map.entry("INSUFFICIENT_AMOUNT", "AM04"),          // Everifin: not enough funds
            Map.entry("CANCELED_BY_PAYER_AT_BANK", "CUST"),    // Everifin: the payer cancelled at the bank
            Map.entry("AML_BLOCKED", "RR04"),                  // Everifin: blocked by the bank's AML checks (regulatory)
            Map.entry("REJECTED_BY_BANK", "MS03"),             // Everifin: the bank refused, reason not given
            Map.entry("payment_cancelled", "CUST"),            // Fintecture: cancelled by the payer
            Map.entry("payment_unsuccessful", "MS03"),         // Fintecture: the bank refused
            Map.entry("transfer_cancelled", "CUST"),           // Fintecture: transfer cancelled after authorization
            Map.entry("transfer_rejected", "MS03"));           // Fintecture: transfer rejected after authorization

    private ReasonCodes() {
    }

    /**
     * The report for a payment's status, or null when that status is not reported (RECEIVED,
     * ACTION_REQUIRED, PENDING: the file's ACTC already said the order was taken).
     */
    public static TxStatus forPayment(PaymentStatus status, String providerReason) {
        String reason = providerReason == null ? null : providerReason.strip();
        return switch (status) {
            case AUTHORIZED -> new TxStatus("ACSP", null, null);
            case SETTLED -> new TxStatus("ACSC", null, null);
            // Expired: the payer did not authorize in time (push not confirmed, abandoned, Fintecture's payment_expired).
            case EXPIRED -> new TxStatus("RJCT", "AB05", text("expired: " + (reason == null ? "not authorized in time" : reason)));
            case FAILED, REJECTED -> failed(reason);
            default -> null;
        };
    }

    private static TxStatus failed(String reason) {
        if (reason == null) {
            return new TxStatus("RJCT", "NARR", "failed, no reason given by the provider");
        }
        String code = PROVIDER_REASONS.get(reason);
        if (code == null && reason.toLowerCase(Locale.ROOT).startsWith("http_")) {
            return new TxStatus("RJCT", "NARR", text("the provider refused the payment (" + reason + ")"));
        }
        return code == null ? new TxStatus("RJCT", "NARR", text("provider reason: " + reason))
                : new TxStatus("RJCT", code, text("provider reason: " + reason));
    }

    /** The reason code for an order check that failed, by the field it names. */
    static String forProblem(Problem p) {
        String field = p.field();
        String reason = p.reason();
        if (field.endsWith("iban")) {
            return "AC01";
        }
        if (field.equals("currency")) {
            return "AM03";
        }
        if (field.equals("amount")) {
            return reason.startsWith("must be at most") ? "AM02" : reason.startsWith("must be greater than zero") ? "AM01" : "AM12";
        }
        if (field.startsWith("beneficiary")) {
            return "RR03";
        }
        if (field.startsWith("payer")) {
            return "RR02";
        }
        return "NARR";
    }

    /** A Max105Text. */
    static String text(String s) {
        return s.length() > 105 ? s.substring(0, 102) + "..." : s;
    }
}
