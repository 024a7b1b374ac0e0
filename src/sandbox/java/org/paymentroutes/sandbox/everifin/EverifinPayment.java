package org.paymentroutes.sandbox.everifin;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A snapshot of one payment held by the sandbox, for tests and the demo. It never holds a value
 * the payer entered in a sensitive input (those are checked and wiped at once).
 *
 * @param id           the payment id Everifin hands out (an integer)
 * @param status       CREATED, SEEN, PROCESSING, CONFIRMED, BOOKED or FAILED
 * @param reasonCode   with FAILED: CANCELED_BY_PAYER_AT_BANK, INSUFFICIENT_AMOUNT, AML_BLOCKED,
 *                     REJECTED_BY_BANK or OTHER; null otherwise
 * @param profile      the bank profile (see {@link BankProfiles}), e.g. {@code credentials-otp}
 * @param stepIndex    index of the current step in the profile (of the last one once final)
 * @param stepType     the current step's answer type (REDIRECT, PUSH, INPUT, NEXT); null once final
 * @param amount       the amount, two decimals
 * @param senderIban   the account paid from: as created, or as the payer selected it; may be null
 * @param redirectUrl  where the bank page sends the payer back
 * @param processCalls how many process (PATCH) calls on this payment were answered 200
 */
public record EverifinPayment(long id, String status, String reasonCode, String profile, int stepIndex,
                              String stepType, BigDecimal amount, String currency, String recipientIban,
                              String senderIban, String redirectUrl, int processCalls, Instant createdAt) {

    public static final String CREATED = "CREATED";
    public static final String SEEN = "SEEN";
    public static final String PROCESSING = "PROCESSING";
    public static final String CONFIRMED = "CONFIRMED";
    public static final String BOOKED = "BOOKED";
    public static final String FAILED = "FAILED";

    public static final String CANCELED_BY_PAYER_AT_BANK = "CANCELED_BY_PAYER_AT_BANK";
    public static final String INSUFFICIENT_AMOUNT = "INSUFFICIENT_AMOUNT";
    public static final String AML_BLOCKED = "AML_BLOCKED";
    public static final String REJECTED_BY_BANK = "REJECTED_BY_BANK";
    public static final String OTHER = "OTHER";

    /** CONFIRMED, BOOKED and FAILED are final: processing is over (CONFIRMED may still become BOOKED). */
    public boolean isFinal() {
        return isFinal(status);
    }

    static boolean isFinal(String status) {
        return CONFIRMED.equals(status) || BOOKED.equals(status) || FAILED.equals(status);
    }
}
