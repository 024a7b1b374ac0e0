package org.paymentroutes.order;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;

/**
 * A validated payment order, as an ERP sent it (see docs/architecture.md#payment-orders). Amounts are exact; optional
 * parts are null when absent. {@code endToEndId}: the ERP's end-to-end id (ISO 20022 orders; optional in JSON). Built only by {@link OrderParser}, so every instance is valid.
 */
public record PaymentOrder(
        String orderId,
        String provider,
        BigDecimal amount,
        String currency,
        String communication,
        String redirectUri,
        Payer payer,
        Beneficiary beneficiary,
        // Left out of the canonical JSON when absent, so a JSON order's hash (its idempotency check) is unchanged.
        @JsonInclude(JsonInclude.Include.NON_NULL) String endToEndId) {

    /** The amount as the decimal string we send and publish: the currency's minor digits, e.g. "273.00". */
    public String amountText() {
        return amount.toPlainString();
    }

    /** {@code iban}: the account the payer pays from, when the ERP knows it (Everifin's senderIban). */
    public record Payer(String name, String company, String email, String phone, String incorporation,
                        Address address, String ip, String userAgent, String iban) {
    }

    public record Address(String street, String number, String complement, String zip, String city, String country) {
    }

    public record Beneficiary(String name, String iban) {
    }
}
