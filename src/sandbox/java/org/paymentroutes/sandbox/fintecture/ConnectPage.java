package org.paymentroutes.sandbox.fintecture;

import org.paymentroutes.http.FormCodec;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return FintectureErrors.badRequest("invalid_request", "Content-Type must be application/x-www-form-urlencoded");
        }
        String choice;
        try {
            Map<String, List<String>> form = FormCodec.decode(new String(request.body(), StandardCharsets.UTF_8));
            choice = FormCodec.single(form, "choice");
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
        String action = PREFIX + escape(p.sessionId()) + DECISION;
        String choices = p.awaitingPayer()
                ? "<form method=\"post\" action=\"" + action + "\">"
                  + "<button class=\"pay\" name=\"choice\" value=\"accept\">Pay</button>"
                  + "<button class=\"refuse\" name=\"choice\" value=\"refuse\">Refuse</button></form>"
                : "<p class=\"done\">This payment is already decided: <b>" + escape(p.status()) + "</b>.</p>"
                  + "<p><a href=\"" + escape(redirectLocation(p)) + "\">Return to the merchant</a></p>";
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Fintecture SANDBOX — pay by bank</title>
                <style>
                body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;padding:2rem;color:#1d2330}
                main{max-width:28rem;margin:auto;background:#fff;border-radius:12px;padding:1.5rem 2rem;box-shadow:0 2px 8px #0002}
                .banner{background:#fff3cd;border:1px solid #e0c36b;border-radius:8px;padding:.5rem .8rem;font-weight:600}
                dl{display:grid;grid-template-columns:auto 1fr;gap:.4rem 1rem}dt{color:#667}dd{margin:0;font-weight:600}
                form{display:flex;gap:1rem;margin-top:1.5rem}button{flex:1;padding:.8rem;border:0;border-radius:8px;font-size:1rem;cursor:pointer}
                .pay{background:#1b7f4b;color:#fff}.refuse{background:#e4e6eb;color:#1d2330}
                </style></head><body><main>
                <p class="banner">Fintecture SANDBOX — no real money</p>
                <h1>Pay by bank</h1>
                <dl>
                <dt>Amount</dt><dd>%s %s</dd>
                <dt>Communication</dt><dd>%s</dd>
                <dt>Beneficiary</dt><dd>%s</dd>
                <dt>Payer</dt><dd>%s</dd>
                <dt>Bank</dt><dd>Sandbox Bank (sandbox_bank)</dd>
                </dl>
                %s
                </main></body></html>
                """.formatted(escape(p.amount()), escape(p.currency()), escape(p.communication()),
                escape(merchantName), escape(p.psuName()), choices);
    }

    /** HTML-escapes text from the client's request, which must never become markup on the page. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
