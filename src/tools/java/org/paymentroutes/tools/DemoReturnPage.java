package org.paymentroutes.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.paymentroutes.http.FormCodec;
import org.paymentroutes.sandbox.common.HtmlPage;
import org.paymentroutes.sandbox.common.IncomingRequest;
import org.paymentroutes.sandbox.common.SandboxResponse;
import org.paymentroutes.sandbox.common.SandboxServer;
import org.paymentroutes.store.Payment;
import org.paymentroutes.store.PaymentStatus;

/**
 * The demo's stand-in for the ERP's "back from the bank" page: the bundle sends the payer here
 * ({@code payments.payer.return-url}) with {@code orderId} and {@code status}; the page shows the
 * order and its status as the store has it now, and reloads itself until the status is final.
 * Demo only: a real deployment's return URL is the ERP's own page.
 */
final class DemoReturnPage implements AutoCloseable {

    static final String PATH = "/return";
    private static final SandboxServer.Errors ERRORS = new SandboxServer.Errors(
            max -> SandboxResponse.htmlRefusal(413, page("Too large", "<p>Request too large.</p>"), "body too large"),
            () -> SandboxResponse.htmlRefusal(400, page("Bad request", "<p>No path.</p>"), "no path"),
            message -> SandboxResponse.htmlRefusal(500, page("Error", "<p>" + HtmlPage.escape(message) + "</p>"), message));

    private static final Set<PaymentStatus> UNDECIDED = EnumSet.of(PaymentStatus.RECEIVED, PaymentStatus.ACTION_REQUIRED,
            PaymentStatus.PENDING);

    private final SandboxServer server;
    /** The store's view of an order; empty when unknown (or the bundle is not up yet). */
    private final Function<String, Optional<Payment>> payments;

    DemoReturnPage(Function<String, Optional<Payment>> payments) {
        this.payments = payments;
        this.server = new SandboxServer("demo-return-page", "127.0.0.1", 0, Clock.systemUTC(), this::route, ERRORS);
    }

    /** Starts it on a free port; returns the return URL to configure. */
    String start() throws IOException {
        return server.start() + PATH;
    }

    @Override
    public void close() {
        server.close();
    }

    private SandboxResponse route(IncomingRequest request) {
        if (!PATH.equals(request.rawPath()) || !"GET".equals(request.method())) {
            return SandboxResponse.htmlRefusal(404, page("Not found", "<p>Nothing here.</p>"), "not found");
        }
        String orderId;
        String reported;
        try {
            Map<String, List<String>> query = FormCodec.decode(request.rawQuery() == null ? "" : request.rawQuery());
            orderId = FormCodec.single(query, "orderId");
            reported = FormCodec.single(query, "status");
        } catch (IllegalArgumentException e) {
            return SandboxResponse.htmlRefusal(400, page("Bad request", "<p>" + HtmlPage.escape(e.getMessage()) + "</p>"),
                    e.getMessage());
        }
        if (orderId == null) {
            return SandboxResponse.htmlRefusal(400, page("Bad request", "<p>No orderId.</p>"), "no orderId");
        }
        Optional<Payment> payment = payments.apply(orderId);
        String status = payment.map(p -> p.status().name()).orElse(reported == null ? "UNKNOWN" : reported);
        // Reloads while the bank has not decided yet; from AUTHORIZED on, what is left (settlement) takes days, not seconds.
        boolean undecided = payment.map(p -> UNDECIDED.contains(p.status())).orElse(true);
        String content = "<h1>Back at the shop</h1>\n"
                + HtmlPage.details("Order", orderId, "Status", status, "Status on return", reported == null ? "(none)" : reported)
                + (undecided ? "<p>The bank has not decided yet: this page reloads every 2 seconds.</p>"
                        : "<p>The bank has decided.</p>");
        String html = page("Order " + orderId + ": " + status, content);
        if (undecided) {
            html = html.replace("<meta charset=\"utf-8\">", "<meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"2\">");
        }
        return new SandboxResponse(200, SandboxResponse.HTML, html.getBytes(StandardCharsets.UTF_8),
                Map.of("Cache-Control", "no-store"), null);
    }

    private static String page(String title, String content) {
        return HtmlPage.page("payment-routes DEMO — the ERP's return page", title, content);
    }
}
