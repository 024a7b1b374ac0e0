package org.paymentroutes.iso20022;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.paymentroutes.order.OrderParser;
import org.paymentroutes.order.PaymentOrder;

class Pain001IntakeTest {

    static final LocalDate TODAY = LocalDate.of(2026, 12, 1);
    static final Pain002Writer.Header HEADER = new Pain002Writer.Header("RPT-1", OffsetDateTime.of(2026, 12, 1, 10, 0, 0, 0, ZoneOffset.UTC));
    private static final Path CORPUS = Path.of("src/test/resources/bad-pain001");

    final Pain001Intake intake = new Pain001Intake(Iso20022Config.defaults("fintecture")
            .withAccounts(Map.of("NL91ABNA0417164300", "everifin")), new OrderParser());

    static byte[] sample(Pain001Version v) throws Exception {
        return Files.readAllBytes(Path.of("samples", v.messageId() + ".xml"));
    }

    @ParameterizedTest
    @EnumSource(Pain001Version.class)
    void samplesAreValidAndEveryTransactionBecomesAnOrder(Pain001Version v) throws Exception {
        byte[] xml = sample(v);
        OfficialSchemas.validate(v.messageId(), new String(xml, StandardCharsets.UTF_8));
        Pain001Intake.Outcome out = intake.read(xml, TODAY);
        assertThat(out.refusal()).isNull();
        assertThat(out.rejected()).isEmpty();
        assertThat(out.status()).isEqualTo(Pain001Intake.GroupStatus.ACTC);
        assertThat(out.accepted()).hasSize(5);
        assertThat(out.file().version()).isEqualTo(v);

        Pain001Intake.Accepted first = out.accepted().get(0);
        PaymentOrder o = first.order();
        String msgId = "ACME-RUN-" + v.messageId().substring(13) + "-20261201-01";
        assertThat(o.orderId()).isEqualTo(OrderIds.of(msgId, "PMT-SUPPLIERS-1", "INV-2026-0001")).startsWith("iso-").hasSize(30);
        assertThat(o.provider()).isEqualTo("fintecture");
        assertThat(o.amountText()).isEqualTo("1250.00");
        assertThat(o.currency()).isEqualTo("EUR");
        assertThat(o.communication()).isEqualTo("Invoice 2026-0001");
        assertThat(o.endToEndId()).isEqualTo("INV-2026-0001");
        assertThat(o.payer().name()).isEqualTo("Acme Industrie GmbH");
        assertThat(o.payer().iban()).isEqualTo("DE89370400440532013000");
        assertThat(o.beneficiary()).isEqualTo(new PaymentOrder.Beneficiary("Papierwerk Nord GmbH", "DE44500105175407324931"));
        assertThat(first.ref()).isEqualTo(new TransactionRef(v, msgId, "PMT-SUPPLIERS-1", "I-1", "INV-2026-0001"));
        // The salaries are paid from the account configured for Everifin, whose device comes later.
        PaymentOrder salary = out.accepted().get(3).order();
        assertThat(salary.provider()).isEqualTo("everifin");
        assertThat(salary.payer().ip()).isNull();

        String report = Pain002Writer.fileReport(HEADER, out);
        OfficialSchemas.validate(v.reportMessageId(), report);
        assertThat(report).contains("<GrpSts>ACTC</GrpSts>", "<OrgnlMsgId>" + msgId + "</OrgnlMsgId>");
    }

    @Test
    void theSameFileTwiceGivesTheSameOrderIds() throws Exception {
        List<String> a = intake.read(sample(Pain001Version.V09), TODAY).accepted().stream().map(x -> x.order().orderId()).toList();
        List<String> b = intake.read(sample(Pain001Version.V09), TODAY).accepted().stream().map(x -> x.order().orderId()).toList();
        assertThat(a).isEqualTo(b).doesNotHaveDuplicates();
        assertThat(OrderIds.of("A", "BC", "D")).isNotEqualTo(OrderIds.of("AB", "C", "D"));
    }

    static Stream<Arguments> corpus() throws Exception {
        List<String> lines = Files.readAllLines(CORPUS.resolve("expected.tsv"));
        return lines.stream().filter(l -> !l.startsWith("#") && !l.isBlank()).map(l -> Arguments.of(l.split("\t")[0], l.split("\t")[1]));
    }

