package org.paymentroutes.logging;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What may be written to a log line or stored from a stranger, whatever wrote it (our code, Camel,
 * the HTTP stacks): secrets and payer data masked, control characters escaped. {@link MaskingRewritePolicy}
 * applies {@link #forLog} to every log message, so a forgotten argument or a library's DEBUG line
 * cannot carry a token, and no input can start a forged line ({@code %0A}) or write a NUL byte.
 */
public final class LogMasking {

    /** What replaces a masked value. */
    public static final String MASK = "***";

    private LogMasking() {
    }

    // Authorization: Basic ..., Authorization=Bearer ..., "Authorization":"Bearer ..." (the whole value).
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "(?i)(\\b(?:proxy-)?authorization\\b[\"']?\\s*[:=]\\s*[\"']?)(?:(?:basic|bearer|digest|token)\\s+)?[^\\s\"',;}\\]]+");
    // A credential scheme anywhere else (a header dump, an exception message).
    private static final Pattern SCHEME = Pattern.compile("(?i)\\b(basic|bearer)(\\s+)[A-Za-z0-9._~+/=-]{6,}");
    // Names of values that are secret or personal, as a key=value / key: value pair or a JSON member.
    private static final String KEYS = "(?:[A-Za-z0-9_.-]*(?:secret|password|passwd|token|api[_-]?key|credentials?|private[_-]?key)"
            + "|(?:[A-Za-z0-9]+[_.])*(?:pwd|otp|pin|auth(?:orization)?_?code|(?:first|last|full|given|family|display)?_?name"
            + "|e-?mail|iban|phone|ip|user_?agent|street|address|user_?info))";
    private static final Pattern JSON_MEMBER = Pattern.compile(
            "(?i)(\"" + KEYS + "\"\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|[^,}\\]\\s]+)");
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)(?<![A-Za-z0-9_.-])(" + KEYS + ")(\\s*[=:]\\s*)(?!\\*\\*\\*)([^\\s&,;\"'}\\])]+)");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
    // Two letters, two check digits, 11 to 30 alphanumerics (with or without the usual spaces every four).
    private static final Pattern IBAN = Pattern.compile("\\b[A-Z]{2}[0-9]{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\\b");
    // user:password@ in a URL (jdbc:postgresql://u:p@host, tcp://u:p@host).
    private static final Pattern URL_USER_INFO = Pattern.compile("(?<=://)[^/@\\s?#]+@");
    // user= / password= (and the like) as URL or JDBC parameters.
    private static final Pattern URL_CREDENTIAL = Pattern.compile(
            "(?i)([?&;:](?:user|username|password|passwd|pwd|sslpassword|sslkey)=)[^&;\\s]*");

    /** A message fit for a log line: secrets and payer data masked, control characters escaped. */
    public static String forLog(String message) {
        if (message == null) {
            return null;
        }
        return escapeControls(mask(message));
    }

    /** Masks credentials, tokens and payer data (names, e-mails, IBANs) in free text. */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String s = AUTHORIZATION.matcher(text).replaceAll("$1" + MASK);
        s = SCHEME.matcher(s).replaceAll("$1$2" + MASK);
        s = JSON_MEMBER.matcher(s).replaceAll("$1\"" + MASK + "\"");
        s = KEY_VALUE.matcher(s).replaceAll("$1$2" + MASK);
        s = EMAIL.matcher(s).replaceAll(MASK + "@" + MASK);
        s = IBAN.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group().substring(0, 2) + MASK));
        return s;
    }

    /** A URL with any user info and credential parameters masked (start-up lines name the store and the broker). */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        String s = URL_USER_INFO.matcher(url).replaceAll(MASK + "@");
        return URL_CREDENTIAL.matcher(s).replaceAll("$1" + MASK);
    }

    /**
     * Control characters (CR, LF, NUL, ESC, DEL, C1, the Unicode line separators) as visible escapes:
     * one call, one line, whatever a stranger sent.
     */
    public static String escapeControls(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String escaped = c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t"
                    : c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029' ? String.format("\\u%04x", (int) c) : null;
            if (escaped != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                out.append(escaped != null ? escaped : String.valueOf(c));
            }
        }
        return out == null ? text : out.toString();
    }

    /**
     * A short note from unauthenticated input, fit to store or log: control characters escaped,
     * then cut at {@code max} characters with the original length said.
     */
    public static String bounded(String text, int max) {
        if (text == null) {
            return "(none)";
        }
        String s = escapeControls(text);
        return s.length() <= max ? s : s.substring(0, max) + "...(" + text.length() + " chars)";
    }
}
