package org.paymentroutes.cli.authorize;

/** Text from the network made safe to print. */
final class TerminalText {

    private static final int MAX = 200;

    private TerminalText() {
    }

    /** Printable characters only (control characters become spaces), at most 200, so a line cannot be forged. */
    static String clean(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(MAX).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return b.toString().strip() + (s.codePointCount(0, s.length()) > MAX ? "..." : "");
    }
}
