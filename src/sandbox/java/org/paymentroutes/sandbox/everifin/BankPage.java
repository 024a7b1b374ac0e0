package org.paymentroutes.sandbox.everifin;

import org.paymentroutes.sandbox.common.IncomingRequest;
import org.paymentroutes.sandbox.common.SandboxResponse;
import org.paymentroutes.sandbox.common.HtmlPage;

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

    private final PaymentStore payments;
    private final ProcessEngine engine;

    BankPage(PaymentStore payments, ProcessEngine engine) {
        this.payments = payments;
        this.engine = engine;
    }

    SandboxResponse handle(IncomingRequest request) {
        String path = request.rawPath();
        String idText = path.endsWith(AUTHORIZE) ? path.substring(PREFIX.length(), path.length() - AUTHORIZE.length()) : "";
        Optional<PaymentState> payment = idText.matches("[0-9]{1,18}") ? payments.get(Long.parseLong(idText)) : Optional.empty();
        if (payment.isEmpty()) {
            return SandboxResponse.htmlRefusal(404, page("Everifin SANDBOX bank", "<h1>Unknown payment</h1>"),
                    "no such payment at the bank: " + path);
        }
        PaymentState p = payment.get();
        return switch (request.method()) {
            case "GET" -> show(p);
            case "POST" -> decide(request, p);
            default -> EverifinErrors.methodNotAllowed(request.method());
        };
    }

    private SandboxResponse show(PaymentState p) {
        engine.bankPageViewed(p);
        EverifinPayment snapshot = p.snapshot();
        if (!waiting(p)) {
            return SandboxResponse.htmlRefusal(409, page("Everifin SANDBOX bank", "<h1>Nothing to authorize</h1>"
                    + "<p>Payment " + snapshot.id() + " is " + HtmlPage.escape(snapshot.status()) + ".</p>"), "payment not waiting at the bank");
        }
        PaymentOrder order = p.order();
        String details = "<h1>Authorize a payment</h1>\n"
                + HtmlPage.details("Amount", order.amount().toPlainString() + " " + order.currency(),
                        "To", order.recipientName(), "IBAN", order.recipientIban(),
                        "From", snapshot.senderIban() == null ? "your account" : snapshot.senderIban(),
                        "Message", order.paymentMessage())
                + HtmlPage.choiceForm(PREFIX + p.id() + AUTHORIZE, "approve", "Approve", "cancel", "Cancel");
        return SandboxResponse.html(200, page("Everifin SANDBOX bank: authorize payment " + p.id(), details));
    }

    private SandboxResponse decide(IncomingRequest request, PaymentState p) {
        if (!request.hasContentType(HtmlPage.FORM)) {
            return EverifinErrors.unsupportedMediaType("Content-Type must be " + HtmlPage.FORM);
        }
        String choice;
        try {
            choice = HtmlPage.choice(request);
        } catch (IllegalArgumentException e) {
            return EverifinErrors.badRequest(EverifinErrors.INVALID_INPUT, "malformed form body: " + e.getMessage());
        }
        if (!"approve".equals(choice) && !"cancel".equals(choice)) {
            return EverifinErrors.badField(EverifinErrors.INVALID_INPUT, "choice", "must be approve or cancel");
        }
        try {
            return SandboxResponse.redirect(engine.bankDecision(p, "approve".equals(choice)));
        } catch (IllegalStateException e) {
            return SandboxResponse.htmlRefusal(409, page("Everifin SANDBOX bank", "<h1>Nothing to authorize</h1><p>"
                    + HtmlPage.escape(e.getMessage()) + "</p>"), "payment not waiting at the bank");
        }
    }

    private static boolean waiting(PaymentState p) {
        synchronized (p) {
            return ProcessEngine.awaitingBank(p);
        }
    }

    /** A page of the sandbox bank, with its banner. */
    static String page(String title, String content) {
        return HtmlPage.page("Everifin SANDBOX — no real bank, no real money", title, content);
    }
}
