package org.paymentroutes.app;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * A query string with a broken percent-escape ({@code %zz}, a lone {@code %}) is answered 400 before
 * any route sees it. Left to the router, decoding it throws, and Vert.x logs the stranger's request as
 * an unhandled exception with a full stack trace.
 */
public final class MalformedQueries {

    private MalformedQueries() {
    }

    public static void install(CamelContext camel, int port) {
        VertxPlatformHttpRouter router = PublicRouter.on(camel, port);
        router.route().order(-3).handler(ctx -> {
            if (wellFormed(ctx.request().query())) {
                ctx.next();
            } else {
                ctx.response().setStatusCode(400).putHeader("Content-Type", "text/plain; charset=UTF-8")
                        .end("malformed query string (a percent sign must be followed by two hex digits)\n");
            }
        });
    }

    /** True when every {@code %} in {@code query} starts a two-hex-digit escape (or there is no query). */
    static boolean wellFormed(String query) {
        if (query == null) {
            return true;
        }
        for (int i = 0; i < query.length(); i++) {
            if (query.charAt(i) == '%') {
                if (!hex(query, i + 1) || !hex(query, i + 2)) {
                    return false;
                }
                i += 2;
            }
        }
        return true;
    }

    private static boolean hex(String s, int i) {
        return i < s.length() && Character.digit(s.charAt(i), 16) >= 0;
    }
}
