package org.paymentroutes.store;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** One payment as the store holds it. */
public record Payment(
        String orderId,
        String provider,
        PaymentStatus status,
        String providerStatus,
        String providerPaymentId,
        String reasonCode,
        BigDecimal amount,
        String currency,
        String communication,
        String orderHash,
        String actionUrl,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        int version) {

    /** The amount with the currency's minor digits, as published ("273.00"). */
    public String amountText() {
        int digits = Math.max(java.util.Currency.getInstance(currency).getDefaultFractionDigits(), 0);
        return amount.setScale(digits, java.math.RoundingMode.UNNECESSARY).toPlainString();
    }
}
