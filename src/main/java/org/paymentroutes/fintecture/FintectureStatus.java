package org.paymentroutes.fintecture;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.paymentroutes.store.PaymentStatus;

/**
 * Fintecture's payment statuses mapped to ours (docs/fintecture.md#payment-statuses). The session status
 * ({@code meta.status}) says whether the bank accepted the payment; once it has, the transfer state
 * ({@code data.attributes.transfer_state}, or {@code meta.has_settlement_completed}) says whether the
 * money moved. An unknown value maps to nothing: the caller keeps it in the history and reports it.
 */
public final class FintectureStatus {

    private static final Map<String, PaymentStatus> SESSION = Map.ofEntries(
            Map.entry("session_initiated", PaymentStatus.ACTION_REQUIRED),
            Map.entry("provider_required", PaymentStatus.ACTION_REQUIRED),
            Map.entry("sca_required", PaymentStatus.ACTION_REQUIRED),
            Map.entry("iban_required", PaymentStatus.ACTION_REQUIRED),
            Map.entry("iban_received", PaymentStatus.ACTION_REQUIRED),
            Map.entry("payment_pending", PaymentStatus.PENDING),
            Map.entry("payment_waiting", PaymentStatus.PENDING),
            Map.entry("payment_unknown", PaymentStatus.PENDING),
            Map.entry("payment_partial", PaymentStatus.PENDING),
            Map.entry("payment_error", PaymentStatus.PENDING),
            Map.entry("order_created", PaymentStatus.PENDING),
            Map.entry("payment_created", PaymentStatus.AUTHORIZED),
            Map.entry("payment_cancelled", PaymentStatus.FAILED),
            Map.entry("payment_unsuccessful", PaymentStatus.FAILED),
            Map.entry("payment_expired", PaymentStatus.EXPIRED));

    private static final Set<String> TRANSFER_SETTLED = Set.of("received", "completed", "sent", "overpaid");
    private static final Set<String> TRANSFER_FAILED = Set.of("cancelled", "rejected");
    private static final Set<String> TRANSFER_OPEN = Set.of("initiated", "pending", "processing", "authorized", "accepted",
            "insufficient", "blocked", "multi-signature");

    private FintectureStatus() {
    }

    /**
     * Our status, the provider status to report beside it, and the reason code of a failure.
     * {@code status} is null when a value is unknown ({@code unknown} then names it).
     */
    public record Mapped(PaymentStatus status, String providerStatus, String reasonCode, String unknown, boolean needsOperator) {
    }

    public static Mapped map(String sessionStatus, String transferState, boolean settlementCompleted) {
        String session = sessionStatus == null ? null : sessionStatus.toLowerCase(Locale.ROOT);
        PaymentStatus base = session == null ? null : SESSION.get(session);
        if (base == null) {
            return new Mapped(null, sessionStatus, null, "meta.status=" + sessionStatus, true);
        }
        if (base != PaymentStatus.AUTHORIZED) {
            return new Mapped(base, session, base == PaymentStatus.FAILED || base == PaymentStatus.EXPIRED ? session : null, null, false);
        }
        String transfer = transferState == null ? null : transferState.toLowerCase(Locale.ROOT);
        if (transfer != null && TRANSFER_SETTLED.contains(transfer)) {
            // overpaid: the money arrived, and more of it than asked: settled, but an operator must look.
            return new Mapped(PaymentStatus.SETTLED, transfer, null, null, "overpaid".equals(transfer));
        }
        if (transfer != null && TRANSFER_FAILED.contains(transfer)) {
            // The bank accepted the payment, then the transfer failed: report it, never hide it.
            return new Mapped(PaymentStatus.FAILED, transfer, "transfer_" + transfer, null, true);
        }
        if (settlementCompleted) {
            return new Mapped(PaymentStatus.SETTLED, session, null, null, false);
        }
        if (transfer != null && !TRANSFER_OPEN.contains(transfer)) {
            return new Mapped(PaymentStatus.AUTHORIZED, session, null, "transfer_state=" + transferState, true);
        }
        return new Mapped(PaymentStatus.AUTHORIZED, session, null, null, false);
    }
}
