package org.paymentroutes.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management port: {@code /health} (also {@code /health/live}, {@code /health/ready}; Camel's
 * health checks, each named, 503 unless all are UP) and {@code /metrics} (Prometheus text).
 *
 * <p>On a Vert.x instance of its own, not the public port's: a flood of large or slow requests on
 * the public port keeps that instance's event loops busy, and an orchestrator's probe must still be
 * answered. The checks and the scrape run on this instance's worker threads, never on its event loop.
 */
final class ManagementServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);
    private static final long START_TIMEOUT_SECONDS = 30;

    private final Vertx vertx;
    private final HttpServer server;
    private final ReadinessSnapshot readiness;

    private ManagementServer(Vertx vertx, HttpServer server, ReadinessSnapshot readiness) {
        this.vertx = vertx;
        this.server = server;
        this.readiness = readiness;
    }

    /**
     * Listens on {@code host:port} (port 0: any free one) and answers from {@code camel} and
     * {@code metrics}, plus whatever {@code more} mounts (the operator's page).
     */
    static ManagementServer start(String host, int port, Duration readinessInterval, CamelContext camel, PrometheusMeterRegistry metrics,
                                  java.util.function.Consumer<Router> more) throws Exception {
        // One event loop and two workers are plenty for probes and scrapes.
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2).setInternalBlockingPoolSize(2));
        ReadinessSnapshot readiness = ReadinessSnapshot.start(camel, readinessInterval);
        try {
            Router router = Router.router(vertx);
            router.route(HttpMethod.GET, "/health").handler(ctx -> health(vertx, ctx, camel, readiness, HealthReport.Kind.ALL));
            router.route(HttpMethod.GET, "/health/live").handler(ctx -> health(vertx, ctx, camel, readiness, HealthReport.Kind.LIVENESS));
            router.route(HttpMethod.GET, "/health/ready").handler(ctx -> health(vertx, ctx, camel, readiness, HealthReport.Kind.READINESS));
            router.route(HttpMethod.GET, "/metrics").handler(ctx -> answer(vertx, ctx, () -> new Answer(200,
                    "text/plain; version=0.0.4; charset=utf-8", metrics.scrape())));
            more.accept(router);
            HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false)
                    .setIdleTimeout(30).setIdleTimeoutUnit(TimeUnit.SECONDS));
            server.requestHandler(router).listen(port, host).toCompletionStage().toCompletableFuture()
                    .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.info("management port listening on {}:{} (/health, /metrics, /ops/)", host, server.actualPort());
            return new ManagementServer(vertx, server, readiness);
        } catch (Exception e) {
            readiness.close();
            vertx.close();
            throw e;
        }
    }

    private static void health(Vertx vertx, RoutingContext ctx, CamelContext camel, ReadinessSnapshot readiness, HealthReport.Kind kind) {
        boolean withData = "true".equals(ctx.request().getParam("data"));
        answer(vertx, ctx, () -> {
            HealthReport report = HealthReport.of(camel, readiness, kind, withData);
            return new Answer(report.httpStatus(), "application/json", report.json());
        });
    }

    private record Answer(int status, String contentType, String body) {
    }

    /** Computes the answer on a worker thread (unordered: one slow probe does not queue the next request). */
    private static void answer(Vertx vertx, RoutingContext ctx, Callable<Answer> work) {
        vertx.executeBlocking(work, false).onComplete(result -> {
            if (result.succeeded()) {
                Answer a = result.result();
                ctx.response().setStatusCode(a.status()).putHeader("Content-Type", a.contentType()).end(a.body());
            } else {
                LOG.warn("management request {} failed: {}", ctx.request().path(), result.cause().toString());
                ctx.response().setStatusCode(500).putHeader("Content-Type", "text/plain").end("internal error\n");
            }
        });
    }

    /** The port it listens on (the chosen one when asked for port 0). */
    int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        readiness.close();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("stopping the management port: {}", e.toString());
        }
    }
}
