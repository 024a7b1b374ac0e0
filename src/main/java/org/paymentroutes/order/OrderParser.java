package org.paymentroutes.order;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses and validates a payment order. It never throws on bad input: it returns every problem it
 * finds (field and reason), so the ERP can fix them all at once.
 *
 * <p>Rules are those of docs/architecture.md#payment-orders plus what the providers enforce (lengths, formats), checked
 * here so that a bad order is refused before any provider is called.
 */
public final class OrderParser {

    /** Largest order body we read; larger ones are refused without parsing. */
    public static final int MAX_BYTES = 64 * 1024;

    public static final Set<String> PROVIDERS = Set.of("fintecture", "everifin");

    private final Set<String> enabled;
    /** Whether an Everifin order must carry the payer's ip and userAgent now (false: they come later, with the authorization). */
    private final boolean deviceNow;

    private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}");
    private static final Pattern DECIMAL = Pattern.compile("\\d{1,13}(\\.\\d{1,13})?");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,255}\\.[^@\\s]{2,}");
    private static final Pattern IBAN = Pattern.compile("[A-Z]{2}\\d{2}[A-Z0-9]{11,30}");
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("9999999999.99");
    private static final Set<String> KNOWN_TOP_LEVEL = Set.of("orderId", "provider", "amount", "currency",
            "communication", "redirectUri", "payer", "beneficiary", "schemaVersion", "endToEndId");

    // A field we do not know is refused at every level: it is either a typo (a value the sender meant
    // us to use and we would silently ignore) or an order for a newer schema.
    private static final Set<String> PAYER_FIELDS = Set.of("name", "company", "email", "phone", "incorporation", "address",
            "ip", "userAgent", "iban");
    private static final Set<String> ADDRESS_FIELDS = Set.of("street", "number", "complement", "zip", "city", "country");
    private static final Set<String> BENEFICIARY_FIELDS = Set.of("name", "iban");

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            // "{order A}{order B}" or "{order} junk" is refused whole, never half read.
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** A parser for orders to every provider. */
    public OrderParser() {
        this(PROVIDERS);
    }

    /** A parser that accepts orders only for the providers configured ({@code enabled}). */
    public OrderParser(Set<String> enabled) {
        this(enabled, true);
    }

    private OrderParser(Set<String> enabled, boolean deviceNow) {
        this.enabled = Set.copyOf(enabled);
        this.deviceNow = deviceNow;
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(20).maxStringLength(MAX_BYTES).maxNumberLength(40).build());
    }

    /**
     * The same rules, except that an Everifin order's payer ip and userAgent are not required (they are
     * still checked when present): for orders from a pain.001 file, which has neither; the treasurer's
     * authorization message brings them when the payment is opened ({@link #payerDevice}).
     */
    public OrderParser payerDeviceLater() {
        return new OrderParser(enabled, false);
    }

    /** The result: either an order, or the problems (and the order id when one could be read). */
    public record Result(PaymentOrder order, List<Problem> problems, String orderId) {
        public boolean valid() {
            return order != null;
        }
    }

    public Result parse(byte[] body) {
        if (body == null || body.length == 0) {
            return invalid(null, new Problem("$", "the message is empty; expected a JSON payment order"));
        }
        if (body.length > MAX_BYTES) {
            return invalid(null, new Problem("$", "the message is " + body.length + " bytes; the limit is " + MAX_BYTES));
        }
        String text;
        try {
            text = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(body)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return invalid(null, new Problem("$", "the message is not valid UTF-8"));
        }
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (Exception e) {
            String why = e.getMessage() == null ? "unreadable" : e.getMessage().lines().findFirst().orElse("unreadable");
            return invalid(null, new Problem("$", "not valid JSON: " + why));
        }
        if (root == null || !root.isObject()) {
            return invalid(null, new Problem("$", "expected a JSON object"));
        }
        return validate(root);
    }

    private Result validate(JsonNode root) {
        Fields f = new Fields(root);
        String orderId = f.text("orderId", true, 64);
        JsonNode rawId = root.get("orderId");
        if (orderId != null && rawId != null && !rawId.textValue().equals(orderId)) {
            f.problem("orderId", "must not start or end with spaces (it is the idempotency key, compared exactly)");
            orderId = null;
        } else if (orderId != null && !ORDER_ID.matcher(orderId).matches()) {
            f.problem("orderId", "must be 1-64 characters: letters, digits and . _ : / - (starting with a letter or digit)");
            orderId = null;
        }
        String provider = f.text("provider", true, 20);
        if (provider != null && !PROVIDERS.contains(provider)) {
            f.problem("provider", "must be one of " + new java.util.TreeSet<>(PROVIDERS) + ", was '" + provider + "'");
        } else if (provider != null && !enabled.contains(provider)) {
            f.problem("provider", "'" + provider + "' is not configured in this bundle (configured: " + new java.util.TreeSet<>(enabled) + ")");
        }
        String currency = f.text("currency", true, 3);
        Currency iso = null;
        if (currency != null) {
            if (!CURRENCY.matcher(currency).matches()) {
                f.problem("currency", "must be an ISO 4217 code of three capital letters, was '" + currency + "'");
            } else {
                try {
                    iso = Currency.getInstance(currency);
                } catch (IllegalArgumentException e) {
                    f.problem("currency", "'" + currency + "' is not an ISO 4217 currency");
                }
                if (iso != null && currency.startsWith("X")) {
                    // X codes are metals, funds, special drawing rights and test codes: not money a bank transfers.
                    f.problem("currency", "'" + currency + "' is not a currency of bank transfers (X codes are metals, funds and test codes)");
                    iso = null;
                }
            }
        }
        BigDecimal amount = amount(f, root.get("amount"), iso);
        String communication = f.text("communication", false, 140);
        if ("everifin".equals(provider) && (communication != null ? communication : orderId != null ? orderId : "").length() > 35) {
            f.problem(communication != null ? "communication" : "orderId",
                    "is longer than 35 characters, the limit of an Everifin payment reference");
        }
        String endToEndId = f.text("endToEndId", false, 35);
        String redirectUri = f.text("redirectUri", false, 2048);
        if (redirectUri != null && !isHttpUrl(redirectUri)) {
            f.problem("redirectUri", "must be an absolute http(s) URL");
        }
        PaymentOrder.Payer payer = payer(f, root.get("payer"), provider, deviceNow);
        PaymentOrder.Beneficiary beneficiary = beneficiary(f, root.get("beneficiary"), provider);
        f.refuseUnknown(KNOWN_TOP_LEVEL, "payment order");
        JsonNode version = root.get("schemaVersion");
        if (version != null && !(version.isInt() && version.asInt() == 1)) {
            f.problem("schemaVersion", "only schemaVersion 1 is understood");
        }
        if (!f.problems.isEmpty()) {
            return new Result(null, List.copyOf(f.problems), orderId);
        }
        String comm = communication != null ? communication : orderId;
        return new Result(new PaymentOrder(orderId, provider, amount, currency, comm, redirectUri, payer, beneficiary, endToEndId),
                List.of(), orderId);
    }

    private static BigDecimal amount(Fields f, JsonNode node, Currency currency) {
        if (node == null || node.isNull()) {
            f.problem("amount", "is required");
            return null;
        }
        if (!node.isTextual()) {
            f.problem("amount", "must be a decimal string such as \"273.00\", not a JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT));
            return null;
        }
        String text = node.textValue();
        if (!DECIMAL.matcher(text).matches()) {
            f.problem("amount", "must be a plain decimal string such as \"273.00\", was '" + Fields.shorten(text) + "'");
            return null;
        }
        BigDecimal value = new BigDecimal(text);
        if (value.signum() <= 0) {
            f.problem("amount", "must be greater than zero");
            return null;
        }
        if (value.compareTo(MAX_AMOUNT) > 0) {
            f.problem("amount", "must be at most " + MAX_AMOUNT.toPlainString());
            return null;
        }
        if (currency == null) {
            return value;
        }
        int digits = Math.max(currency.getDefaultFractionDigits(), 0);
        if (value.stripTrailingZeros().scale() > digits) {
            f.problem("amount", "has more decimals than " + currency.getCurrencyCode() + " allows (" + digits + ")");
            return null;
        }
        return value.setScale(digits);
    }

    private static PaymentOrder.Payer payer(Fields parent, JsonNode node, String provider, boolean deviceNow) {
        boolean everifin = "everifin".equals(provider);
        if (node == null || node.isNull()) {
            parent.problem("payer", "is required (at least payer.name)");
            return null;
        }
        if (!node.isObject()) {
            parent.problem("payer", "must be an object");
            return null;
        }
        Fields f = parent.child("payer", node);
        String name = f.text("name", true, 140);
        String company = f.text("company", false, 140);
        String email = f.text("email", false, 254);
        if (email != null && !EMAIL.matcher(email).matches()) {
            f.problem("email", "is not an e-mail address");
        }
        String phone = f.text("phone", false, 32);
        String incorporation = f.text("incorporation", false, 64);
        String ip = f.text("ip", everifin && deviceNow, 45);
        if (ip != null && !isIp(ip)) {
            f.problem("ip", "must be an IPv4 or IPv6 address");
        }
        String userAgent = f.text("userAgent", everifin && deviceNow, 1024);
        if (userAgent != null && everifin && !userAgent.contains("(")) {
            f.problem("userAgent", USER_AGENT_RULE);
        }
        String iban = f.text("iban", false, 42);
        if (iban != null) {
            iban = iban.replace(" ", "");
            if (!ibanValid(iban)) {
                f.problem("iban", "is not a valid IBAN (country, length or check digits)");
            }
        }
        PaymentOrder.Address address = null;
        JsonNode a = node.get("address");
        if (a != null && !a.isNull()) {
            if (!a.isObject()) {
                f.problem("address", "must be an object");
            } else {
                Fields af = f.child("address", a);
                String country = af.text("country", false, 2);
                if (country != null && !COUNTRY.matcher(country).matches()) {
                    af.problem("country", "must be an ISO 3166 code of two capital letters");
                }
                address = new PaymentOrder.Address(af.text("street", false, 140), af.text("number", false, 16),
                        af.text("complement", false, 140), af.text("zip", false, 16), af.text("city", false, 70), country);
                af.refuseUnknown(ADDRESS_FIELDS, "address");
            }
        }
        f.refuseUnknown(PAYER_FIELDS, "payer");
        return new PaymentOrder.Payer(name, company, email, phone, incorporation, address, ip, userAgent, iban);
    }

    private static final String USER_AGENT_RULE =
            "must be the payer's full browser user agent, with its system part (e.g. \"Mozilla/5.0 (X11; Linux x86_64) ...\")";

    /** The payer's device of an Everifin payment: both values, or the problems found (fields under {@code payer.}). */
    public record PayerDevice(String ip, String userAgent, List<Problem> problems) {
    }

    /**
     * Checks a payer object that brings only the device (ip, userAgent), as an order's payer is checked
     * (the treasurer's authorization of a payment from a pain.001 file). Other fields are refused.
     */
    public static PayerDevice payerDevice(JsonNode node) {
        Fields root = new Fields(JSON_NULL);
        if (node == null || !node.isObject()) {
            root.problem("payer", "is required: an object with ip and userAgent");
            return new PayerDevice(null, null, List.copyOf(root.problems));
        }
        Fields f = root.child("payer", node);
        String ip = f.text("ip", true, 45);
        if (ip != null && !isIp(ip)) {
            f.problem("ip", "must be an IPv4 or IPv6 address");
            ip = null;
        }
        String userAgent = f.text("userAgent", true, 1024);
        if (userAgent != null && !userAgent.contains("(")) {
            f.problem("userAgent", USER_AGENT_RULE);
            userAgent = null;
        }
        f.refuseUnknown(Set.of("ip", "userAgent"), "payer's device");
        return new PayerDevice(ip, userAgent, List.copyOf(root.problems));
    }

    private static final JsonNode JSON_NULL = com.fasterxml.jackson.databind.node.NullNode.getInstance();

    private static PaymentOrder.Beneficiary beneficiary(Fields parent, JsonNode node, String provider) {
        boolean everifin = "everifin".equals(provider);
        if (node == null || node.isNull()) {
            if (everifin) {
                parent.problem("beneficiary", "is required for provider everifin (name and iban)");
            }
            return null;
        }
        if (!node.isObject()) {
            parent.problem("beneficiary", "must be an object");
            return null;
        }
        Fields f = parent.child("beneficiary", node);
        String name = f.text("name", everifin, 140);
        String iban = f.text("iban", everifin, 42);
        if (iban != null) {
            iban = iban.replace(" ", "");
            if (!ibanValid(iban)) {
                f.problem("iban", "is not a valid IBAN (country, length or check digits)");
            }
        }
        f.refuseUnknown(BENEFICIARY_FIELDS, "beneficiary");
        return new PaymentOrder.Beneficiary(name, iban);
    }

    /**
     * IBAN lengths by country (SWIFT's IBAN registry). A country not listed is checked by the
     * generic pattern and the checksum only, so an IBAN country added later is not refused.
     */
    private static final java.util.Map<String, Integer> IBAN_LENGTHS = ibanLengths(
            "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DK18 DO28 EE20 EG29 ES24 "
            + "FI18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 "
            + "LI21 LT20 LU20 LV21 MC27 MD24 ME22 MK19 MR27 MT31 MU30 NL18 NO15 PK24 PL28 PS29 PT25 QA29 RO24 RS22 SA24 "
            + "SC31 SE24 SI19 SK24 SM27 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20");

    private static java.util.Map<String, Integer> ibanLengths(String table) {
        java.util.Map<String, Integer> m = new java.util.HashMap<>();
        for (String entry : table.split(" ")) {
            m.put(entry.substring(0, 2), Integer.parseInt(entry.substring(2)));
        }
        return java.util.Map.copyOf(m);
    }

    /** Whether an IBAN (spaces removed) has the shape, the length of its country and a valid checksum. */
    static boolean ibanValid(String iban) {
        if (!IBAN.matcher(iban).matches()) {
            return false;
        }
        Integer length = IBAN_LENGTHS.get(iban.substring(0, 2));
        return (length == null || length == iban.length()) && ibanChecksumOk(iban);
    }

    static boolean ibanChecksumOk(String iban) {
        String moved = iban.substring(4) + iban.substring(0, 4);
        int mod = 0;
        for (char c : moved.toCharArray()) {
            int v = Character.isDigit(c) ? c - '0' : c - 'A' + 10;
            mod = v > 9 ? (mod * 100 + v) % 97 : (mod * 10 + v) % 97;
        }
        return mod == 1;
    }

    private static boolean isHttpUrl(String s) {
        try {
            URI u = new URI(s);
            return u.isAbsolute() && ("https".equalsIgnoreCase(u.getScheme()) || "http".equalsIgnoreCase(u.getScheme()))
                    && u.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean isIp(String s) {
        if (s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            for (String part : s.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return false;
                }
            }
            return true;
        }
        // Starting with a hex digit or ':' keeps InetAddress on its literal parser (no DNS lookup).
        if (!s.contains(":") || !s.matches("[0-9A-Fa-f:][0-9A-Fa-f:.]{1,44}")) {
            return false;
        }
        try {
            // An IPv6 literal (it holds ':' and only hex digits, ':' and '.') is parsed, never looked up.
            return java.net.InetAddress.getByName(s) instanceof java.net.Inet6Address
                    || s.matches("(?i)::ffff:\\d{1,3}(\\.\\d{1,3}){3}") && isIp(s.substring(7));
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static Result invalid(String orderId, Problem problem) {
        return new Result(null, List.of(problem), orderId);
    }

    /** Reads typed fields of one JSON object, collecting problems under a path prefix. */
    private static final class Fields {
        private final String prefix;
        private final JsonNode node;
        private final List<Problem> problems;

        Fields(JsonNode node) {
            this("", node, new ArrayList<>());
        }

        private Fields(String prefix, JsonNode node, List<Problem> problems) {
            this.prefix = prefix;
            this.node = node;
            this.problems = problems;
        }

        Fields child(String name, JsonNode child) {
            return new Fields(prefix + name + ".", child, problems);
        }

        void problem(String field, String reason) {
            problems.add(new Problem(prefix + field, reason));
        }

        String text(String field, boolean required, int maxLength) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                if (required) {
                    problem(field, "is required");
                }
                return null;
            }
            if (!v.isTextual()) {
                problem(field, "must be a string, was a JSON " + v.getNodeType().name().toLowerCase(Locale.ROOT));
                return null;
            }
            String s = v.textValue();
            if (s.isBlank()) {
                if (required) {
                    problem(field, "must not be blank");
                }
                return null;
            }
            if (s.codePointCount(0, s.length()) > maxLength) {
                problem(field, "is longer than " + maxLength + " characters");
                return null;
            }
            if (s.chars().anyMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029')) {
                problem(field, "contains control characters");
                return null;
            }
            if (!java.nio.charset.StandardCharsets.UTF_8.newEncoder().canEncode(s)) {
                problem(field, "contains broken Unicode (an unpaired surrogate)");
                return null;
            }
            if (s.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)
                    || Character.getType(c) == Character.FORMAT)) {
                if (required) {
                    problem(field, "must not be blank");
                }
                return null;
            }
            if (s.codePoints().anyMatch(c -> Character.getType(c) == Character.FORMAT || c == 0xFFFF || c == 0xFFFE)) {
                problem(field, "contains invisible or direction-changing characters");
                return null;
            }
            return s.strip();
        }

        /** A field name from the input, made safe to show (an unknown key is the sender's text). */
        static String safeName(String name) {
            String clean = name.replaceAll("[\\p{Cntrl}\\p{Cf}\\u2028\\u2029]", "?").strip();
            if (clean.isEmpty()) {
                return "(unnamed field)";
            }
            return clean.length() > 64 ? clean.substring(0, 64) + "..." : clean;
        }

        /** A problem for each field of this object that is not in {@code known}. */
        void refuseUnknown(Set<String> known, String what) {
            node.fieldNames().forEachRemaining(name -> {
                if (!known.contains(name)) {
                    problem(safeName(name), "is not a field of " + (what.startsWith("payment") ? "a " : "the ") + what);
                }
            });
        }

        static String shorten(String s) {
            String clean = s.replaceAll("\\p{Cntrl}", "?");
            return clean.length() > 40 ? clean.substring(0, 40) + "..." : clean;
        }
    }
}
