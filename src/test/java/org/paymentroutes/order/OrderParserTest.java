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

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"DE89370400440532013000", "GB29NWBK60161331926819", "NO9386011117947",
            "CZ6508000000192000145399", "BE68539007547034", "AT611904300234573201", "NL91ABNA0417164300", "CH9300762011623852957",
            "PL61109010140000071219812874", "IT60X0542811101000000123456", "ES9121000418450200051332",
            "MT84MALT011000012345MTLCAST001S", "SK3112000000198742637541", "FR1420041010050500013M02606",
            // A country missing from the length table is checked by shape and check digits only.
            "LY83002048000020100120361"})
    void validIbansOfEveryLengthAreAccepted(String iban) {
        assertThat(OrderParser.ibanValid(iban)).isTrue();
    }

    @Test
    void anIbanOfTheWrongLengthForItsCountryIsRefusedEvenWithGoodCheckDigits() {
        assertThat(OrderParser.ibanChecksumOk("FR133000600001123456789018")).isTrue();
        assertThat(OrderParser.ibanValid("FR133000600001123456789018")).isFalse();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"203.0.113.7", "2001:db8::1", "::1", "fe80::1", "::ffff:192.0.2.1",
            "2001:0db8:85a3:0000:0000:8a2e:0370:7334"})
    void payerIpsThatAreAddressesAreAccepted(String ip) {
        OrderParser.Result r = parse("""
                {"orderId": "ERP-IP", "provider": "fintecture", "amount": "1.00", "currency": "EUR", "payer": {"name": "A", "ip": "%s"}}
                """.formatted(ip));
        assertThat(r.problems()).isEmpty();
    }
}
