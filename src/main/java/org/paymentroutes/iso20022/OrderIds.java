package org.paymentroutes.iso20022;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The order id of a pain.001 transaction: {@code "iso-"} + the first 26 characters of the lowercase
 * base32 (RFC 4648 alphabet, no padding) of SHA-256 over MsgId, PmtInfId and EndToEndId joined by
 * U+0000, a character no XML 1.0 document can hold, so two different triples never join into the
 * same text. 26 characters keep 130 bits of the hash; 30 in all fit the order id rules and
 * Everifin's 35-character payment reference. The same file sent again gives the same ids: its
 * transactions are answered as duplicates, nothing is paid twice.
 */
public final class OrderIds {

    public static final String PREFIX = "iso-";
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final int LENGTH = 26;

    private OrderIds() {
    }

    public static String of(String msgId, String pmtInfId, String endToEndId) {
        return hashed(PREFIX, msgId + '\u0000' + pmtInfId + '\u0000' + endToEndId);
    }

    /**
     * The MsgId of one of our pain.002 reports, derived the same way from what it reports ({@code
     * "rpt-"} + 26 base32 characters, a Max35Text): the same report written again (a file sent twice,
     * a change re-published) carries the same MsgId, so the ERP can tell it is a repeat.
     */
    public static String reportId(String... parts) {
        return hashed("rpt-", String.join("\u0000", parts));
    }

    private static String hashed(String prefix, String text) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder out = new StringBuilder(prefix);
        int buffer = 0;
        int bits = 0;
        for (byte b : hash) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5 && out.length() < prefix.length() + LENGTH) {
                out.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        return out.toString();
    }
}
