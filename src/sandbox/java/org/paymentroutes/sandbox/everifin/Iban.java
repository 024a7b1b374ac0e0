package org.paymentroutes.sandbox.everifin;

import java.math.BigInteger;
import java.util.Map;

/** IBAN checks (ISO 13616: format, country length, mod-97 check digits) and the Slovak bank code. */
final class Iban {

    /** Lengths for the countries an Everifin payment is likely to touch; others only need 15 to 34 characters. */
    private static final Map<String, Integer> LENGTHS = Map.ofEntries(
            Map.entry("SK", 24), Map.entry("CZ", 24), Map.entry("AT", 20), Map.entry("DE", 22), Map.entry("FR", 27),
            Map.entry("HU", 28), Map.entry("PL", 28), Map.entry("IT", 27), Map.entry("ES", 24), Map.entry("NL", 18),
            Map.entry("BE", 16), Map.entry("GB", 22), Map.entry("IE", 22), Map.entry("LU", 20), Map.entry("PT", 25),
            Map.entry("SI", 19), Map.entry("HR", 21), Map.entry("FI", 18), Map.entry("EE", 20), Map.entry("LV", 21),
            Map.entry("LT", 20), Map.entry("CH", 21), Map.entry("LI", 21), Map.entry("NO", 15), Map.entry("SE", 24),
            Map.entry("DK", 18), Map.entry("GR", 27), Map.entry("RO", 24), Map.entry("BG", 22), Map.entry("MT", 31),
            Map.entry("CY", 28));
    private static final BigInteger NINETY_SEVEN = BigInteger.valueOf(97);

    private Iban() {
    }

    /** What is wrong with this IBAN (electronic form: no spaces, upper case), or null when it is valid. */
    static String problem(String iban) {
        if (iban == null || iban.isEmpty()) {
            return "is required";
        }
        if (!iban.matches("[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")) {
            return "must be an IBAN in electronic form (country code, check digits, BBAN; upper case, no spaces)";
        }
        Integer length = LENGTHS.get(iban.substring(0, 2));
        if (length != null && iban.length() != length) {
            return "must have " + length + " characters for country " + iban.substring(0, 2);
        }
        return mod97(iban.substring(4) + iban.substring(0, 4)) == 1 ? null : "IBAN check digits are wrong";
    }

    /** The bank code of a Slovak IBAN ({@code SKkk BBBB ...}: characters 5 to 8), null for any other. */
    static String slovakBankCode(String iban) {
        return iban != null && iban.startsWith("SK") && iban.length() == 24 ? iban.substring(4, 8) : null;
    }

    /** A valid IBAN for a country and BBAN: computes the check digits. */
    static String of(String country, String bban) {
        int check = 98 - mod97(bban + country + "00");
        return country + (check < 10 ? "0" : "") + check + bban;
    }

    private static int mod97(String rearranged) {
        StringBuilder digits = new StringBuilder(rearranged.length() * 2);
        for (char c : rearranged.toCharArray()) {
            digits.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        return new BigInteger(digits.toString()).mod(NINETY_SEVEN).intValue();
    }
}
