package org.paymentroutes.sandbox.everifin;

import org.paymentroutes.sandbox.common.RequestJournal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

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
public final class EverifinSandbox implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EverifinSandbox.class.getName());
    private static final int THREADS = 16;
    private static final int BACKLOG = 512;
    /** Larger bodies are refused: no BankConnect request comes near this. */
    private static final int MAX_BODY_BYTES = 1 << 20;

    private final EverifinSandboxSettings settings;
    private final Clock clock;
    private final PaymentStore payments;
    private final ProcessEngine engine;
    private final EverifinFaults faults = new EverifinFaults();
    private final RequestJournal<RecordedRequest> journal = new RequestJournal<>();
    private final IdentityEndpoints identity;
    private final PaymentEndpoints api;
    private final BankPage bankPage;

    private HttpServer server;
    private ExecutorService executor;
    private volatile String baseUrl;
    private volatile int port = -1;

    public EverifinSandbox(EverifinSandboxSettings settings) {
        this(settings, Clock.systemUTC());
    }

    /** With a clock of the test's choosing, to expire tokens without sleeping. */
    EverifinSandbox(EverifinSandboxSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        EverifinTokens tokens = new EverifinTokens(clock, settings.accessTokenLifetime());
        this.payments = new PaymentStore(clock);
        this.engine = new ProcessEngine(settings.pushPollsBeforeConfirm(), this::baseUrl);
        this.identity = new IdentityEndpoints(settings, tokens);
        this.api = new PaymentEndpoints(tokens, payments, engine);
        this.bankPage = new BankPage(payments, engine);
    }

    /** Binds {@code settings.host:settings.port} (port 0 = any free port) and starts answering. */
    public synchronized EverifinSandbox start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("sandbox already started");
        }
        // Without TCP_NODELAY the JDK server's answers wait ~40 ms for a delayed ACK (read once per JVM).
        System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
        HttpServer created = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), BACKLOG);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, daemonThreads());
        created.createContext("/", this::handle);
        created.setExecutor(pool);
        created.start();
        this.server = created;
        this.executor = pool;
        this.port = created.getAddress().getPort();
        this.baseUrl = "http://" + urlHost(settings.host()) + ":" + port;
        LOG.log(System.Logger.Level.INFO, "Everifin sandbox listening on {0} (API {0}/v1, identity {0}/auth/realms/{1})",
                baseUrl, settings.realm());
        return this;
    }

    /** The port actually bound. */
    public int port() {
        requireStarted();
        return port;
    }

    /** e.g. {@code http://127.0.0.1:9091}; the API is under {@code /v1}, the identity server under {@code /auth}. */
    public String baseUrl() {
        requireStarted();
        return baseUrl;
    }

    /** Stops the server at once; requests in flight are dropped. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
            executor = null;
        }
    }

    public EverifinSandboxSettings settings() {
        return settings;
    }

    /** Every request received (the most recent 10,000), oldest first, each with the status answered. */
    public List<RecordedRequest> requests() {
        return journal.snapshot();
    }

    public void clearRequests() {
        journal.clear();
    }

    /** The next {@code count} calls to /v1 answer {@code httpStatus} in the sandbox's error shape (429 and 503 with Retry-After: 1). */
    public void failNext(int count, int httpStatus) {
        faults.failNext(count, httpStatus);
    }

    /** The next {@code count} calls to /v1 wait {@code delay} before answering. */
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

    private void handle(HttpExchange exchange) {
        Instant receivedAt = clock.instant();
        URI uri = exchange.getRequestURI();
        String method = exchange.getRequestMethod();
        Map<String, List<String>> headers = lowerCaseHeaders(exchange);
        byte[] body = new byte[0];
        EverifinResponse response;
        try {
            body = readBody(exchange.getRequestBody());
            if (body == null) {
                body = new byte[0];
                response = EverifinErrors.tooLarge(MAX_BODY_BYTES);
            } else if (uri.getRawPath() == null) {
                response = EverifinErrors.badRequest("BAD_REQUEST", "request target has no path");
            } else {
                response = route(new IncomingRequest(method, uri.getRawPath(), uri.getRawQuery(), headers, body));
            }
        } catch (IOException e) {
            exchange.close(); // the client went away while sending
            return;
        } catch (RuntimeException e) {
            // Never the body in the log: it may carry a payer's (encrypted) credentials or a client secret.
            LOG.log(System.Logger.Level.ERROR, "sandbox failed on " + method + " " + uri.getRawPath(), e);
            response = EverifinErrors.internal("sandbox error: " + e.getClass().getSimpleName());
        }
        // Recorded before answering, so a test that has its answer always finds the request here.
        journal.add(new RecordedRequest(method, uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery(),
                headers, body, response.status(), response.reason(), receivedAt));
        try {
            write(exchange, response);
        } catch (IOException e) {
            // The client gave up (e.g. its timeout fired during delayNext): nothing to answer to.
        } finally {
            exchange.close();
        }
    }

    private EverifinResponse route(IncomingRequest request) {
        String path = request.rawPath();
        if (path.startsWith(PaymentEndpoints.PREFIX)) {
            Duration delay = faults.takeDelay();
            if (!delay.isZero()) {
                sleep(delay);
            }
            int failure = faults.takeFailure();
            if (failure != 0) {
                return EverifinErrors.injected(failure);
            }
            return api.handle(request);
        }
        if (path.startsWith(IdentityEndpoints.PREFIX)) {
            return identity.handle(request);
        }
        if (path.startsWith(BankPage.PREFIX)) {
            return bankPage.handle(request);
        }
        return EverifinErrors.notFound("no such endpoint in the sandbox: " + path);
    }

    private static void write(HttpExchange exchange, EverifinResponse response) throws IOException {
        if (response.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
        }
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        boolean noBody = response.body().length == 0 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }

    /** The exact body bytes, or null when larger than the limit. */
    private static byte[] readBody(InputStream in) throws IOException {
        try (in) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            return body.length > MAX_BODY_BYTES ? null : body;
        }
    }

    private static Map<String, List<String>> lowerCaseHeaders(HttpExchange exchange) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(values));
        headers.replaceAll((name, values) -> List.copyOf(values));
        return Map.copyOf(headers);
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shutting down: answer at once
        }
    }

    /** A wildcard bind address is not something a browser can open: hand out loopback instead. */
    private static String urlHost(String host) {
        if (host.equals("0.0.0.0")) {
            return "127.0.0.1";
        }
        if (host.equals("::") || host.equals("[::]")) {
            return "[::1]";
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private void requireStarted() {
        if (baseUrl == null) {
            throw new IllegalStateException("sandbox not started");
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "everifin-sandbox-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
