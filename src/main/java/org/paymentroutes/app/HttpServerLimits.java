package org.paymentroutes.app;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.impl.VertxInternal;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.paymentroutes.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a stranger on the public port can hold: an idle connection for {@code idleTimeout} seconds,
 * a request line, headers and body for {@code requestTimeout} seconds (slowloris, trickled bodies),
 * headers of {@code maxHeaderBytes}, and one of {@code maxConnections} connections. HTTP/2
 * cleartext (h2c) is off: nothing the providers send needs it, and it brings floods of its own. The
 * body limit is Camel's own ({@link PublicServer}: 413 before the body is buffered).
 *
 * <p>Camel's Vert.x server creates its HTTP server with default options and offers no hook for
 * them, but it uses the {@link Vertx} bound in the registry: the one {@link #vertx()} returns gives
 * every server it creates these options and the connection cap, and is otherwise the real instance.
 * The management port has a Vert.x instance of its own ({@link ManagementServer}).
 */
public final class HttpServerLimits {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServerLimits.class);

    private final int idleTimeoutSeconds;
    private final int requestTimeoutSeconds;
    private final int maxConnections;
    private final int maxHeaderBytes;
    private final long maxBodyBytes;
    /** Connections on which a request has arrived whole-headed; the others are closed at the deadline. */
    private final Set<HttpConnection> started = ConcurrentHashMap.newKeySet();
    private Vertx real;

    HttpServerLimits(int idleTimeoutSeconds, int requestTimeoutSeconds, int maxConnections, int maxHeaderBytes, long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
        this.idleTimeoutSeconds = idleTimeoutSeconds;
        this.requestTimeoutSeconds = requestTimeoutSeconds;
        this.maxConnections = maxConnections;
        this.maxHeaderBytes = maxHeaderBytes;
    }

    public static HttpServerLimits from(Settings settings) {
        return new HttpServerLimits(settings.integer("payments.http.idle-timeout", 1, 3600),
                settings.integer("payments.http.request-timeout", 1, 600),
                settings.integer("payments.http.max-connections", 1, 1_000_000),
                settings.integer("payments.http.max-header-size", 1024, 65_536),
                settings.integer("payments.http.max-body-size", 1024, 16 * 1024 * 1024));
    }

    /** The largest body a request may bring (Camel's body handler enforces it for bodies of unannounced length). */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** {@code options} with these limits applied. */
    HttpServerOptions apply(HttpServerOptions options) {
        return options.setIdleTimeout(idleTimeoutSeconds).setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setMaxHeaderSize(maxHeaderBytes).setMaxInitialLineLength(Math.min(maxHeaderBytes, 8192))
                .setHttp2ClearTextEnabled(false).setDecompressionSupported(false);
    }

    /** The Vert.x instance for Camel's HTTP servers (bind it before Camel starts; {@link #close()} after it stopped). */
    public synchronized Vertx vertx() {
        if (real == null) {
            real = Vertx.vertx();
        }
        Vertx delegate = real;
        return (Vertx) Proxy.newProxyInstance(HttpServerLimits.class.getClassLoader(), new Class<?>[] {VertxInternal.class},
                (proxy, method, args) -> {
                    if ("createHttpServer".equals(method.getName()) && args != null && args.length == 1
                            && args[0] instanceof HttpServerOptions options) {
                        return limit(delegate, delegate.createHttpServer(apply(new HttpServerOptions(options))));
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /**
     * Refuses a body announced over the limit and bounds the time a body may take, on the router of
     * {@code port}. Runs before any route's handler.
     */
    public void install(CamelContext camel, int port) {
        VertxPlatformHttpRouter router = PublicRouter.on(camel, port);
        router.route().order(-2).handler(ctx -> {
            HttpConnection connection = ctx.request().connection();
            if (announcedLength(ctx.request().getHeader("Content-Length")) > maxBodyBytes) {
                // Answered from the headers alone. What the client still sends is read and thrown
                // away (never buffered), so that it gets to read the 413 instead of a reset; the
                // request timeout below closes a connection that keeps sending.
                ctx.request().handler(chunk -> { }).resume();
                ctx.response().setStatusCode(413).putHeader("Connection", "close").end("request body too large\n");
                long timer = real.setTimer(TimeUnit.SECONDS.toMillis(requestTimeoutSeconds), id -> connection.close());
                ctx.request().endHandler(v -> real.cancelTimer(timer));
                return;
            }
            if (!ctx.request().isEnded()) {
                long timer = real.setTimer(TimeUnit.SECONDS.toMillis(requestTimeoutSeconds), id -> {
                    if (!ctx.request().isEnded()) {
                        connection.close();
                    }
                });
                ctx.addEndHandler(v -> real.cancelTimer(timer));
            }
            ctx.next();
        });
    }

    /** The Content-Length a request announces; 0 when it announces none; unparsable counts as too large. */
    static long announcedLength(String header) {
        if (header == null) {
            return 0;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Caps the open connections (one over the cap is closed as soon as it is accepted: its file
     * descriptor is not kept) and closes a connection that brings no request within the request
     * timeout. One warning per burst of refusals, not one per connection.
     */
    private HttpServer limit(Vertx vertx, HttpServer real) {
        // Each request marks its connection as started, whichever router serves it.
        HttpServer server = (HttpServer) Proxy.newProxyInstance(HttpServerLimits.class.getClassLoader(), new Class<?>[] {HttpServer.class},
                (proxy, method, args) -> {
                    if ("requestHandler".equals(method.getName()) && args != null && args.length == 1 && args[0] instanceof Handler<?>) {
                        @SuppressWarnings("unchecked")
                        Handler<HttpServerRequest> handler = (Handler<HttpServerRequest>) args[0];
                        real.requestHandler(request -> {
                            started.add(request.connection());
                            handler.handle(request);
                        });
                        return proxy;
                    }
                    try {
                        Object result = method.invoke(real, args);
                        return result == real ? proxy : result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        AtomicInteger open = new AtomicInteger();
        AtomicInteger refusedSinceLog = new AtomicInteger();
        real.connectionHandler(connection -> {
            if (open.incrementAndGet() > maxConnections) {
                open.decrementAndGet();
                if (refusedSinceLog.getAndIncrement() == 0) {
                    LOG.warn("HTTP connections refused: {} are open (payments.http.max-connections)", maxConnections);
                }
                connection.close();
                return;
            }
            long deadline = vertx.setTimer(TimeUnit.SECONDS.toMillis(requestTimeoutSeconds), id -> {
                if (!started.contains(connection)) {
                    connection.close();
                }
            });
            connection.closeHandler(v -> {
                vertx.cancelTimer(deadline);
                started.remove(connection);
                if (open.decrementAndGet() < maxConnections * 9 / 10) {
                    refusedSinceLog.set(0);
                }
            });
        });
        return server;
    }

    /** Closes the Vert.x instance (after Camel stopped its servers). */
    public synchronized void close() {
        if (real != null) {
            real.close();
            real = null;
        }
    }
}
