package org.paymentroutes.app;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;

/**
 * The public port (callbacks and webhooks), where platform-http's consumers are served: Camel's
 * Vert.x server on the instance {@link HttpServerLimits#vertx()} returns, with the body limit of
 * {@code payments.http.max-body-size} (a larger body is refused with 413 before it is buffered).
 * The bundle's own handlers go in before Camel's once it runs ({@link PublicRouter}).
 */
final class PublicServer {

    private PublicServer() {
    }

    /**
     * Adds the server to {@code camel}, which starts it before the routes' consumers. The Vert.x
     * instance must be bound in Camel's registry (the server looks it up there when it starts).
     */
    static VertxPlatformHttpServer addTo(CamelContext camel, String host, int port, HttpServerLimits limits) throws Exception {
        VertxPlatformHttpServerConfiguration configuration = new VertxPlatformHttpServerConfiguration();
        configuration.setBindHost(host);
        configuration.setBindPort(port);
        configuration.setMaxBodySize(limits.maxBodyBytes());
        VertxPlatformHttpServer server = new VertxPlatformHttpServer(configuration);
        // platform-http's engine finds the port of its consumers by looking the server up by type.
        camel.getRegistry().bind("publicHttpServer", server);
        camel.addService(server, true, true);
        return server;
    }
}
