package org.paymentroutes.sandbox.fintecture;

import org.paymentroutes.sandbox.common.AccessTokens;

import org.paymentroutes.sandbox.common.Faults;
import org.paymentroutes.sandbox.common.HttpSandbox;
import org.paymentroutes.sandbox.common.IncomingRequest;
import org.paymentroutes.sandbox.common.SandboxResponse;
import org.paymentroutes.sandbox.common.SandboxServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A faithful stand-in for Fintecture's PIS API, so that the demo and the tests run with no
 * provider. It checks what the real gateway checks (Basic credentials, bearer tokens, Date,
 * X-Request-ID, Digest and the rsa-sha256 signature over the raw request) so that a bug in the
 * bundle's client is caught here rather than in production.
 *
 * <pre>{@code
 * try (FintectureSandbox sandbox = new FintectureSandbox(SandboxSettings.demo().withPort(0)).start()) {
 *     String base = sandbox.baseUrl();   // point the Fintecture client at it
 * }
 * }</pre>
 *
 * With {@link SandboxSettings#withWebhookUrl} it also sends Fintecture's webhooks (signed the
 * provider's way) on every status or transfer-state change, and has hooks to send them late,
 * twice, out of order, forged or not at all. With {@link SandboxSettings#withScriptedOutcomes}
 * a session ends by itself according to its amount's cents ({@link ScriptedOutcomes}).
 *
 * This class holds the HTTP server and the routing; the endpoints and state live in the package's
 * other classes. Thread-safe.
 */
public final class FintectureSandbox extends HttpSandbox {

    /** The one defect a {@link #sendForgedWebhook forged webhook} has; everything else about it is correct. */
    public enum Forgery {
        /** The body was changed on the way (amount + 1): Digest and Signature are those of the original body. */
        BODY_CHANGED,
        /** The Digest header is not that of the body sent (the Signature covers the Digest header as sent). */
        BAD_DIGEST,
        /** The signature decrypts cleanly with the merchant's key, but to another webhook's signing string. */
        BAD_SIGNATURE,
        /** The Signature's keyId is not the app id. */
        WRONG_KEY_ID,
        /** The Date (signed, as sent) is an hour beyond the sandbox's date tolerance in the past. */
        STALE_DATE
    }

    private static final Logger LOG = LoggerFactory.getLogger(FintectureSandbox.class);
    private static final String TOKEN_PATH = "/oauth/accesstoken";

    private final SandboxSettings settings;
    private final SandboxPayments payments;
    private final Faults faults = new Faults();
    private final Faults tokenFaults = new Faults();
    private final LostConnectAnswers lostAnswers = new LostConnectAnswers();
    /** Set while a creation call whose answer will be lost runs: its payer never sees the URL. */
    private final ThreadLocal<Boolean> answerLost = ThreadLocal.withInitial(() -> false);
    private final AccessTokens tokens;
    private final TokenEndpoint tokenEndpoint;
    private final PisEndpoints pisEndpoints;
    private final ConnectPage connectPage;
    private final SandboxScheduler scheduler = new SandboxScheduler();
    private final PaymentWebhooks webhooks;
    private final ScriptedOutcomes scriptedOutcomes;

    public FintectureSandbox(SandboxSettings settings) {
        this(settings, Clock.systemUTC());
    }

    /** With a clock of the test's choosing, to expire tokens or age dates without sleeping. */
    FintectureSandbox(SandboxSettings settings, Clock clock) {
        super("fintecture-sandbox", settings.host(), settings.port(), clock, FintectureErrors.SHELL);
        this.settings = settings;
        this.tokens = new AccessTokens(clock, settings.tokenLifetime());
        this.payments = new SandboxPayments(clock, new SandboxPayments.Listener() {
            @Override
            public void created(SandboxPayment payment) {
                onCreated(payment);
            }

            @Override
            public void changed(SandboxPayment payment) {
                onChanged(payment);
            }
        });
        this.webhooks = new PaymentWebhooks(settings.webhookUrl() == null ? null
                : new WebhookSender(URI.create(settings.webhookUrl()),
                        new WebhookSigner(settings.appId(), settings.merchantPublicKey(), settings.dateTolerance(), clock),
                        scheduler, settings.webhookRetryBase(), clock));
        this.scriptedOutcomes = settings.scriptedOutcomes()
                ? new ScriptedOutcomes(payments, scheduler, settings.scriptedOutcomeDelay()) : null;
        // The public key is parsed once (in the settings), never per request.
        SandboxSignatureVerifier verifier = settings.merchantPublicKey() == null ? null
                : new SandboxSignatureVerifier(settings.appId(), settings.merchantPublicKey(), settings.dateTolerance(), clock);
        this.tokenEndpoint = new TokenEndpoint(settings, tokens);
        this.pisEndpoints = new PisEndpoints(settings, tokens, verifier, payments, this::baseUrl);
        this.connectPage = new ConnectPage(payments, settings.appId());
    }

    /** Binds {@code settings.host:settings.port} (port 0 = any free port) and starts answering. */
    public synchronized FintectureSandbox start() throws IOException {
        String url = server.start();
        scheduler.start();
        LOG.info("Fintecture sandbox listening on {} (signatures {}, webhooks {}, scripted outcomes {})",
                url, settings.requireSignatures() ? "required" : "optional",
                settings.webhookUrl() == null ? "off" : "on", settings.scriptedOutcomes() ? "on" : "off");
        return this;
    }

    /** Stops the server at once; requests in flight, pending webhook retries and scripted outcomes are dropped. */
    @Override
    public synchronized void close() {
        scheduler.stop();
        super.close();
    }

    public SandboxSettings settings() {
        return settings;
    }

    /** Sessions created in total. */
    public int sessionsCreated() {
        return payments.created();
    }

    /** Sessions created with this {@code state} query value (an order id sent twice shows as 2). */
    public int sessionsForState(String state) {
        return payments.createdForState(state);
    }

    /**
     * Sessions with this {@code state} a payer could pay, or has paid: all but the cancelled, refused
     * and expired ones. More than one for an order is a second payable session.
     */
    public int payableSessionsForState(String state) {
        return payments.payableForState(state);
    }

    /** Sessions with this {@code state} that were cancelled ({@code PATCH}, the bundle's lookup of a lost answer). */
    public int cancelledSessionsForState(String state) {
        return payments.cancelledForState(state);
    }

    /**
     * The next {@code count} session creation calls ({@code POST /pis/v2/connect}) create their
     * session, then hold the answer for {@code delay}: set it past the client's response timeout and
     * the answer is lost, while the session exists (the listing shows it). No scripted outcome
     * ends such a session: its payer never saw the URL.
     */
    public void loseNextConnectAnswers(int count, Duration delay) {
        lostAnswers.next(count, delay);
    }

    /**
     * The next {@code count} session creation calls are lost on their way: no session is created,
     * and after {@code delay} the call is answered 504 (set it past the client's response timeout).
     */
    public void loseNextConnectRequests(int count, Duration delay) {
        lostAnswers.nextRequests(count, delay);
    }

    /** Items per page of the payment listing ({@code GET /pis/v2/payments}; 500 unless set): more give {@code links.next}. */
    public void listingPageSize(int size) {
        pisEndpoints.pageSize(size);
    }

    /** Chaos: from now on {@code share} of the session creation calls lose their answer that way (0 turns it off). */
    public void loseConnectAnswers(double share, Duration delay, long seed) {
        lostAnswers.chaos(share, delay, seed);
    }

    /** The ids of the sessions created with this {@code state} (what an operator would find in Fintecture's console). */
    public List<String> sessionIdsForState(String state) {
        return payments.sessionIdsForState(state);
    }

    /** The next {@code count} calls to /pis/v2/* answer {@code httpStatus} in Fintecture's error shape (429 and 503 with Retry-After: 1). */
    public void failNext(int count, int httpStatus) {
        faults.failNext(count, httpStatus);
    }

    /**
     * Chaos: from now on {@code rate} of the /pis/v2/* calls fail at random (500, 503, 429, a slow
     * answer of {@code slow}, or a lost request answered 504 after {@code timeout}); 0 turns it off.
     */
    public void chaos(double rate, Duration slow, Duration timeout, long seed) {
        faults.chaos(rate, slow, timeout, seed);
    }

    /** The next {@code count} access-token requests answer {@code httpStatus} (the authorization server is down). */
    /** An outage of the whole API (token endpoint included): 503 for {@code duration}, then back by itself. */
    public void downFor(Duration duration) {
        faults.downFor(duration);
        tokenFaults.downFor(duration);
    }

    /** True while an outage asked with {@link #downFor} lasts. */
    public boolean down() {
        return faults.down();
    }

    public void failTokenRequestsNext(int count, int httpStatus) {
        tokenFaults.failNext(count, httpStatus);
    }

    /** Every access token issued so far becomes unknown: the next PIS call with one is answered 401. */
    public void revokeTokens() {
        tokens.revokeAll();
    }

    /** The next {@code count} calls to /pis/v2/* wait {@code delay} before answering. */
    public void delayNext(int count, Duration delay) {
        faults.delayNext(count, delay);
    }

    public Optional<SandboxPayment> payment(String sessionId) {
        return payments.get(sessionId);
    }

    /** The money of an accepted payment arrives: transfer_state pending becomes completed. */
    public void settle(String sessionId) {
        payments.settle(sessionId);
    }

    /** A session whose payer never decided expires: status payment_expired. */
    public void expire(String sessionId) {
        payments.expire(sessionId);
    }

    /** Answers the payer's choice as the connect page's buttons would (for tests with no browser). */
    public Optional<SandboxPayment> decide(String sessionId, boolean accept) {
        return payments.decide(sessionId, accept);
    }

    // ---------------------------------------------------------------- webhooks

    /**
     * Every webhook delivery attempt (the most recent 10,000), in the order they completed. Empty
     * when no webhook URL is configured.
     */
    public List<WebhookDelivery> webhookDeliveries() {
        return webhooks.deliveries();
    }

    public void clearWebhookDeliveries() {
        webhooks.clearDeliveries();
    }

    /**
     * Sends the session's last webhook again, as a provider may: same body, same X-Request-ID
     * (Date and signature are fresh, as on any retry). A receiver must not act on it twice.
     *
     * @throws IllegalStateException when no webhook URL is configured or none was sent for the session yet
     */
    public void sendWebhookAgain(String sessionId) {
        webhooks.again(sessionId);
    }

    /**
     * Sends a webhook with a status the session had earlier (or, if it never had it, e.g.
     * {@code payment_pending}, that status with no transfer_state), as if delivered out of order.
     * It is a correctly signed webhook with a new X-Request-ID; a receiver must not let it move the
     * payment backwards.
     *
     * @throws IllegalArgumentException for an unknown session
     * @throws IllegalStateException    when no webhook URL is configured
     */
    public void sendStaleWebhook(String sessionId, String status) {
        List<SandboxPayment> history = payments.history(sessionId);
        if (history.isEmpty()) {
            throw new IllegalArgumentException("unknown session " + sessionId);
        }
        webhooks.stale(history, status);
    }

    /**
     * Sends, once (never retried), a webhook claiming {@code status} with exactly the defect
     * {@code kind}; a receiver must refuse it (401) and change nothing.
     *
     * @throws IllegalArgumentException for an unknown session
     * @throws IllegalStateException    when no webhook URL is configured
     */
    public void sendForgedWebhook(String sessionId, String status, Forgery kind) {
        SandboxPayment current = payments.get(sessionId)
                .orElseThrow(() -> new IllegalArgumentException("unknown session " + sessionId));
        webhooks.forged(current, status, Objects.requireNonNull(kind, "kind"));
    }

    /**
     * While true, webhook attempts (first tries and retries) wait instead of leaving, so that a
     * test can let the payer's redirect arrive first. {@code false} releases the waiting ones.
     */
    public void holdWebhooks(boolean hold) {
        webhooks.hold(hold);
    }

    /** Sends the webhooks held so far, in order; later ones are still held while {@link #holdWebhooks} is on. */
    public void releaseWebhooks() {
        webhooks.release();
    }

    /**
     * While true, webhooks are lost: never sent, never retried (journaled with error
     * {@code "dropped"}), as when the provider's notification goes astray; for reconciliation tests.
     */
    public void dropWebhooks(boolean drop) {
        webhooks.drop(drop);
    }

    // ---------------------------------------------------------------- HTTP

    // Called by the payments once the change is stored; both only schedule work, never block.
    private void onCreated(SandboxPayment payment) {
        // A session whose answer is lost never reached a payer: no scripted payer acts on it.
        if (scriptedOutcomes != null && !answerLost.get()) {
            scriptedOutcomes.created(payment);
        }
    }

    private void onChanged(SandboxPayment payment) {
        webhooks.changed(payment);
    }

    @Override
    protected SandboxResponse route(IncomingRequest request) {
        String path = request.rawPath();
        if (path.startsWith(PisEndpoints.PREFIX)) {
            SandboxResponse fault = faults.apply(FintectureErrors::injected);
            if (fault != null) {
                return fault;
            }
            Duration lost = PisEndpoints.CONNECT.equals(path) ? lostAnswers.takeRequest() : null;
            if (lost != null) {
                SandboxServer.sleep(lost);
                return FintectureErrors.injected(504);
            }
            Duration hold = PisEndpoints.CONNECT.equals(path) ? lostAnswers.take() : Duration.ZERO;
            SandboxResponse answer;
            answerLost.set(!hold.isZero());
            try {
                answer = pisEndpoints.handle(request);
            } finally {
                answerLost.remove();
            }
            if (answer.status() == 200) {
                SandboxServer.sleep(hold);
            }
            return answer;
        }
        if (TOKEN_PATH.equals(path)) {
            SandboxResponse fault = tokenFaults.apply(FintectureErrors::injected);
            return fault != null ? fault : tokenEndpoint.handle(request);
        }
        if (path.startsWith(ConnectPage.PREFIX)) {
            return connectPage.handle(request);
        }
        return FintectureErrors.notFound("not_found", "no such endpoint in the sandbox: " + path);
    }
}
