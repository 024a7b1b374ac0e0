package org.paymentroutes.sandbox.everifin;

import java.math.BigDecimal;

/**
 * The fields of a created payment, as validated from {@code POST /v1/payments/single}. Absent
 * optional fields are null; amounts are exact decimals.
 */
record PaymentOrder(BigDecimal amount, String currency, String recipientIban, String recipientName,
                    String recipientBankBic, String senderIban, String paymentDate, String variableSymbol,
                    String constantSymbol, String specificSymbol, String reference, String redirectUrl,
                    String paymentMessage) {
}
