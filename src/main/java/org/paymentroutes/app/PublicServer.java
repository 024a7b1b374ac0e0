package org.paymentroutes.app;

import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.support.service.ServiceHelper;

/**
 * The public port (callbacks and webhooks), where platform-http's consumers are served: Camel's
 * Vert.x server on the instance {@link HttpServerLimits#vertx()} returns, with the body limit of
 * {@code payments.http.max-body-size} (a larger body is refused with 413 before it is buffered).
 * The bundle's own handlers go in before Camel's, and before the routes' consumers start ({@link PublicRouter}).
 */
final class PublicServer {

    private PublicServer() {
    }

    /**
     * Binds the server in the registry of {@code main} and has Camel start it before the routes'
     * consumers. platform-http's engine finds the port of its consumers by looking the server (or,
     * before it runs, its configuration) up by type when it creates them, before Camel starts. The
     * Vert.x instance must be bound in the registry too: the server looks it up there.
     */
    static void addTo(Main main, String host, int port, HttpServerLimits limits, Consumer<CamelContext> beforeConsumers) {
        VertxPlatformHttpServerConfiguration configuration = new VertxPlatformHttpServerConfiguration();
        configuration.setBindHost(host);
        configuration.setBindPort(port);
        configuration.setMaxBodySize(limits.maxBodyBytes());
        VertxPlatformHttpServer server = new VertxPlatformHttpServer(configuration);
        main.bind("publicHttpServerConfiguration", configuration);
        main.bind("publicHttpServer", server);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport m) {
                try {
                    // Started here, not with the context's services: the consumers look its router up
                    // when the routes start, which is before Camel starts the services it was given.
                    m.getCamelContext().addService(server, true, false);
                    ServiceHelper.startService(server);
                    // The bundle's own handlers (raw webhook bodies, limits, malformed queries) go in
                    // now, before any consumer answers: installed after Camel started, they missed the
                    // provider's webhooks retried at a restart (form bodies parsed, 500 and a stack trace).
                    beforeConsumers.accept(m.getCamelContext());
                } catch (Exception e) {
                    throw new IllegalStateException("public HTTP server on " + host + ":" + port, e);
                }
            }
        });
    }
}
