package org.paymentroutes.sandbox.common;

import java.util.List;
import java.util.Map;

import org.paymentroutes.http.FormCodec;

/** The payer's pages of the sandboxes: one look, one banner saying no real money moves, and escaping. */
public final class HtmlPage {

    /** The media type of the payer's choice posted back from a page. */
    public static final String FORM = "application/x-www-form-urlencoded";

    private HtmlPage() {
    }

    /**
     * A small self-contained HTML page with the sandbox banner. {@code title} and {@code banner} are
     * escaped; {@code content} is markup the caller built (escaping what came from a client).
     * The buttons of a choice form are styled by class: {@code ok} (the payer agrees) and {@code no}.
     */
    public static String page(String banner, String title, String content) {
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
                .ok{background:#1b7f4b;color:#fff}.no{background:#e4e6eb;color:#1d2330}
                </style></head><body><main>
                <p class="banner">%s</p>
                %s
                </main></body></html>
                """.formatted(escape(title), escape(banner), content);
    }

    /** A list of labelled values ({@code label, value, label, value...}), all escaped. */
    public static String details(String... labelsAndValues) {
        if (labelsAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("a value for every label");
        }
        StringBuilder dl = new StringBuilder("<dl>\n");
        for (int i = 0; i < labelsAndValues.length; i += 2) {
            dl.append("<dt>").append(escape(labelsAndValues[i])).append("</dt><dd>").append(escape(labelsAndValues[i + 1]))
                    .append("</dd>\n");
        }
        return dl.append("</dl>\n").toString();
    }

    /** A form posting {@code choice} to {@code action} with two buttons: {@code yes} (class ok) and {@code no}. */
    public static String choiceForm(String action, String yesValue, String yesLabel, String noValue, String noLabel) {
        return "<form method=\"post\" action=\"" + escape(action) + "\">"
                + "<button class=\"ok\" name=\"choice\" value=\"" + escape(yesValue) + "\">" + escape(yesLabel) + "</button>"
                + "<button class=\"no\" name=\"choice\" value=\"" + escape(noValue) + "\">" + escape(noLabel) + "</button></form>";
    }

    /**
     * The payer's choice from a posted form body (its one {@code choice} field), as sent.
     *
     * @throws IllegalArgumentException naming the problem when the body is not a well-formed form
     *                                  with exactly one choice
     */
    public static String choice(IncomingRequest request) {
        Map<String, List<String>> form = FormCodec.decode(request.bodyText());
        return FormCodec.single(form, "choice");
    }

    /** HTML-escapes text from a client's request, which must never become markup on a page. */
    public static String escape(String text) {
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
