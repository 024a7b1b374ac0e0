package org.paymentroutes.fintecture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.paymentroutes.store.PaymentStatus;

/** Every status docs/fintecture.md#payment-statuses lists, and unknown ones. */
class FintectureStatusTest {

    @ParameterizedTest(name = "{0} / {1} / settled={2} -> {3} ({4})")
    @CsvSource(nullValues = "-", value = {
            "session_initiated, -, false, ACTION_REQUIRED, session_initiated",
            "provider_required, -, false, ACTION_REQUIRED, provider_required",
            "sca_required, -, false, ACTION_REQUIRED, sca_required",
            "iban_required, -, false, ACTION_REQUIRED, iban_required",
            "iban_received, -, false, ACTION_REQUIRED, iban_received",
            "payment_pending, -, false, PENDING, payment_pending",
            "payment_waiting, -, false, PENDING, payment_waiting",
            "payment_unknown, -, false, PENDING, payment_unknown",
            "payment_partial, -, false, PENDING, payment_partial",
            "payment_error, -, false, PENDING, payment_error",
            "order_created, -, false, PENDING, order_created",
            "payment_created, -, false, AUTHORIZED, payment_created",
            "payment_created, pending, false, AUTHORIZED, payment_created",
            "payment_created, multi-signature, false, AUTHORIZED, payment_created",
            "payment_created, pending, true, SETTLED, payment_created",
            "payment_created, received, false, SETTLED, received",
            "payment_created, completed, false, SETTLED, completed",
            "payment_created, sent, false, SETTLED, sent",
            "payment_created, overpaid, false, SETTLED, overpaid",
            "payment_created, rejected, false, FAILED, rejected",
            "payment_created, cancelled, false, FAILED, cancelled",
            "payment_cancelled, -, false, FAILED, payment_cancelled",
            "payment_unsuccessful, -, false, FAILED, payment_unsuccessful",
            "payment_expired, -, false, EXPIRED, payment_expired"})
    void mapsEveryDocumentedStatus(String session, String transfer, boolean settled, PaymentStatus status, String providerStatus) {
        FintectureStatus.Mapped m = FintectureStatus.map(session, transfer, settled);
        assertThat(m.status()).isEqualTo(status);
        assertThat(m.providerStatus()).isEqualTo(providerStatus);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {"payment_teleported, -", "-, -"})
    void unknownSessionStatusesAreKeptForAnOperator(String session, String transfer) {
        FintectureStatus.Mapped m = FintectureStatus.map(session, transfer, false);
        assertThat(m.status()).isNull();
        assertThat(m.unknown()).contains("meta.status=" + session);
        assertThat(m.needsOperator()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"payment_created, teleported"})
    void anUnknownTransferStateKeepsTheAuthorizationAndIsReported(String session, String transfer) {
        FintectureStatus.Mapped m = FintectureStatus.map(session, transfer, false);
        assertThat(m.status()).isEqualTo(PaymentStatus.AUTHORIZED);
        assertThat(m.unknown()).isEqualTo("transfer_state=teleported");
        assertThat(m.needsOperator()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"rejected, transfer_rejected", "cancelled, transfer_cancelled"})
    void aFailedTransferAfterAuthorizationCarriesAReason(String transfer, String reason) {
        assertThat(FintectureStatus.map("payment_created", transfer, false).reasonCode()).isEqualTo(reason);
    }
}
