package org.paymentroutes.sandbox.everifin;

import org.paymentroutes.sandbox.common.Faults;
import org.paymentroutes.sandbox.common.HttpSandbox;
import org.paymentroutes.sandbox.common.IncomingRequest;
import org.paymentroutes.sandbox.common.SandboxResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A faithful stand-in for Everifin's BankConnect API, so that the demo and the tests run with no
 * provider: the identity server (authorization code, refresh and client-credentials tokens), the
 * payment API (create, status, process) with bank-specific step sequences ({@link BankProfiles}),
 * RSAES-OAEP/SHA-256 encrypted inputs, and the payer's bank page for REDIRECT steps. It checks
 * what the real API checks (bearer tokens, payer headers, the inputs each step asked for,
 * encryption, the bank's return parameters), so a bug in the bundle's client fails here first.
 *
 * <pre>{@code
 * try (EverifinSandbox sandbox = new EverifinSandbox(EverifinSandboxSettings.demo().withPort(0)).start()) {
 *     String api = sandbox.baseUrl() + "/v1";     // BankConnect API
 *     String auth = sandbox.baseUrl() + "/auth";  // identity server: /auth/realms/everifin_app/protocol/openid-connect/...
 * }
 * }</pre>
 *
 * This class holds the HTTP server and the routing; endpoints and state live in the package's
 * other classes. Thread-safe.
 */
public final class EverifinSandbox extends HttpSandbox {

    private static final Logger LOG = LoggerFactory.getLogger(EverifinSandbox.class);

    private final EverifinSandboxSettings settings;
    private final PaymentStore payments;
    private final ProcessEngine engine;
    private final Faults faults = new Faults();
    private final IdentityEndpoints identity;
    private final PaymentEndpoints api;
    private final BankPage bankPage;

    public EverifinSandbox(EverifinSandboxSettings settings) {
        this(settings, Clock.systemUTC());
    }

    /** With a clock of the test's choosing, to expire tokens without sleeping. */
    EverifinSandbox(EverifinSandboxSettings settings, Clock clock) {
        super("everifin-sandbox", settings.host(), settings.port(), clock, EverifinErrors.SHELL);
        this.settings = settings;
        EverifinTokens tokens = new EverifinTokens(clock, settings.accessTokenLifetime());
        this.payments = new PaymentStore(clock);
        this.engine = new ProcessEngine(settings.pushPollsBeforeConfirm(), this::baseUrl);
        this.identity = new IdentityEndpoints(settings, tokens);
        this.api = new PaymentEndpoints(tokens, payments, engine);
        this.bankPage = new BankPage(payments, engine);
    }

    /** Binds {@code settings.host:settings.port} (port 0 = any free port) and starts answering. */
    public synchronized EverifinSandbox start() throws IOException {
        String url = server.start();
        LOG.info("Everifin sandbox listening on {} (API {}/v1, identity {}/auth/realms/{})", url, url, url, settings.realm());
        return this;
    }

    // baseUrl(): the API is under /v1, the identity server under /auth.

    public EverifinSandboxSettings settings() {
        return settings;
    }

    /** The next {@code count} calls to /v1 answer {@code httpStatus} in the sandbox's error shape (429 and 503 with Retry-After: 1). */
    public void failNext(int count, int httpStatus) {
        faults.failNext(count, httpStatus);
    }

    /** The next {@code count} calls to /v1 wait {@code delay} before answering. */
    /** An outage of the payment API: 503 for {@code duration}, then back by itself. */
    public void downFor(Duration duration) {
        faults.downFor(duration);
    }

    public void delayNext(int count, Duration delay) {
        faults.delayNext(count, delay);
    }

    public Optional<EverifinPayment> payment(long id) {
        return payments.get(id).map(PaymentState::snapshot);
    }

    /** Payments created in total. */
    public int paymentsCreated() {
        return payments.created();
    }

    /**
     * The payer confirms the PUSH notification in the "mobile app": the next process call moves on.
     *
     * @throws IllegalArgumentException for an unknown payment
     * @throws IllegalStateException    when the payment is not waiting at a PUSH step
     */
    public void confirmPush(long id) {
        engine.confirmPush(payments.require(id));
    }

    /**
     * Settlement in the sending bank: CONFIRMED becomes BOOKED.
     *
     * @throws IllegalStateException when the payment is not CONFIRMED
     */
    public void book(long id) {
        engine.book(payments.require(id));
    }

    /**
     * What the payer's browser does on the bank page when it clicks Approve: returns the URL the
     * bank redirects back to (the payment's redirectUrl with {@code code} and {@code state}).
     *
     * @throws IllegalStateException when the payment is not waiting at a REDIRECT step
     */
    public String approveRedirect(long id) {
        return engine.bankDecision(payments.require(id), true);
    }

    /** Cancel on the bank page: returns the redirectUrl with {@code error=access_denied} and {@code state}. */
    public String cancelRedirect(long id) {
        return engine.bankDecision(payments.require(id), false);
    }

    // ---------------------------------------------------------------- HTTP

    @Override
    protected SandboxResponse route(IncomingRequest request) {
        String path = request.rawPath();
        if (path.startsWith(PaymentEndpoints.PREFIX)) {
            SandboxResponse fault = faults.apply(EverifinErrors::injected);
            return fault != null ? fault : api.handle(request);
        }
        if (path.startsWith(IdentityEndpoints.PREFIX)) {
            return identity.handle(request);
        }
        if (path.startsWith(BankPage.PREFIX)) {
            return bankPage.handle(request);
        }
        return EverifinErrors.notFound("no such endpoint in the sandbox: " + path);
    }
}
