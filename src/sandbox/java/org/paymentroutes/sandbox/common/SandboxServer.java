package org.paymentroutes.sandbox.common;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP shell every sandbox runs in: binds, reads each request (bounded), hands it to the
 * provider's {@link Router}, records it in the journal and writes the answer. The provider keeps
 * only its routing, endpoints and error shape ({@link Errors}). Thread-safe.
 */
public final class SandboxServer implements AutoCloseable {

    /** The provider's side: which endpoint answers a request. */
    @FunctionalInterface
    public interface Router {
        SandboxResponse route(IncomingRequest request);
    }

    /**
     * The answers the shell itself gives, in the provider's error shape.
     *
     * @param tooLarge a body over the limit (given in bytes)
     * @param noPath   a request target with no path
     * @param internal the sandbox itself failed (given a message naming the exception type, never the body)
     */
    public record Errors(IntFunction<SandboxResponse> tooLarge, Supplier<SandboxResponse> noPath,
                         Function<String, SandboxResponse> internal) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(SandboxServer.class);
    private static final int THREADS = 16;
    private static final int BACKLOG = 512;
    /** Larger bodies are refused: no real provider request comes near this. */
    public static final int MAX_BODY_BYTES = 1 << 20;

    private final String name;
    private final String host;
    private final int requestedPort;
    private final Clock clock;
    private final Router router;
    private final Errors errors;
    private final RequestJournal<RecordedRequest> journal = new RequestJournal<>();

    private HttpServer server;
    private ExecutorService executor;
    private volatile String baseUrl;
    private volatile int port = -1;

    /** @param name names the threads and the log lines, e.g. {@code fintecture-sandbox} */
    public SandboxServer(String name, String host, int port, Clock clock, Router router, Errors errors) {
        checkAddress(host, port);
        this.name = name;
        this.host = host;
        this.requestedPort = port;
        this.clock = clock;
        this.router = router;
        this.errors = errors;
    }

    /** What every sandbox's settings check about where it listens. */
    public static void checkAddress(String host, int port) {
        if (host == null) {
            throw new NullPointerException("host");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** Binds {@code host:port} (port 0 = any free port) and starts answering; returns the base URL. */
    public synchronized String start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("sandbox already started");
        }
        // Without TCP_NODELAY the JDK server's answers wait ~40 ms for a delayed ACK (read once per JVM).
        System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
        HttpServer created = HttpServer.create(new InetSocketAddress(host, requestedPort), BACKLOG);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, daemonThreads(name));
        created.createContext("/", this::handle);
        created.setExecutor(pool);
        created.start();
        this.server = created;
        this.executor = pool;
        this.port = created.getAddress().getPort();
        this.baseUrl = "http://" + urlHost(host) + ":" + port;
        return baseUrl;
    }

    /** The port actually bound. */
    public int port() {
        requireStarted();
        return port;
    }

    /** e.g. {@code http://127.0.0.1:9090}. */
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

    /** Every request received (the most recent 10,000), oldest first, each with the status answered. */
    public List<RecordedRequest> requests() {
        return journal.snapshot();
    }

    public void clearRequests() {
        journal.clear();
    }

    /** Sleeps (a fault's wait); an interrupt means shutting down: answer at once. */
    public static void sleep(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) {
        Instant receivedAt = clock.instant();
        URI uri = exchange.getRequestURI();
        String method = exchange.getRequestMethod();
        Map<String, List<String>> headers = lowerCaseHeaders(exchange);
        byte[] body = new byte[0];
        SandboxResponse response;
        try {
            body = readBody(exchange.getRequestBody());
            if (body == null) {
                body = new byte[0];
                response = errors.tooLarge().apply(MAX_BODY_BYTES);
            } else if (uri.getRawPath() == null) {
                response = errors.noPath().get();
            } else {
                response = router.route(new IncomingRequest(method, uri.getRawPath(), uri.getRawQuery(), headers, body));
            }
        } catch (IOException e) {
            exchange.close(); // the client went away while sending
            return;
        } catch (RuntimeException e) {
            // Never the body in the log: it may carry a payer's (encrypted) credentials or a client secret.
            LOG.error("{} failed on {} {}", name, method, uri.getRawPath(), e);
            response = errors.internal().apply("sandbox error: " + e.getClass().getSimpleName());
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

    private static void write(HttpExchange exchange, SandboxResponse response) throws IOException {
        if (response.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
        }
        response.headers().forEach((header, value) -> exchange.getResponseHeaders().set(header, value));
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
        exchange.getRequestHeaders().forEach((header, values) ->
                headers.computeIfAbsent(header.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(values));
        headers.replaceAll((header, values) -> List.copyOf(values));
        return Map.copyOf(headers);
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

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
