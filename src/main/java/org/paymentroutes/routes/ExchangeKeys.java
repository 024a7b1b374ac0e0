package org.paymentroutes.routes;

import org.apache.camel.Exchange;

/**
 * Every exchange property and message header the routes and the beans pass each other, named once.
 * The beans use these constants; the YAML routes cannot, so they spell the same names:
 * {@code routes/intake.camel.yaml}, {@code fintecture-initiation.camel.yaml}, {@code fintecture-lost-answers.camel.yaml},
 * {@code fintecture-status.camel.yaml}, {@code everifin.camel.yaml}, {@code provider-calls.camel.yaml},
 * {@code reconciliation.camel.yaml}, {@code outbox.camel.yaml} and {@code operations.camel.yaml} read or set them
 * ({@code ExchangeKeysTest} fails when a route uses a name that is not declared here).
 * The headers of a provider's HTTP API (Authorization, signature headers, Everifin's sender headers)
 * are the provider's protocol and stay with the bean that builds the request.
 */
public final class ExchangeKeys {

    private ExchangeKeys() {
    }

    // ---- exchange properties: a payment's identity -------------------------------------------------

    /** The order id (the payment's key) the exchange is about; every route logs it. */
    public static final String ORDER_ID = "orderId";
    /** The parsed {@code PaymentOrder}, from intake to the provider's initiation. */
    public static final String ORDER = "order";
    /** The order's provider ({@code fintecture}, {@code everifin}): picks {@code direct:<provider>-initiate} or {@code -check-status}. */
    public static final String PROVIDER = "provider";
    /** The provider's payment id (Fintecture session, Everifin payment) whose status is fetched. */
    public static final String SESSION_ID = "sessionId";
    /** The channel that saw a change, recorded in the history and the outcome: intake, initiation, callback, webhook, reconciliation, process. */
    public static final String SOURCE = "source";

    // ---- intake -----------------------------------------------------------------------------------

    /** The intake's {@code Decision} for the order, which the intake route branches on. */
    public static final String DECISION = "decision";
    /** The {@code Problem}s of an invalid order or of refused Everifin inputs. */
    public static final String PROBLEMS = "problems";
    /** Why an order was refused or parked (text for the rejection and the parked message). */
    public static final String REASON = "reason";
    /** True while this exchange holds the intake claim of the payment (released when the attempt fails). */
    public static final String CLAIMED = "claimed";
    /** The broker's delivery count of the message, kept because the routes clear the JMS headers. */
    public static final String DELIVERY = "delivery";
    /** What the intake of a pain.001 file did (status, counts), for the log line. */
    public static final String FILE_SUMMARY = "fileSummary";
    /**
     * True while a creation call whose answer was lost is being looked up ({@code Decision.LOOKUP}),
     * until the sessions found are cancelled: a failure before then must keep the initiation mark.
     */
    public static final String LOST_ANSWER = "lostAnswer";
    /** The provider's payments (Fintecture session ids) a lookup found for a lost answer, to cancel one by one. */
    public static final String LOST_SESSIONS = "lostSessions";
    /** What the pages of Fintecture's listing read so far found for a lost answer (fintecture.ListingPages). */
    public static final String LISTING_PAGES = "listingPages";
    /** The raw query of the listing's page to read (kept while a try of it fails); absent once the last page is read. */
    public static final String LISTING_NEXT_PAGE = "listingNextPage";
    /**
     * True while a page of the listing is being fetched: a failure there is the listing's to retry
     * (FintectureLostAnswers.pageFailed), not yet the order's failed attempt (FailedAttempts).
     */
    public static final String PAGE_IN_FLIGHT = "listingPageInFlight";

    // ---- provider calls ---------------------------------------------------------------------------

    /** The prepared request (headers and body) of a provider call, kept to repeat it once after a token renewal. */
    public static final String PROVIDER_REQUEST = "providerRequest";
    /** The {@code ProviderAnswer} of the last provider call: answered, refused or unavailable. */
    public static final String ANSWER = "answer";
    /** Set on a circuit breaker's probe call (ProviderProbe): its failure is the circuit's to report, not a payment's. */
    public static final String CIRCUIT_PROBE = "circuitProbe";
    /** Whether a fetched status changed the payment. */
    public static final String CHANGED = "changed";
    /** The payment's status after a Fintecture status fetch, or shown to a payer back from Everifin (a {@code PaymentStatus} name). */
    public static final String STATUS = "status";
    /** What the provider said a payment's status is, when a status fetch got an answer (reconciliation and {@code reconcile} replies). */
    public static final String PROVIDER_STATUS = "providerStatus";
    /** What a status fetch asked the provider ({@code GET /v1/payments/single/123}), for an operator's {@code reconcile} reply. */
    public static final String ASKED = "asked";
    /** The operator's {@code reconcile ORDER_ID} request being answered (a {@code Reconciler.Reply}). */
    public static final String RECONCILE_REPLY = "reconcileReply";
    /** True when a fetched Fintecture payment does not match the order (nothing applied). */
    public static final String SUSPICIOUS = "suspicious";

    // ---- Fintecture callbacks and webhooks --------------------------------------------------------

