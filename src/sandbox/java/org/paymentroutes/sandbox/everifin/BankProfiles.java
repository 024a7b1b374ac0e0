package org.paymentroutes.sandbox.everifin;

import static org.paymentroutes.sandbox.everifin.EverifinPayment.AML_BLOCKED;
import static org.paymentroutes.sandbox.everifin.EverifinPayment.CANCELED_BY_PAYER_AT_BANK;
import static org.paymentroutes.sandbox.everifin.EverifinPayment.CONFIRMED;
import static org.paymentroutes.sandbox.everifin.EverifinPayment.INSUFFICIENT_AMOUNT;
import static org.paymentroutes.sandbox.everifin.EverifinPayment.OTHER;
import static org.paymentroutes.sandbox.everifin.EverifinPayment.PROCESSING;
import static org.paymentroutes.sandbox.everifin.EverifinPayment.REJECTED_BY_BANK;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.paymentroutes.sandbox.everifin.InputCheck.Outcome;

/**
 * The sandbox's banks: which processing flow a payment gets, chosen when it is created from the
 * bank code of its {@code senderIban} (a Slovak IBAN {@code SKkk BBBB ...}: characters 5 to 8).
 * A payment with no senderIban, a non-Slovak one or an unknown bank code gets
 * {@value #DEFAULT_PROFILE}. Everifin says the order of steps is bank-specific: these flows are
 * deliberately different so that a client that assumes one order fails here, not in production.
 *
 * <table>
 * <caption>Bank code → profile → steps (each arrow is one process call answered)</caption>
 * <tr><th>code</th><th>profile</th><th>steps</th></tr>
 * <tr><td>1100</td><td>redirect-only</td><td>REDIRECT → (payer returns: code, state) → NEXT CONFIRMED</td></tr>
 * <tr><td>0900</td><td>redirect-push</td><td>REDIRECT → (return) → PUSH (repeated until the app confirms) → NEXT CONFIRMED</td></tr>
 * <tr><td>0200</td><td>credentials-otp</td><td>INPUT [userId TEXT, userPassword PASSWORD] encrypted → INPUT otp TEXT encrypted
 *     (a wrong otp is asked once more, then FAILED OTHER) → NEXT PROCESSING → NEXT CONFIRMED; wrong credentials: FAILED REJECTED_BY_BANK</td></tr>
 * <tr><td>7500</td><td>iban-select</td><td>INPUT senderIban SELECT (the payer's accounts) → NEXT PROCESSING → NEXT CONFIRMED</td></tr>
 * <tr><td>5600</td><td>image-scan</td><td>INPUT [scanConfirmation IMAGE_SCAN, consent BOOLEAN] → NEXT CONFIRMED; consent false: FAILED CANCELED_BY_PAYER_AT_BANK</td></tr>
 * <tr><td>8330</td><td>fail-canceled</td><td>REDIRECT → (return) → FAILED CANCELED_BY_PAYER_AT_BANK</td></tr>
 * <tr><td>3100</td><td>fail-insufficient</td><td>FAILED INSUFFICIENT_AMOUNT on the first process call</td></tr>
 * <tr><td>6500</td><td>fail-aml</td><td>REDIRECT → (return) → NEXT PROCESSING → FAILED AML_BLOCKED</td></tr>
 * <tr><td>1111</td><td>fail-rejected</td><td>REDIRECT → (return) → FAILED REJECTED_BY_BANK</td></tr>
 * <tr><td>0720</td><td>fail-other</td><td>NEXT PROCESSING → FAILED OTHER</td></tr>
 * <tr><td>8360</td><td>push-late</td><td>PUSH, which the payer confirms {@link #LATE_PUSH} after it was issued (polled or
 *     not: a GET then shows it) → NEXT CONFIRMED; longer than a test bundle's push horizon, set small</td></tr>
 * <tr><td>8370</td><td>push-never</td><td>PUSH, never confirmed (PROCESSING for ever, unless {@link EverifinSandbox#confirmPush})</td></tr>
 * </table>
 * In every REDIRECT, Cancel on the bank page makes the next process call FAILED
 * CANCELED_BY_PAYER_AT_BANK. {@link #exampleSenderIban(String)} gives a valid IBAN for each profile.
 */
public final class BankProfiles {

    public static final String DEFAULT_PROFILE = "redirect-only";

    private static final Step REDIRECT = new Step.Redirect();
    private static final Step PUSH = new Step.Push();
    /** When the push-late profile's payer confirms, after the PUSH step was issued. */
    public static final java.time.Duration LATE_PUSH = java.time.Duration.ofSeconds(6);

    private static final Step TO_PROCESSING = new Step.Next(PROCESSING);
    private static final Step TO_CONFIRMED = new Step.Next(CONFIRMED);

    /** Bank login: both values encrypted; a wrong login is the bank's refusal. */
    private static final Step CREDENTIALS = new Step.Input(
            List.of(InputField.text("userId"), InputField.password("userPassword")),
            Set.of("userId", "userPassword"),
            (answers, payment) -> {
                // Both compared, whatever the first gives, so that timing does not tell which was wrong.
                boolean user = answers.secretEquals("userId", EverifinSandboxSettings.DEMO_USER_ID);
                boolean password = answers.secretEquals("userPassword", EverifinSandboxSettings.DEMO_USER_PASSWORD);
                return user & password ? Outcome.accept() : Outcome.fail(REJECTED_BY_BANK);
            });

