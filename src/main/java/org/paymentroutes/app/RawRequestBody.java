package org.paymentroutes.app;

import io.vertx.core.http.HttpHeaders;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Keeps the exact bytes of webhook bodies. platform-http parses an
 * {@code application/x-www-form-urlencoded} body into fields and drops the bytes, but a webhook's
 * Digest is over those bytes. So, before Camel's own handler, the request's content type under
 * {@code /webhooks/} is moved aside to {@code X-Original-Content-Type} and replaced by
 * {@code application/octet-stream}: Camel then hands the route the body as received. The route
 * reads the original type from that header.
 */
public final class RawRequestBody {

    public static final String ORIGINAL_CONTENT_TYPE = "X-Original-Content-Type";

    private RawRequestBody() {
    }

    public static void install(CamelContext camel, int port) {
        VertxPlatformHttpRouter router = PublicRouter.on(camel, port);
        router.route("/webhooks/*").order(-1).handler(ctx -> {
            var headers = ctx.request().headers();
            String type = headers.get(HttpHeaders.CONTENT_TYPE);
            headers.remove(ORIGINAL_CONTENT_TYPE);
            if (type != null) {
                headers.set(ORIGINAL_CONTENT_TYPE, type);
            }
            headers.set(HttpHeaders.CONTENT_TYPE, "application/octet-stream");
            ctx.next();
        });
    }
}
