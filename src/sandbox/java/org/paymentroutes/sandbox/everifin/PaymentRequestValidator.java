package org.paymentroutes.sandbox.everifin;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks a create-payment body field by field, as Everifin's "Create Single Payment" page
 * documents it, and lists every problem (not only the first), each naming its field.
 *
 * <p>Stricter than strictly documented, on purpose: unknown fields are refused (a misspelt
 * optional field such as {@code variablesymbol} would otherwise vanish silently), amounts may
 * carry at most two decimals, and IBANs must be in electronic form. Limits the page does not
 * give (recipientName at most 140 characters) are the sandbox's own.
 */
final class PaymentRequestValidator {

    static final BigDecimal MIN_AMOUNT = new BigDecimal("0.01");
    static final BigDecimal MAX_AMOUNT = new BigDecimal("9999999999");
    private static final Set<String> FIELDS = Set.of("amount", "currency", "recipientIban", "recipientName",
            "recipientBankBic", "senderIban", "paymentDate", "variableSymbol", "constantSymbol", "specificSymbol",
            "reference", "redirectUrl", "paymentMessage");

    /** Either an order or the problems found. */
    record Result(PaymentOrder order, List<EverifinErrors.FieldProblem> problems) {
        boolean valid() {
            return problems.isEmpty();
        }
    }

    private final List<EverifinErrors.FieldProblem> problems = new ArrayList<>();
    private final JsonNode body;

    private PaymentRequestValidator(JsonNode body) {
        this.body = body;
    }

    static Result validate(JsonNode body) {
        return new PaymentRequestValidator(body).run();
    }

    private Result run() {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                problem(name, "unknown field");
            }
        }
        BigDecimal amount = amount();
        String currency = text("currency", true, 3);
        if (currency != null && !currency.matches("[A-Z]{3}")) {
            problem("currency", "must be a 3-letter ISO 4217 code in upper case");
        }
        String recipientIban = iban("recipientIban", true);
        String recipientName = text("recipientName", false, 140);
        String bic = text("recipientBankBic", false, 11);
        if (bic != null && !bic.matches("[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?")) {
            problem("recipientBankBic", "must be a BIC of 8 or 11 characters");
        }
        String senderIban = iban("senderIban", false);
        String paymentDate = paymentDate();
        String variableSymbol = symbol("variableSymbol", 10);
        String constantSymbol = symbol("constantSymbol", 4);
        String specificSymbol = symbol("specificSymbol", 10);
        String reference = text("reference", false, 35);
        if (reference != null && (variableSymbol != null || constantSymbol != null || specificSymbol != null
                || present("variableSymbol") || present("constantSymbol") || present("specificSymbol"))) {
            problem("reference", "must not be combined with variableSymbol, constantSymbol or specificSymbol");
        }
        String redirectUrl = text("redirectUrl", true, 2048);
        if (redirectUrl != null && !IdentityEndpoints.isAbsoluteHttpUrl(redirectUrl)) {
            problem("redirectUrl", "must be an absolute http(s) URL");
        }
        String paymentMessage = text("paymentMessage", false, 140);
        if (!problems.isEmpty()) {
            return new Result(null, List.copyOf(problems));
        }
        return new Result(new PaymentOrder(amount, currency, recipientIban, recipientName, bic, senderIban, paymentDate,
                variableSymbol, constantSymbol, specificSymbol, reference, redirectUrl, paymentMessage), List.of());
    }

    private BigDecimal amount() {
        JsonNode node = body.get("amount");
        if (node == null || node.isNull()) {
            problem("amount", "is required");
            return null;
        }
        BigDecimal amount;
        if (node.isNumber()) {
            amount = node.decimalValue();
        } else if (node.isTextual() && node.asText().length() <= 32 && node.asText().matches("[0-9]+(\\.[0-9]+)?")) {
            amount = new BigDecimal(node.asText());
        } else {
            problem("amount", "must be a number or a decimal string such as \"273.00\"");
            return null;
        }
        if (amount.stripTrailingZeros().scale() > 2) {
            problem("amount", "must have at most 2 decimals");
            return null;
        }
        if (amount.compareTo(MIN_AMOUNT) < 0 || amount.compareTo(MAX_AMOUNT) > 0) {
            problem("amount", "must be between 0.01 and 9999999999");
            return null;
        }
        return amount.setScale(2);
    }

    private String iban(String field, boolean required) {
        String value = text(field, required, 34);
        if (value == null) {
            return null;
        }
        String problem = Iban.problem(value);
        if (problem != null) {
            problem(field, problem);
            return null;
        }
        return value;
    }

    private String paymentDate() {
        String value = text("paymentDate", false, 40);
        if (value == null) {
            return null;
        }
        try {
            LocalDate.parse(value);
            return value;
        } catch (DateTimeParseException notADate) {
            try {
                OffsetDateTime.parse(value);
                return value;
            } catch (DateTimeParseException notADateTime) {
                problem("paymentDate", "must be an ISO 8601 date (2026-11-22) or date-time");
                return null;
            }
        }
    }

    /** A payment symbol: digits only, at most maxDigits; a JSON integer is accepted as its digits. */
    private String symbol(String field, int maxDigits) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        String value = node.isTextual() ? node.asText() : node.isIntegralNumber() && node.asLong() >= 0 ? node.asText() : null;
        if (value == null || !value.matches("[0-9]{1," + maxDigits + "}")) {
            problem(field, "must be 1 to " + maxDigits + " digits");
            return null;
        }
        return value;
    }

    /** A string field; null when absent (with a problem if required) or invalid. */
    private String text(String field, boolean required, int maxLength) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                problem(field, "is required");
            }
            return null;
        }
        if (!node.isTextual()) {
            problem(field, "must be a string");
            return null;
        }
        String value = node.asText();
        if (value.isBlank()) {
            problem(field, required ? "is required" : "must not be blank");
            return null;
        }
        if (value.length() > maxLength) {
            problem(field, "must be at most " + maxLength + " characters");
            return null;
        }
        return value;
    }

    private boolean present(String field) {
        JsonNode node = body.get(field);
        return node != null && !node.isNull();
    }

    private void problem(String field, String message) {
        problems.add(new EverifinErrors.FieldProblem(field, message));
    }
}
