package org.paymentroutes.fintecture;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.paymentroutes.store.Payment;
import org.paymentroutes.store.PaymentStatus;

/**
 * Reads Fintecture's payment listing ({@code GET /pis/v2/payments}) for the sessions a creation call
 * whose answer was lost may have created for one order: the rules are in docs/fintecture.md, "Lost
 * answers". Pure: what is done with the sessions found is {@link FintectureLostAnswers}' business.
 */
final class LostSessionMatcher {

    /** What the listing says about the order. */
    record Found(List<String> payable, List<String> notes) {
    }

    /** The listing cannot settle the question (more pages, a session that moved on, an unreadable item). */
    static final class CannotTell extends RuntimeException {
        CannotTell(String message) {
            super(message);
        }
    }

    private LostSessionMatcher() {
    }

    /**
     * The order's sessions in the listing: those still waiting for a payer (to cancel) and notes on the
     * dead ones (cancelled, expired, refused). An item matches on exact amount (numerically),
     * currency and communication, on {@code state} when the item carries one, and on a creation time
     * not before {@code from} when it carries one.
     */
    static Found match(JsonNode listing, Payment payment, OffsetDateTime from) {
        JsonNode next = listing.path("links").path("next");
        if (!next.isMissingNode() && !next.isNull() && !next.asText().isEmpty()) {
            // The order's session could be on a page not read: the answer is not complete.
            throw new CannotTell("the listing has more pages than one (links.next)");
        }
        JsonNode data = listing.get("data");
        if (data == null || !data.isArray()) {
            throw new CannotTell("the listing has no data array");
        }
        List<String> payable = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (JsonNode item : data) {
            if (!matches(item, payment, from)) {
                continue;
            }
            String id = sessionId(item);
            if (id == null) {
                throw new CannotTell("a matching payment in the listing has no id");
            }
            String status = firstText(item, "status");
            PaymentStatus mapped = status == null ? null : FintectureStatus.map(status, null, false).status();
            if (status == null || mapped == PaymentStatus.ACTION_REQUIRED) {
                // No status given: cancelling is the safe side (its Connect URL never reached a payer).
                payable.add(id);
            } else if (mapped == PaymentStatus.FAILED || mapped == PaymentStatus.EXPIRED) {
                notes.add("session " + id + " is " + status);
            } else {
                // Nobody had its URL, yet it moved on: not for the bundle to decide.
                throw new CannotTell("session " + id + " of the order is " + status + " (needs an operator)");
            }
        }
        return new Found(List.copyOf(payable), List.copyOf(notes));
    }

    static boolean matches(JsonNode item, Payment payment, OffsetDateTime from) {
        JsonNode attributes = item.path("attributes");
        String amount = text(attributes, "amount");
        try {
            if (amount == null || new BigDecimal(amount).compareTo(payment.amount()) != 0) {
                return false;
            }
        } catch (NumberFormatException e) {
            return false;
        }
        if (!payment.currency().equalsIgnoreCase(String.valueOf(text(attributes, "currency")))
                || !payment.communication().equals(text(attributes, "communication"))) {
            return false;
        }
        String state = firstText(item, "state");
        if (state != null && !state.equals(payment.orderId())) {
            return false;
        }
        String created = firstText(item, "created_at");
        if (created != null) {
            try {
                return !OffsetDateTime.parse(created).isBefore(from);
            } catch (DateTimeParseException e) {
                throw new CannotTell("a matching payment's created_at is not a date-time: " + created);
            }
        }
        return true;
    }

    /** {@code id}, else {@code meta.session_id}. */
    private static String sessionId(JsonNode item) {
        String id = text(item, "id");
        return id != null ? id : text(item.path("meta"), "session_id");
    }

    /** The field from the item's attributes, else from its meta (the listing's shape is not documented field by field). */
    private static String firstText(JsonNode item, String field) {
        String v = text(item.path("attributes"), field);
        return v != null ? v : text(item.path("meta"), field);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }
}
