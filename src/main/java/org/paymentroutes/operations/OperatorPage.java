package org.paymentroutes.operations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's read-only page on the management port: {@code /ops/} (HTML, script and style from
 * the classpath) and its two JSON reads, {@code /ops/api/overview} and {@code /ops/api/payment?orderId=}.
 * Nothing here changes a payment; actions stay with the CLI, where each is recorded with its author.
 * The page loads no script or style from elsewhere and no inline script, so a strict
 * Content-Security-Policy holds, and every value is put in the page as text, never as markup.
 */
public final class OperatorPage {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorPage.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The order id's own rule (see the README's order fields): anything else cannot name a payment. */
    private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9._:/-]{1,64}");
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private final OperatorView view;
    private final Map<String, Asset> assets = Map.of(
            "/ops/", asset("index.html", "text/html; charset=utf-8"),
            "/ops/page.js", asset("page.js", "text/javascript; charset=utf-8"),
            "/ops/page.css", asset("page.css", "text/css; charset=utf-8"));

    public OperatorPage(OperatorView view) {
        this.view = view;
    }

    private record Asset(byte[] bytes, String contentType) {
    }

    private static Asset asset(String name, String contentType) {
        try (InputStream in = OperatorPage.class.getResourceAsStream("/ops/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource ops/" + name);
            }
            return new Asset(in.readAllBytes(), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds the page's routes to the management port's router. */
    public void mount(Router router) {
        assets.forEach((path, asset) -> router.get(path).handler(ctx -> send(ctx, 200, asset.contentType(), asset.bytes())));
        // The store is blocking JDBC: off the event loop, one at a time per route is plenty for a page.
        router.get("/ops/api/overview").blockingHandler(ctx -> json(ctx, () -> Optional.of(view.overview())), false);
        router.get("/ops/api/payment").blockingHandler(ctx -> {
            String orderId = ctx.queryParams().get("orderId");
            if (orderId == null || !ORDER_ID.matcher(orderId).matches()) {
                json(ctx, 400, Map.of("error", "orderId: 1-64 letters, digits or ._:/-"));
                return;
            }
            json(ctx, () -> view.payment(orderId));
        }, false);
    }

    private interface Read {
        Optional<Map<String, Object>> get();
    }

    private static void json(RoutingContext ctx, Read read) {
        try {
            Optional<Map<String, Object>> body = read.get();
            json(ctx, body.isPresent() ? 200 : 404, body.orElse(Map.of("error", "no such payment")));
        } catch (RuntimeException e) {
            // The store is down or a query failed: say so without a stack trace in the answer.
            LOG.warn("Operator page: {}", e.toString());
            json(ctx, 503, Map.of("error", "the store could not be read"));
        }
    }

    private static void json(RoutingContext ctx, int status, Map<String, Object> body) {
        try {
            send(ctx, status, "application/json", JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(RoutingContext ctx, int status, String contentType, byte[] body) {
        HttpServerResponse r = ctx.response().setStatusCode(status)
                .putHeader("Content-Type", contentType)
                .putHeader("Content-Security-Policy", CSP)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Cache-Control", "no-store");
        r.end(io.vertx.core.buffer.Buffer.buffer(body));
    }
}