    private static final Step OTP = new Step.Input(List.of(InputField.text("otp")), Set.of("otp"),
            (answers, payment) -> answers.secretEquals("otp", EverifinSandboxSettings.DEMO_OTP)
                    ? Outcome.accept() : Outcome.retryOnceThenFail(OTHER));

    /** The payer picks the account to pay from; the choice becomes the payment's senderIban. */
    private static final Step SELECT_ACCOUNT = new Step.Input(
            List.of(InputField.select("senderIban", BankProfiles::accountsOf)), Set.of(),
            (answers, payment) -> {
                payment.selectSenderIban(answers.text("senderIban"));
                return Outcome.accept();
            });

    private static final Step SCAN_AND_CONSENT = new Step.Input(
            List.of(InputField.imageScan("scanConfirmation"), InputField.bool("consent")), Set.of(),
            (answers, payment) -> answers.bool("consent") ? Outcome.accept() : Outcome.fail(CANCELED_BY_PAYER_AT_BANK));

    private static final Map<String, BankProfile> BY_CODE = index(List.of(
            new BankProfile("1100", "redirect-only", List.of(REDIRECT, TO_CONFIRMED)),
            new BankProfile("0900", "redirect-push", List.of(REDIRECT, PUSH, TO_CONFIRMED)),
            new BankProfile("0200", "credentials-otp", List.of(CREDENTIALS, OTP, TO_PROCESSING, TO_CONFIRMED)),
            new BankProfile("7500", "iban-select", List.of(SELECT_ACCOUNT, TO_PROCESSING, TO_CONFIRMED)),
            new BankProfile("5600", "image-scan", List.of(SCAN_AND_CONSENT, TO_CONFIRMED)),
            new BankProfile("8330", "fail-canceled", List.of(REDIRECT, new Step.Fail(CANCELED_BY_PAYER_AT_BANK))),
            new BankProfile("3100", "fail-insufficient", List.of(new Step.Fail(INSUFFICIENT_AMOUNT))),
            new BankProfile("6500", "fail-aml", List.of(REDIRECT, TO_PROCESSING, new Step.Fail(AML_BLOCKED))),
            new BankProfile("1111", "fail-rejected", List.of(REDIRECT, new Step.Fail(REJECTED_BY_BANK))),
            new BankProfile("0720", "fail-other", List.of(TO_PROCESSING, new Step.Fail(OTHER))),
            new BankProfile("8360", "push-late", List.of(new Step.Push(LATE_PUSH, false), TO_CONFIRMED)),
            new BankProfile("8370", "push-never", List.of(new Step.Push(null, true), TO_CONFIRMED))));

    private BankProfiles() {
    }

    /** The profile names, in table order. */
    public static List<String> names() {
        return BY_CODE.values().stream().map(BankProfile::name).toList();
    }

    /** Profile name → bank code, in table order. */
    public static Map<String, String> bankCodes() {
        Map<String, String> codes = new LinkedHashMap<>();
        BY_CODE.values().forEach(profile -> codes.put(profile.name(), profile.bankCode()));
        return codes;
    }

    /** The profile a payment from this senderIban gets (null or unknown: {@value #DEFAULT_PROFILE}). */
    public static String profileFor(String senderIban) {
        return forSenderIban(senderIban).name();
    }

    /** A valid Slovak IBAN whose bank code selects {@code profile}, e.g. for the demo's orders. */
    public static String exampleSenderIban(String profile) {
        return BY_CODE.values().stream().filter(p -> p.name().equals(profile)).findFirst()
                .map(p -> Iban.of("SK", p.bankCode() + "000000" + "0123456789"))
                .orElseThrow(() -> new IllegalArgumentException("no such profile: " + profile + "; known: " + names()));
    }

    static BankProfile forSenderIban(String senderIban) {
        String code = Iban.slovakBankCode(senderIban);
        BankProfile profile = code == null ? null : BY_CODE.get(code);
        return profile != null ? profile : BY_CODE.get("1100");
    }

    /** The payer's accounts at the iban-select bank: the senderIban given at creation, and a savings account. */
    static List<InputField.SelectOption> accountsOf(PaymentState payment) {
        String current = payment.order().senderIban() != null ? payment.order().senderIban()
                : Iban.of("SK", "7500" + "000000" + "0123456789");
        return List.of(new InputField.SelectOption("Current account", current),
                new InputField.SelectOption("Savings account", Iban.of("SK", "7500" + "000000" + "4000123456")));
    }

    private static Map<String, BankProfile> index(List<BankProfile> profiles) {
        Map<String, BankProfile> byCode = new LinkedHashMap<>();
        for (BankProfile profile : profiles) {
            if (byCode.put(profile.bankCode(), profile) != null) {
                throw new IllegalStateException("bank code " + profile.bankCode() + " used twice");
            }
        }
        return byCode;
    }
}
