package org.paymentroutes.fintecture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.paymentroutes.provider.ProviderUnavailableException;
import org.paymentroutes.routes.ExchangeKeys;
import org.paymentroutes.store.Payment;
import org.paymentroutes.store.PaymentStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session creation call that got no answer, settled by asking Fintecture instead of parking the
 * order (routes/fintecture-lost-answers.camel.yaml; docs/fintecture.md, "Lost answers"): the
 * payments listed around the call are matched to the order, those still waiting for a payer are
 * cancelled (their Connect URL never reached anyone), and then one new session is created as usual.
 * Whatever cannot be settled fails the exchange: the broker redelivers, and intake parks the order
 * once {@code payments.fintecture.lookup-attempts} lookups could not tell.
 */
public final class FintectureLostAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(FintectureLostAnswers.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] CANCEL = "{\"meta\":{\"status\":\"payment_cancelled\"}}".getBytes(StandardCharsets.UTF_8);
    /** How far before our mark a session may be stamped by Fintecture's clock. */
    static final Duration CLOCK_SLACK = Duration.ofMinutes(5);

    private final PaymentStore store;
    private final Duration settle;
    private final URI baseUrl;
    private final int maxPages;
    private final Clock clock;

    /**
     * @param settle   how long after the lost call started a lookup is trusted: a call still on its way
     *                 to Fintecture could create its session after an earlier lookup found none
     * @param baseUrl  Fintecture's base URL: a listing's {@code links.next} is followed only there
     * @param maxPages pages of the listing one lookup reads at most; a listing with more cannot tell
     */
    public FintectureLostAnswers(PaymentStore store, Duration settle, String baseUrl, int maxPages, Clock clock) {
        this.store = store;
        this.settle = settle;
        this.baseUrl = URI.create(baseUrl);
        this.maxPages = maxPages;
        this.clock = clock;
    }

    /** Counts the lookup about to be made, or fails the exchange (uncounted) while the lost call may still arrive. */
    public void begin(Exchange exchange) {
        String orderId = orderId(exchange);
        OffsetDateTime started = started(orderId);
        OffsetDateTime trusted = started.plus(settle);
        if (now().isBefore(trusted)) {
            throw new ProviderUnavailableException("lost answer of order " + orderId + ": not looked up before " + trusted
                    + " (the lost call could still reach Fintecture)");
        }
        store.payments().countLookup(orderId);
    }

    /** A listing of the days around the lost call (Fintecture's date filters are by day): its first page comes next. */
    public void startListing(Exchange exchange) {
        String orderId = orderId(exchange);
        Payment payment = store.payments().find(orderId).orElseThrow(() -> new IllegalStateException("no payment " + orderId));
        OffsetDateTime from = started(orderId).minus(CLOCK_SLACK).withOffsetSameInstant(ZoneOffset.UTC);
        exchange.setProperty(ExchangeKeys.LISTING_PAGES, new ListingPages(payment, from));
        exchange.setProperty(ExchangeKeys.LISTING_NEXT_PAGE, QueryEncoding.encode("filter[date][from]") + "=" + from.toLocalDate()
                + "&" + QueryEncoding.encode("filter[date][to]") + "=" + now().toLocalDate());
    }

    /**
     * {@code GET /pis/v2/payments?<the query of the page to read>}. That page stays the one to read
     * until it is read ({@link #listed}): a failed try asks for it again.
     */
    public void prepareListingPage(Exchange exchange) {
        Message in = exchange.getIn();
        in.setHeader(Exchange.HTTP_METHOD, "GET");
        in.setHeader(Exchange.HTTP_PATH, LostSessionMatcher.LISTING_PATH);
        in.setHeader(Exchange.HTTP_RAW_QUERY, exchange.getProperty(ExchangeKeys.LISTING_NEXT_PAGE, String.class));
        exchange.setProperty(ExchangeKeys.PAGE_IN_FLIGHT, true);
        in.setHeader("Accept", "application/json");
        in.removeHeader(Exchange.CONTENT_TYPE);
        in.setBody(null);
    }

    /**
     * A 2xx page: what it says about the order is added up, and its {@code links.next}, if any, is
     * the page to read next (on Fintecture's own listing only, and {@code maxPages} at most).
     */
    public void listed(Exchange exchange) {
        exchange.removeProperty(ExchangeKeys.PAGE_IN_FLIGHT);
        String orderId = orderId(exchange);
        ListingPages pages = exchange.getProperty(ExchangeKeys.LISTING_PAGES, ListingPages.class);
        exchange.removeProperty(ExchangeKeys.LISTING_NEXT_PAGE);
        try {
            JsonNode listing = JSON.readTree(exchange.getIn().getBody(byte[].class));
            LostSessionMatcher.Found page = LostSessionMatcher.match(listing, pages.payment(), pages.from());
            pages.add(page); // and the next page starts with no failed try
            if (page.next() != null) {
                if (pages.pages() >= maxPages) {
                    throw new LostSessionMatcher.CannotTell("the listing has more than " + maxPages
                            + " pages (payments.fintecture.lookup-max-pages)");
                }
                exchange.setProperty(ExchangeKeys.LISTING_NEXT_PAGE, LostSessionMatcher.nextPageQuery(page.next(), baseUrl));
            }
        } catch (LostSessionMatcher.CannotTell e) {
            throw new ProviderUnavailableException("lost answer of order " + orderId + ": Fintecture's listing cannot tell (" + e.getMessage() + ")");
        } catch (java.io.IOException | RuntimeException e) {
            throw new ProviderUnavailableException("lost answer of order " + orderId + ": unreadable listing");
        }
    }

    /** The whole listing read: the order's sessions still waiting for a payer go to {@link ExchangeKeys#LOST_SESSIONS}. */
    public void found(Exchange exchange) {
        exchange.setProperty(ExchangeKeys.LOST_SESSIONS, waiting(exchange));
    }

    /**
     * For an operator's redrive: the one session still waiting for a payer goes to
     * {@link ExchangeKeys#SESSION_ID} (none: left empty); more than one is for the operator to choose
     * ({@code resolve --session}), so it fails as "cannot tell".
     */
    public void held(Exchange exchange) {
        List<String> waiting = waiting(exchange);
        if (waiting.size() > 1) {
            throw new ProviderUnavailableException("order " + orderId(exchange) + ": Fintecture lists " + waiting.size()
                    + " sessions waiting for a payer; choose one with resolve --session");
        }
        exchange.setProperty(ExchangeKeys.SESSION_ID, waiting.isEmpty() ? null : waiting.get(0));
    }

    /** The order's sessions in the listing that still wait for a payer and belong to no other payment; noted in the history. */
    private List<String> waiting(Exchange exchange) {
        String orderId = orderId(exchange);
        ListingPages found = exchange.getProperty(ExchangeKeys.LISTING_PAGES, ListingPages.class);
        // A session stored on another payment is that payment's, whatever the listing says.
        List<String> ours = found.payable().stream().distinct()
                .filter(id -> store.payments().findByProviderId("fintecture", id).isEmpty()).toList();
        String detail = "lost answer: Fintecture lists " + (ours.isEmpty() ? "no session waiting for a payer" : ours.size()
                + " session(s) waiting for a payer: " + String.join(", ", ours)) + (found.notes().isEmpty() ? "" : "; " + String.join("; ", found.notes()))
                + (found.pages() > 1 ? " (" + found.pages() + " pages read)" : "");
        store.history().note(orderId, "initiation", detail);
        LOG.info("Order {}: {}", orderId, detail);
        return ours;
    }

    /** {@code PATCH /pis/v2/payments/{id}} cancelling the lost session at index {@code CamelLoopIndex}. */
    public void prepareCancel(Exchange exchange) {
        String sessionId = lostSession(exchange);
        Message in = exchange.getIn();
        in.setHeader(Exchange.HTTP_METHOD, "PATCH");
        in.setHeader(Exchange.HTTP_PATH, "/pis/v2/payments/" + QueryEncoding.encode(sessionId));
        in.removeHeader(Exchange.HTTP_RAW_QUERY);
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        in.setHeader("Accept", "application/json");
        in.setBody(CANCEL);
    }

    public void cancelled(Exchange exchange) {
        String orderId = orderId(exchange);
        String sessionId = lostSession(exchange);
        store.history().note(orderId, "initiation", "lost answer: session " + sessionId
                + " cancelled at Fintecture (payment_cancelled; its Connect URL never reached the payer)");
        LOG.info("Order {}: lost session {} cancelled at Fintecture", orderId, sessionId);
    }

    /** Every session found is cancelled: the lost call is settled, and a failure from here on may clear the mark. */
    public void settled(Exchange exchange) {
        exchange.setProperty(ExchangeKeys.LOST_ANSWER, false);
    }

    /**
     * A page of the listing answered with an error, or not at all: the same page is asked again, up
     * to {@link #PAGE_TRIES} tries; then the lookup fails as {@link #callFailed} (or with the error).
     */
    public void pageFailed(Exchange exchange) throws Exception {
        exchange.removeProperty(ExchangeKeys.PAGE_IN_FLIGHT);
        ListingPages pages = exchange.getProperty(ExchangeKeys.LISTING_PAGES, ListingPages.class);
        Exception error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (pages.failedTry() < PAGE_TRIES) {
            LOG.info("Order {}: page {} of Fintecture's listing failed ({}); asking again", orderId(exchange), pages.pages() + 1,
                    error != null ? error.getClass().getSimpleName() : "HTTP " + exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE));
            return; // the page to read is still this one
        }
        if (error != null) {
            throw error;
        }
        callFailed(exchange);
    }

    /** Tries of one page of the listing, the first included. */
    static final int PAGE_TRIES = 3;

    /** A listing or cancel answered with an error: Fintecture cannot tell now; the broker redelivers (the lookup counted). */
    public void callFailed(Exchange exchange) {
        int status = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        ProviderError error = ProviderError.parse(status, exchange.getIn().getBody(byte[].class));
        throw new ProviderUnavailableException("lost answer of order " + orderId(exchange) + ": Fintecture answered "
                + error.describe());
    }

    private OffsetDateTime started(String orderId) {
        return store.payments().initiationStartedAt(orderId)
                .orElseThrow(() -> new IllegalStateException("order " + orderId + " has no creation call of unknown fate"));
    }

    @SuppressWarnings("unchecked")
    private static String lostSession(Exchange exchange) {
        List<String> sessions = exchange.getProperty(ExchangeKeys.LOST_SESSIONS, List.class);
        return sessions.get(exchange.getProperty(Exchange.LOOP_INDEX, Integer.class));
    }

    private static String orderId(Exchange exchange) {
        return exchange.getProperty(ExchangeKeys.ORDER_ID, String.class);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
