package org.paymentroutes.fintecture;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
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

    /** What one page of the listing says about the order, and its {@code links.next} (null on the last page). */
    record Found(List<String> payable, List<String> notes, String next) {
    }

    /** The listing cannot settle the question (a session that moved on, an unreadable item, a next page not to follow). */
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
        String next = text(listing.path("links"), "next");
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
        return new Found(List.copyOf(payable), List.copyOf(notes), next == null || next.isEmpty() ? null : next);
    }

    /**
     * The raw query of the page {@code next} ({@code links.next}) names, if it is one to follow: the
     * listing on Fintecture's own origin ({@code base}: scheme, host and port) and path. Anything
     * else is never called with our token and signature: the listing then cannot tell.
     */
    static String nextPageQuery(String next, URI base) {
        URI uri;
        try {
            uri = new URI(next);
        } catch (URISyntaxException e) {
            throw new CannotTell("links.next is not a URL");
        }
        String basePath = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        boolean sameOrigin = uri.isAbsolute()
                ? uri.getScheme().equalsIgnoreCase(base.getScheme()) && base.getHost() != null && base.getHost().equalsIgnoreCase(uri.getHost())
                        && port(uri) == port(base) && uri.getRawUserInfo() == null
                : uri.getRawAuthority() == null;
        if (!sameOrigin || !(basePath + LISTING_PATH).equals(uri.getRawPath())) {
            throw new CannotTell("links.next leaves Fintecture's listing; not followed");
        }
        String query = uri.getRawQuery();
        if (query == null || query.length() > MAX_QUERY) {
            throw new CannotTell("links.next has " + (query == null ? "no query" : "a query over " + MAX_QUERY + " characters"));
        }
        return query;
    }

    /** The listing's path under the base URL. */
    static final String LISTING_PATH = "/pis/v2/payments";
    private static final int MAX_QUERY = 2048;

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
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
