package org.paymentroutes.sandbox.fintecture;

import org.paymentroutes.sandbox.common.IncomingRequest;
import org.paymentroutes.sandbox.common.SandboxResponse;
import org.paymentroutes.sandbox.common.HtmlPage;

import org.paymentroutes.http.FormCodec;

import java.util.Locale;
import java.util.Optional;

import static org.paymentroutes.sandbox.common.HtmlPage.escape;

/**
 * The payer's side, standing in for Fintecture Connect: {@code GET /connect/{session_id}} shows
 * the payment with Pay and Refuse buttons, {@code POST /connect/{session_id}/decision} records the
 * choice and sends the payer back to the merchant's redirect_uri with Fintecture's query.
 */
final class ConnectPage {

    static final String PREFIX = "/connect/";
    private static final String DECISION = "/decision";

    private final SandboxPayments payments;
    private final String merchantName;

    ConnectPage(SandboxPayments payments, String appId) {
        this.payments = payments;
        this.merchantName = "Sandbox merchant (app " + appId + ")";
    }

    SandboxResponse handle(IncomingRequest request) {
        String rest = request.rawPath().substring(PREFIX.length());
        if (rest.endsWith(DECISION)) {
            String sessionId = rest.substring(0, rest.length() - DECISION.length());
            return "POST".equals(request.method()) ? decide(request, sessionId) : FintectureErrors.methodNotAllowed(request.method());
        }
        if (rest.isEmpty() || rest.contains("/")) {
            return FintectureErrors.notFound("not_found", "no such page in the sandbox: " + request.rawPath());
        }
        return "GET".equals(request.method()) ? show(rest) : FintectureErrors.methodNotAllowed(request.method());
    }

    private SandboxResponse show(String sessionId) {
        Optional<SandboxPayment> payment = payments.get(sessionId);
        if (payment.isEmpty()) {
            return unknown(sessionId);
        }
        return SandboxResponse.html(200, render(payment.get()));
    }

    private SandboxResponse decide(IncomingRequest request, String sessionId) {
        String contentType = request.header("content-type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(HtmlPage.FORM)) {
            return FintectureErrors.badRequest("invalid_request", "Content-Type must be " + HtmlPage.FORM);
        }
        String choice;
        try {
            choice = HtmlPage.choice(request);
        } catch (IllegalArgumentException e) {
            return FintectureErrors.badRequest("invalid_request", "malformed form body: " + e.getMessage());
        }
        if (!"accept".equals(choice) && !"refuse".equals(choice)) {
            return FintectureErrors.badRequest("invalid_parameter", "choice: must be accept or refuse");
        }
        return payments.decide(sessionId, "accept".equals(choice))
                .map(p -> SandboxResponse.redirect(redirectLocation(p)))
                .orElseGet(() -> unknown(sessionId));
    }

    /**
     * {@code redirect_uri?session_id=..&status=..&provider=..&customer_id=..&state=..}, each value
     * percent-encoded, appended with '&' when redirect_uri already has a query, before any fragment.
     */
    static String redirectLocation(SandboxPayment p) {
        return FormCodec.appendQuery(p.redirectUri(), "session_id", p.sessionId(), "status", p.status(),
                "provider", p.provider() == null ? "" : p.provider(), "customer_id", p.customerId(), "state", p.state());
    }

    private static SandboxResponse unknown(String sessionId) {
        return FintectureErrors.notFound("session_id_invalid_or_expired", "no payment session " + sessionId);
    }

    private String render(SandboxPayment p) {
        String choices = p.awaitingPayer()
                ? HtmlPage.choiceForm(PREFIX + p.sessionId() + DECISION, "accept", "Pay", "refuse", "Refuse")
                : "<p class=\"done\">This payment is already decided: <b>" + escape(p.status()) + "</b>.</p>"
                  + "<p><a href=\"" + escape(redirectLocation(p)) + "\">Return to the merchant</a></p>";
        String details = "<h1>Pay by bank</h1>\n"
                + HtmlPage.details("Amount", p.amount() + " " + p.currency(), "Communication", p.communication(),
                        "Beneficiary", merchantName, "Payer", p.psuName(), "Bank", "Sandbox Bank (sandbox_bank)")
                + choices;
        return HtmlPage.page("Fintecture SANDBOX — no real money", "Fintecture SANDBOX — pay by bank", details);
    }
}