    /** The callback or webhook names a payment we hold (else nothing is fetched). */
    public static final String KNOWN = "known";
    /** The webhook passed every signature check, and its fields fit the store. */
    public static final String VERIFIED = "verified";
    /** The webhook's request id was already recorded: a replay, not sent to the events queue again. */
    public static final String WEBHOOK_REPLAY = "replay";
    /** The webhook's {@code x-request-id}, recorded against replays. */
    public static final String REQUEST_ID = "requestId";

    // ---- Everifin process loop ----------------------------------------------------------------------

    /** The sequence number of the Everifin process message being handled. */
    public static final String SEQ = "seq";
    /** The process message is stale (the loop moved past it): no call. */
    public static final String STALE = "stale";
    /** The payer's return resumes a waiting Everifin loop (a process message is sent). */
    public static final String RESUME = "resume";
    /** The process call carries the payer's return from the bank: a 4xx to it asks for the current step instead of failing. */
    public static final String PAYER_RETURN = "payerReturn";
    /** The process call is an empty one asking for the current step (after a crash or a refused return): a 4xx to it fails nothing. */
    public static final String RECOVERY = "recovery";
    /** SHA-256 of the token in the payer's Everifin return URL, from the creation request to the store. */
    public static final String RETURN_TOKEN_SHA256 = "returnTokenSha256";
    /** The payer's inputs passed the checks and go to the process loop. */
    public static final String ACCEPTED = "accepted";

    // ---- outbox, reconciliation, report -----------------------------------------------------------

    /** Set by the outbox timer: send only rows left behind (older than the outbox's leftover age), log a failure instead of throwing it. */
    public static final String LEFTOVERS_ONLY = "leftoversOnly";
    /** When the reconciliation run was scheduled to fire. */
    public static final String FIRED_AT = "firedAt";
    /** The counters of the reconciliation run in progress. */
    public static final String RUN = "run";
    /** The day the daily report covers, when not the day before (a {@code LocalDate}). */
    public static final String REPORT_DATE = "date";
    /** Where the daily report's CSV file was written. */
    public static final String REPORT_FILE = "reportFile";

    // ---- operators (routes/operations.camel.yaml) ----------------------------------------------------

    /** True when the operator's command asks providers first (retry, redrive): the route checks each order of the body's list. */
    public static final String OPERATOR_CHECKS = "operatorChecks";
    /** What to ask the provider about one order before an operator's retry or redrive: {@code CHECK}, {@code LOOKUP} or {@code NONE}. */
    public static final String OPERATOR_STEP = "operatorStep";
    /** Why the provider could not be asked about an order (the operator's retry or redrive is then refused). */
    public static final String OPERATOR_UNANSWERED = "operatorUnanswered";
    /** The order of a retry or redrive being checked (an {@code Operations.Task}), kept while the provider's routes use the body. */
    public static final String OPERATOR_TASK = "operatorTask";
    /** An uncertain order that was parked before and moved back from the DLQ by hand: intake asks for its redrive. */
    public static final String MOVED_BACK_BY_HAND = "movedBackByHand";
    /** The operator's command being handled (an {@code OperatorRequest}). */
    public static final String OPERATOR_REQUEST = "operatorRequest";

    // ---- message headers ----------------------------------------------------------------------------

    /** JMS correlation id of a message about one order: the order id. */
    public static final String HEADER_CORRELATION_ID = "JMSCorrelationID";
    /** JMS string property {@code application/json} on what the bundle sends to an ERP. */
    public static final String HEADER_CONTENT_TYPE = "contentType";
    /** JMS string property on an order parked in the DLQ: why. */
    public static final String HEADER_PARKED_REASON = "parkedReason";
    /** JMS string property on an order an operator sent back to work (redrive, retry): who. */
    public static final String HEADER_REDRIVEN_BY = "redrivenBy";
    /** JMS boolean property on a re-published outcome or action. */
    public static final String HEADER_REPLAY = "replay";
    /** The broker's id of a message (the same on a redelivery). */
    public static final String HEADER_MESSAGE_ID = "JMSMessageID";
    /** The broker's delivery count (JMSXDeliveryCount), 1 on the first delivery. */
    public static final String HEADER_DELIVERY_COUNT = "JMSXDeliveryCount";
    /** The broker's redelivery flag. */
    public static final String HEADER_REDELIVERED = "JMSRedelivered";
    /** A provider's HTTP status, set by camel-http. */
    public static final String HEADER_HTTP_RESPONSE_CODE = Exchange.HTTP_RESPONSE_CODE;
    /** A provider's answer header: when to call again (429, 503), read by the circuit breaker (RetryAfter). */
    public static final String HEADER_RETRY_AFTER = "Retry-After";
    /** Path parameter of the Everifin callback: our order id. */
    public static final String HEADER_PAYMENT_ID = "paymentId";
    /** Path parameter of the Everifin callback: the payment's return token. */
    public static final String HEADER_RETURN_TOKEN = "token";
    /** Query parameter of the Fintecture callback: the order id we sent as {@code state}. */
    public static final String HEADER_STATE = "state";
    /** Query parameter of the Fintecture callback: the session id. */
    public static final String HEADER_SESSION_ID = "session_id";
    /** Quartz: when the trigger was scheduled to fire. */
    public static final String HEADER_SCHEDULED_FIRE_TIME = "scheduledFireTime";
}