    @Test
    void theCorpusHasAtLeastFortyCasesEachListed() throws Exception {
        assertThat(corpus().count()).isGreaterThanOrEqualTo(40);
        try (Stream<Path> files = Files.list(CORPUS)) {
            assertThat(files.filter(p -> p.toString().endsWith(".xml")).count()).isEqualTo(corpus().count());
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("corpus")
    void everyHostileOrBrokenFileIsAnsweredWithItsReasonAndPaysNothing(String file, String expected) throws Exception {
        Pain001Intake.Outcome out = intake.read(Files.readAllBytes(CORPUS.resolve(file)), TODAY);
        assertThat(out.accepted()).as("orders from " + file).isEmpty();
        assertThat(out.status()).isEqualTo(Pain001Intake.GroupStatus.RJCT);
        if (expected.matches("[A-Z0-9]{4}")) {
            assertThat(out.refusal()).as("whole-file refusal of " + file).isNull();
            assertThat(out.rejected()).isNotEmpty().allSatisfy(r -> assertThat(r.reasonCode()).isEqualTo(expected));
        } else {
            assertThat(out.refusal()).as("refusal of " + file).isNotNull();
            assertThat(out.refusal().refusal().name()).isEqualTo(expected);
        }
        Pain001Version v = out.file() == null ? Pain001Version.V09 : out.file().version();
        OfficialSchemas.validate(v.reportMessageId(), Pain002Writer.fileReport(HEADER, out));
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedBeforeParsing() {
        byte[] huge = new byte[32 * 1024 * 1024 + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        huge[0] = '<';
        assertThat(intake.read(huge, TODAY).refusal().refusal()).isEqualTo(Refusal.TOO_LARGE);
    }

    @Test
    void moreTransactionsThanConfiguredIsRefused() throws Exception {
        Pain001Intake small = new Pain001Intake(new Iso20022Config("fintecture", Map.of(), 1 << 20, 4, 10, 30), new OrderParser());
        assertThat(small.read(sample(Pain001Version.V03), TODAY).refusal().refusal()).isEqualTo(Refusal.TOO_MANY_TRANSACTIONS);
    }

    @Test
    void oneBadTransactionIsRejectedAloneAndTheOthersGoOn() throws Exception {
        String xml = new String(sample(Pain001Version.V03), StandardCharsets.UTF_8).replace("FR7630006000011234567890189", "FR7630006000011234567890188");
        Pain001Intake.Outcome out = intake.read(xml.getBytes(StandardCharsets.UTF_8), TODAY);
        assertThat(out.status()).isEqualTo(Pain001Intake.GroupStatus.PART);
        assertThat(out.accepted()).hasSize(4);
        assertThat(out.rejected()).singleElement().satisfies(r -> {
            assertThat(r.reasonCode()).isEqualTo("AC01");
            assertThat(r.ref().endToEndId()).isEqualTo("INV-2026-0002");
            assertThat(r.detail()).doesNotContain("FR76");
        });
        String report = Pain002Writer.fileReport(HEADER, out);
        OfficialSchemas.validate("pain.002.001.03", report);
        assertThat(report).contains("<GrpSts>PART</GrpSts>", "<PmtInfSts>PART</PmtInfSts>", "<OrgnlEndToEndId>INV-2026-0002</OrgnlEndToEndId>",
                "<Cd>AC01</Cd>");
    }

    @Test
    void xmlIsToldFromJson() {
        assertThat(Pain001Intake.looksLikeXml("\uFEFF  <?xml version=\"1.0\"?><a/>".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(Pain001Intake.looksLikeXml("{\"orderId\":\"1\"}".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(Pain001Intake.looksLikeXml(new byte[0])).isFalse();
    }

    @Test
    void theProviderIsChosenByDebtorAccountElseTheDefault() {
        Iso20022Config c = Iso20022Config.from(org.paymentroutes.config.Settings.of(Map.of(
                "payments.iso20022.default-provider", "everifin",
                "payments.iso20022.accounts.fintecture", "DE89 3704 0044 0532 0130 00, FR7630006000011234567890189")));
        assertThat(c.providerFor("DE89370400440532013000")).isEqualTo("fintecture");
        assertThat(c.providerFor("NL91ABNA0417164300")).isEqualTo("everifin");
        assertThatThrownBy(() -> Iso20022Config.from(org.paymentroutes.config.Settings.of(Map.of(
                "payments.iso20022.default-provider", "paypal")))).hasMessageContaining("payments.iso20022.default-provider");
    }
}
