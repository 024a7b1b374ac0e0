package org.paymentroutes.sandbox.everifin;

import org.paymentroutes.http.FormCodec;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The payer's bank, for REDIRECT steps: {@code GET /bank/{id}/authorize} shows the payment with
 * Approve and Cancel buttons, which post back to the same URL. Approve sends the payer to the
 * payment's redirectUrl with {@code ?code=..&state=..}, Cancel with
 * {@code ?error=access_denied&state=..} ('&' when redirectUrl already has a query); the client
 * then passes those parameters in the body of its next process call.
 */
final class BankPage {

    static final String PREFIX = "/bank/";
    static final String AUTHORIZE = "/authorize";
    private static final String FORM = "application/x-www-form-urlencoded";

    private final PaymentStore payments;
    private final ProcessEngine engine;

    BankPage(PaymentStore payments, ProcessEngine engine) {
        this.payments = payments;
        this.engine = engine;
    }

    EverifinResponse handle(IncomingRequest request) {
        String path = request.rawPath();
        String idText = path.endsWith(AUTHORIZE) ? path.substring(PREFIX.length(), path.length() - AUTHORIZE.length()) : "";
        Optional<PaymentState> payment = idText.matches("[0-9]{1,18}") ? payments.get(Long.parseLong(idText)) : Optional.empty();
        if (payment.isEmpty()) {
            return EverifinResponse.htmlRefusal(404, page("Everifin SANDBOX bank", "<h1>Unknown payment</h1>"),
                    "no such payment at the bank: " + path);
        }
        PaymentState p = payment.get();
        return switch (request.method()) {
            case "GET" -> show(p);
            case "POST" -> decide(request, p);
            default -> EverifinErrors.methodNotAllowed(request.method());
        };
    }

    private EverifinResponse show(PaymentState p) {
        engine.bankPageViewed(p);
        EverifinPayment snapshot = p.snapshot();
        if (!waiting(p)) {
            return EverifinResponse.htmlRefusal(409, page("Everifin SANDBOX bank", "<h1>Nothing to authorize</h1>"
                    + "<p>Payment " + snapshot.id() + " is " + escape(snapshot.status()) + ".</p>"), "payment not waiting at the bank");
        }
        PaymentOrder order = p.order();
        String details = """
                <h1>Authorize a payment</h1>
                <dl>
                <dt>Amount</dt><dd>%s %s</dd>
                <dt>To</dt><dd>%s</dd>
                <dt>IBAN</dt><dd>%s</dd>
                <dt>From</dt><dd>%s</dd>
                <dt>Message</dt><dd>%s</dd>
                </dl>
                <form method="post" action="%s">
                <button class="ok" name="choice" value="approve">Approve</button>
                <button class="no" name="choice" value="cancel">Cancel</button></form>
                """.formatted(order.amount().toPlainString(), escape(order.currency()), escape(order.recipientName()),
                escape(order.recipientIban()), escape(snapshot.senderIban() == null ? "your account" : snapshot.senderIban()),
                escape(order.paymentMessage()), PREFIX + p.id() + AUTHORIZE);
        return EverifinResponse.html(200, page("Everifin SANDBOX bank: authorize payment " + p.id(), details));
    }

    private EverifinResponse decide(IncomingRequest request, PaymentState p) {
        if (!request.hasContentType(FORM)) {
            return EverifinErrors.unsupportedMediaType("Content-Type must be " + FORM);
        }
        String choice;
        try {
            Map<String, List<String>> form = FormCodec.decode(request.bodyText());
            choice = FormCodec.single(form, "choice");
        } catch (IllegalArgumentException e) {
            return EverifinErrors.badRequest(EverifinErrors.INVALID_INPUT, "malformed form body: " + e.getMessage());
        }
        if (!"approve".equals(choice) && !"cancel".equals(choice)) {
            return EverifinErrors.badField(EverifinErrors.INVALID_INPUT, "choice", "must be approve or cancel");
        }
        try {
            return EverifinResponse.redirect(engine.bankDecision(p, "approve".equals(choice)));
        } catch (IllegalStateException e) {
            return EverifinResponse.htmlRefusal(409, page("Everifin SANDBOX bank", "<h1>Nothing to authorize</h1><p>"
                    + escape(e.getMessage()) + "</p>"), "payment not waiting at the bank");
        }
    }

    private static boolean waiting(PaymentState p) {
        synchronized (p) {
            return ProcessEngine.awaitingBank(p);
        }
    }

    /** A small self-contained HTML page with the sandbox banner. */
    static String page(String title, String content) {
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <style>
                body{font-family:system-ui,sans-serif;background:#f2f4f8;margin:0;padding:2rem;color:#1d2330}
                main{max-width:30rem;margin:auto;background:#fff;border-radius:12px;padding:1.5rem 2rem;box-shadow:0 2px 8px #0002}
                .banner{background:#fff3cd;border:1px solid #e0c36b;border-radius:8px;padding:.5rem .8rem;font-weight:600}
                dl{display:grid;grid-template-columns:auto 1fr;gap:.4rem 1rem}dt{color:#667}dd{margin:0;font-weight:600;word-break:break-all}
                form{display:flex;gap:1rem;margin-top:1.5rem}button{flex:1;padding:.8rem;border:0;border-radius:8px;font-size:1rem;cursor:pointer}
                .ok{background:#0b5fff;color:#fff}.no{background:#e4e6eb;color:#1d2330}
                </style></head><body><main>
                <p class="banner">Everifin SANDBOX — no real bank, no real money</p>
                %s
                </main></body></html>
                """.formatted(escape(title), content);
    }

    /** HTML-escapes text from a client's request, which must never become markup on a page. */
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
