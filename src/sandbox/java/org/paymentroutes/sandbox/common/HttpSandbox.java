package org.paymentroutes.sandbox.common;

import java.time.Clock;
import java.util.List;

/**
 * What every provider sandbox offers a test or the demo, whatever the provider: where it listens,
 * the requests it received, and stopping. The provider's class adds its routing, endpoints and hooks.
 */
public abstract class HttpSandbox implements AutoCloseable {

    /** The HTTP shell; the provider's class starts it (see {@link SandboxServer#start}). */
    protected final SandboxServer server;

    /** @param name names the server's threads and log lines, e.g. {@code fintecture-sandbox} */
    protected HttpSandbox(String name, String host, int port, Clock clock, SandboxServer.Errors errors) {
        this.server = new SandboxServer(name, host, port, clock, this::route, errors);
    }

    /** Which of the provider's endpoints answers a request (called on the server's threads once started). */
    protected abstract SandboxResponse route(IncomingRequest request);

    /** The port actually bound. */
    public int port() {
        return server.port();
    }

    /** e.g. {@code http://127.0.0.1:9090}: the URLs the sandbox hands out (payer pages) start with it. */
    public String baseUrl() {
        return server.baseUrl();
    }

    /** Every request received (the most recent 10,000), oldest first, each with the status answered. */
    public List<RecordedRequest> requests() {
        return server.requests();
    }

    public void clearRequests() {
        server.clearRequests();
    }

    /** Stops the server at once; requests in flight are dropped. */
    @Override
    public void close() {
        server.close();
    }
}
