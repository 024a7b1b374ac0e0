package org.paymentroutes.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrderParserTest {

    final OrderParser parser = new OrderParser();

    static String order(String amountJson, String currency) {
        return """
                {"orderId": "ERP-1", "provider": "fintecture", "amount": %s, "currency": "%s", "payer": {"name": "A B"}}
                """.formatted(amountJson, currency);
    }

    OrderParser.Result parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theArchitectureSampleIsValidAndExact() throws Exception {
        OrderParser.Result r = parser.parse(Files.readAllBytes(Path.of("samples/order-fintecture.json")));
        assertThat(r.problems()).isEmpty();
        PaymentOrder o = r.order();
        assertThat(o.orderId()).isEqualTo("ERP-2026-000123");
        assertThat(o.amountText()).isEqualTo("273.00");
        assertThat(o.communication()).isEqualTo("B34970692");
        assertThat(o.payer().address().country()).isEqualTo("FR");
        assertThat(o.beneficiary().iban()).isEqualTo("SK3112000000198742637541");
    }

    @Test
    void communicationDefaultsToTheOrderId() {
        assertThat(parse(order("\"1.00\"", "EUR")).order().communication()).isEqualTo("ERP-1");
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "\"273\"     | EUR | 273.00",
            "\"0.01\"    | EUR | 0.01",
            "\"1.50\"    | EUR | 1.50",
            "\"1.500\"   | EUR | 1.50",
            "\"100\"     | JPY | 100",
            "\"1.234\"   | BHD | 1.234"})
    void amountsAreExactAndScaledToTheCurrency(String amount, String currency, String expected) {
        OrderParser.Result r = parse(order(amount, currency));
        assertThat(r.problems()).isEmpty();
        assertThat(r.order().amountText()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "12.5        | EUR | not a JSON number",
            "\"-1.00\"   | EUR | plain decimal string",
            "\"0.00\"    | EUR | greater than zero",
            "\"1.001\"   | EUR | more decimals than EUR allows (2)",
            "\"1.5\"     | JPY | more decimals than JPY allows (0)",
            "\"1e3\"     | EUR | plain decimal string",
            "\"12,50\"   | EUR | plain decimal string",
            "\"99999999999.00\" | EUR | at most",
            "null        | EUR | is required"})
    void badAmountsNameTheFieldAndTheReason(String amount, String currency, String reason) {
        OrderParser.Result r = parse(order(amount, currency));
        assertThat(r.valid()).isFalse();
        assertThat(r.problems()).anySatisfy(p -> {
            assertThat(p.field()).isEqualTo("amount");
            assertThat(p.reason()).contains(reason);
        });
    }

    @Test
    void everyProblemIsListedAtOnce() {
        OrderParser.Result r = parse("""
                {"orderId": "bad id!", "provider": "paypal", "amount": "1", "currency": "XYZ", "redirectUri": "ftp://x",
                 "payer": {"name": 5, "email": "x", "address": {"country": "France"}}, "extra": 1, "beneficiary": {"iban": "FR00"}}
                """);
        assertThat(r.problems()).extracting(Problem::field).containsExactlyInAnyOrder("orderId", "provider", "currency",
                "redirectUri", "payer.name", "payer.email", "payer.address.country", "extra", "beneficiary.iban");
    }

    @Test
    void everifinNeedsThePayersBrowserAndTheBeneficiary() {
        OrderParser.Result r = parse("""
                {"orderId": "E-1", "provider": "everifin", "amount": "1.00", "currency": "EUR", "payer": {"name": "A"}}
                """);
        assertThat(r.problems()).extracting(Problem::field).containsExactlyInAnyOrder("payer.ip", "payer.userAgent", "beneficiary");
        OrderParser.Result badAgent = parse("""
                {"orderId": "E-1", "provider": "everifin", "amount": "1.00", "currency": "EUR", "communication": "%s",
                 "payer": {"name": "A", "ip": "203.0.113.7", "userAgent": "curl/8", "iban": "SK00"},
                 "beneficiary": {"name": "B", "iban": "SK3112000000198742637541"}}
                """.formatted("x".repeat(36)));
        assertThat(badAgent.problems()).extracting(Problem::field).containsExactlyInAnyOrder("payer.userAgent", "payer.iban", "communication");
    }

    @Test
    void aProviderThisBundleIsNotConfiguredForIsRefused() {
        OrderParser.Result r = new OrderParser(java.util.Set.of("fintecture")).parse("""
                {"orderId": "E-1", "provider": "everifin", "amount": "1.00", "currency": "EUR", "payer": {"name": "A", "ip": "1.2.3.4",
                 "userAgent": "Mozilla/5.0 (X11)"}, "beneficiary": {"name": "B", "iban": "SK3112000000198742637541"}}
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(r.problems()).extracting(Problem::field, Problem::reason).containsExactly(org.assertj.core.groups.Tuple.tuple(
                "provider", "'everifin' is not configured in this bundle (configured: [fintecture])"));
    }

    @Test
    void brokenInputNeverThrows() {
        String[] inputs = {"", "[]", "null", "\"x\"", "{", "{\"orderId\": \"A\", \"orderId\": \"B\"}", "{}",
                "{\"orderId\": \"A\u0000\"}", "{\"orderId\": {\"$ne\": 1}}", "x".repeat(70_000)};
        for (String in : inputs) {
            OrderParser.Result r = parse(in);
            assertThat(r.valid()).as(in.length() > 50 ? in.substring(0, 50) : in).isFalse();
            assertThat(r.problems()).isNotEmpty().allSatisfy(p -> assertThat(p.reason()).isNotBlank());
        }
        assertThat(parser.parse(new byte[] {(byte) 0xC3, (byte) 0x28}).problems().get(0).reason()).contains("UTF-8");
    }

    @Test
    void controlCharactersAreRefused() {
        OrderParser.Result r = parse("""
                {"orderId": "ERP-1", "provider": "fintecture", "amount": "1.00", "currency": "EUR", "payer": {"name": "A\\u0007B"}}
                """);
        assertThat(r.problems()).extracting(Problem::field, Problem::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("payer.name", "contains control characters"));
    }

    @Test
    void ibanChecksum() {
        assertThat(OrderParser.ibanChecksumOk("SK3112000000198742637541")).isTrue();
        assertThat(OrderParser.ibanChecksumOk("SK3112000000198742637542")).isFalse();
        assertThat(OrderParser.ibanChecksumOk("FR1420041010050500013M02606")).isTrue();
    }
}
