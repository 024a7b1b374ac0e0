package org.paymentroutes.app;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/** The Vert.x router of the public port, where the bundle's own handlers go in before Camel's. */
final class PublicRouter {

    private PublicRouter() {
    }

    /** The router platform-http serves on {@code port}; fails if Camel has not created it. */
    static VertxPlatformHttpRouter on(CamelContext camel, int port) {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(camel, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            throw new IllegalStateException("no platform-http router on port " + port);
        }
        return router;
    }
}
