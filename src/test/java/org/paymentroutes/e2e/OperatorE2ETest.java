package org.paymentroutes.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.Session;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.paymentroutes.cli.PaymentRoutesCli;
import org.paymentroutes.operations.RetentionJob;
import org.paymentroutes.reconcile.DailyReport;
import org.paymentroutes.reconcile.PaymentExport;
import org.paymentroutes.reconcile.ReconcileConfig;
import org.paymentroutes.store.HistoryEntry;
import org.paymentroutes.store.PaymentStatus;

/**
 * Operators act from the CLI through the running bundle (README, "Operating it"): list, resolve,
 * retry and redrive, each change published once with source operator and who did it in the history;
 * and the per-payment export finance matches with the bank statement.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorE2ETest {

    @TempDir
    static Path dir;

    TestBundle bundle;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    void start() throws Exception {
        // The creation call times out after 3 s (a slower answer parks the order); reconciliation stays
        // out of the way so that the sandbox's faults hit the calls the tests make.
        // lookup-attempts 0: a lost answer parks the order at once (the bundle's own lookups are
        // FintectureInitiationE2ETest's); here the operator's redrive is the one that asks.
        bundle = TestBundle.start(dir, Map.of("payments.fintecture.response-timeout", "3000", "payments.fintecture.lookup-attempts", "0",
                "payments.reconcile.cron", "0 0 3 * * ?"));
    }

    @AfterAll
    void stop() throws Exception {
        bundle.close();
    }

    /** The production CLI, against this bundle's broker: exit code, stdout, stderr. */
    private String[] cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--set");
        all.add("payments.broker.listen=" + bundle.settings.get("payments.broker.listen"));
        StringWriter err = new StringWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        PrintStream originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = PaymentRoutesCli.execute(new PaymentRoutesCli(), new PrintWriter(err, true), all.toArray(String[]::new));
        } finally {
            System.setOut(original);
            System.setErr(originalErr);
        }
        return new String[] {String.valueOf(code), out.toString(StandardCharsets.UTF_8), err.toString()};
    }

    private String session(String orderId, String amount) throws Exception {
        bundle.sendOrder(TestBundle.order(orderId, amount));
        List<JsonNode> outcomes = bundle.receive("payments.outcomes", orderId, 2, 20_000);
        assertThat(outcomes).extracting(o -> o.path("status").asText()).containsExactly("RECEIVED", "ACTION_REQUIRED");
        return outcomes.get(1).path("providerPaymentId").asText();
    }

    /** An order whose creation call got no answer in time: parked in DLQ. {@code created}: the provider made the session anyway. */
    private void parked(String orderId, boolean created) throws Exception {
        bundle.sandbox.delayNext(1, Duration.ofSeconds(5));
        if (!created) {
            bundle.sandbox.failNext(1, 500);
        }
        bundle.sendOrder(TestBundle.order(orderId, "12.00"));
        assertThat(bundle.receive("payments.outcomes", orderId, 1, 20_000)).extracting(o -> o.path("status").asText())
                .containsExactly("RECEIVED");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> inDlq(orderId) == 1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> bundle.sandbox.sessionsForState(orderId) == (created ? 1 : 0));
        Thread.sleep(2_500); // the sandbox's late answer (5 s after the call) has gone out
    }

    /** How many messages of the order wait in DLQ (browsed, not consumed). */
    private int inDlq(String orderId) throws Exception {
        try (Connection c = new ActiveMQConnectionFactory(bundle.app.brokerUrl()).createConnection();
             Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            c.start();
            Enumeration<?> e = s.createBrowser(s.createQueue("DLQ"), "JMSCorrelationID = '" + orderId + "'").getEnumeration();
            return Collections.list(e).size();
        }
    }

    private List<HistoryEntry> operatorLines(String orderId) {
        return bundle.app.store().history().of(orderId).stream().filter(h -> "operator".equals(h.source())).toList();
    }

    @Test
    void listFiltersByStatusProviderAndDateInEachFormat() throws Exception {
        session("OP-LIST-1", "30.00");
        session("OP-LIST-2", "31.00");

        String[] jsonList = cli("list", "--status", "ACTION_REQUIRED", "--format", "json");
        assertThat(jsonList[0]).as(jsonList[1] + jsonList[2]).isEqualTo("0");
        JsonNode rows = json.readTree(jsonList[1]);
        assertThat(rows.findValuesAsText("orderId")).contains("OP-LIST-1", "OP-LIST-2");
        assertThat(rows.findValuesAsText("status")).containsOnly("ACTION_REQUIRED");

        String[] csv = cli("list", "--provider", "fintecture", "--format", "csv");
        assertThat(csv[1]).startsWith("orderId,provider,status,providerPaymentId,").contains("OP-LIST-1,fintecture,ACTION_REQUIRED,");

        assertThat(cli("list", "--provider", "everifin", "--format", "json")[1].trim()).isEqualTo("[]");
        assertThat(cli("list", "--since", "2999-01-01", "--format", "json")[1].trim()).isEqualTo("[]");
        String[] text = cli("list", "--status", "ACTION_REQUIRED");
        assertThat(text[1]).contains("OP-LIST-1", "payment(s)");
        String[] refused = cli("list", "--status", "PAID");
        assertThat(refused[0]).isEqualTo("1");
        assertThat(refused[1]).contains("status: must be one of");
    }

    @Test
    void resolveFailedPublishesOneOutcomeWithSourceOperatorAndWhoInTheHistory() throws Exception {
        session("OP-FAIL", "32.00");
        String[] r = cli("resolve", "OP-FAIL", "--failed", "payer_cancelled_by_phone", "--by", "alice");
        assertThat(r[0]).as(r[1] + r[2]).isEqualTo("0");

        List<JsonNode> outcomes = bundle.receive("payments.outcomes", "OP-FAIL", 1, 10_000);
        assertThat(outcomes).extracting(o -> o.path("status").asText() + "/" + o.path("source").asText() + "/" + o.path("reasonCode").asText())
                .containsExactly("FAILED/operator/payer_cancelled_by_phone");
        assertThat(operatorLines("OP-FAIL")).singleElement().satisfies(h -> {
            assertThat(h.published()).isTrue();
            assertThat(h.detail()).contains("by alice");
        });
        // Final now: a second resolve changes nothing and publishes nothing.
        String[] again = cli("resolve", "OP-FAIL", "--expired", "--by", "alice");
        assertThat(again[0]).isEqualTo("1");
        assertThat(again[1]).contains("not applied", "FAILED");
        assertThat(bundle.drain("payments.outcomes", "OP-FAIL", 1_500)).isEmpty();
    }

    @Test
    void resolveExpiredAndAMissingByAreHandled() throws Exception {
        session("OP-EXPIRE", "33.00");
        assertThat(cli("resolve", "OP-EXPIRE", "--expired")[0]).as("--by is required").isEqualTo("2");
        assertThat(cli("resolve", "OP-EXPIRE", "--expired", "--by", "bob")[0]).isEqualTo("0");
        assertThat(bundle.receive("payments.outcomes", "OP-EXPIRE", 1, 10_000))
                .extracting(o -> o.path("status").asText() + "/" + o.path("source").asText()).containsExactly("EXPIRED/operator");
        assertThat(bundle.drain("payments.outcomes", "OP-EXPIRE", 1_000)).isEmpty();
    }

    @Test
    void retryIsRefusedWhileAPayableSessionExists() throws Exception {
        session("OP-PAYABLE", "34.00");
        String[] r = cli("resolve", "OP-PAYABLE", "--retry", "--by", "carol");
        assertThat(r[0]).as(r[1]).isEqualTo("1");
        assertThat(r[1]).contains("refused", "can still be paid");
        assertThat(bundle.sandbox.sessionsForState("OP-PAYABLE")).as("never sent again").isEqualTo(1);
        assertThat(bundle.drain("payments.outcomes", "OP-PAYABLE", 1_000)).isEmpty();
    }

    @Test
    void retryOfAnOrderThatNeverReachedTheProviderSendsTheStoredOrderOnce() throws Exception {
        // Recorded, but never sent to the provider and not waiting anywhere (as after a lost message).
        String canonical = new ObjectMapper().writeValueAsString(new org.paymentroutes.order.OrderParser(java.util.Set.of("fintecture"))
                .parse(TestBundle.order("OP-RETRY", "37.00").getBytes(StandardCharsets.UTF_8)).order());
        bundle.app.store().payments().receive("OP-RETRY", "fintecture", new java.math.BigDecimal("37.00"), "EUR", "INV-OP-RETRY",
                java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8))), canonical);

        String[] r = cli("resolve", "OP-RETRY", "--retry", "--by", "eve");
        assertThat(r[0]).as(r[1]).isEqualTo("0");
        assertThat(r[1]).contains("resent");
        assertThat(bundle.receive("payments.outcomes", "OP-RETRY", 2, 20_000)).extracting(o -> o.path("status").asText())
                .containsExactly("RECEIVED", "ACTION_REQUIRED");
        assertThat(bundle.sandbox.sessionsForState("OP-RETRY")).isEqualTo(1);
        assertThat(operatorLines("OP-RETRY")).singleElement().satisfies(h -> assertThat(h.detail()).contains("by eve", "retry"));
    }

    @Test
    void aParkedOrderGetsTheSessionAnOperatorFound() throws Exception {
        parked("OP-SESSION", true);
        String session = bundle.sandbox.sessionIdsForState("OP-SESSION").get(0);
        String[] listed = cli("list", "--parked", "--format", "json");
        assertThat(json.readTree(listed[1]).findValuesAsText("orderId")).contains("OP-SESSION");

        String[] r = cli("resolve", "OP-SESSION", "--session", session, "--by", "bob");
        assertThat(r[0]).as(r[1]).isEqualTo("0");
        List<JsonNode> outcomes = bundle.receive("payments.outcomes", "OP-SESSION", 1, 10_000);
        assertThat(outcomes).extracting(o -> o.path("status").asText() + "/" + o.path("source").asText() + "/"
                + o.path("providerPaymentId").asText()).containsExactly("ACTION_REQUIRED/operator/" + session);
        assertThat(operatorLines("OP-SESSION")).singleElement().satisfies(h -> assertThat(h.detail()).contains("by bob", session));
        assertThat(bundle.sandbox.sessionsForState("OP-SESSION")).isEqualTo(1);
        assertThat(inDlq("OP-SESSION")).as("resolved: nothing left to redrive").isZero();
    }

    @Test
    void redriveAsksTheProviderFirstAndTheOrderIsInitiatedNotParkedAgain() throws Exception {
        parked("OP-REDRIVE", false);
        parked("OP-FOUND", true);

        // Fintecture cannot tell whether it holds a payment for the order: it stays parked.
        noLookup();
        String[] refused = cli("redrive", "--order", "OP-REDRIVE", "--by", "dave");
        assertThat(refused[0]).as(refused[1]).isEqualTo("1");
        assertThat(refused[1]).contains("refused", "could not be asked");
        assertThat(inDlq("OP-REDRIVE")).isEqualTo(1);

        lookup();

        String[] r = cli("redrive", "--all", "--by", "dave");
        assertThat(r[0]).as(r[1]).isEqualTo("0");
        assertThat(r[1]).contains("OP-REDRIVE", "moved", "OP-FOUND", "attached");

        // The provider held nothing: initiated once, never parked again.
        assertThat(bundle.receive("payments.outcomes", "OP-REDRIVE", 1, 20_000)).extracting(o -> o.path("status").asText())
                .containsExactly("ACTION_REQUIRED");
        assertThat(bundle.sandbox.sessionsForState("OP-REDRIVE")).isEqualTo(1);
        assertThat(inDlq("OP-REDRIVE")).isZero();
        assertThat(operatorLines("OP-REDRIVE")).singleElement().satisfies(h -> assertThat(h.detail()).contains("by dave", "no payment"));

        // The provider held one: attached (published once, source operator), not created a second time.
        String found = bundle.sandbox.sessionIdsForState("OP-FOUND").get(0);
        assertThat(bundle.receive("payments.outcomes", "OP-FOUND", 1, 10_000)).extracting(o -> o.path("status").asText() + "/"
                + o.path("source").asText() + "/" + o.path("providerPaymentId").asText()).containsExactly("ACTION_REQUIRED/operator/" + found);
        assertThat(bundle.sandbox.sessionsForState("OP-FOUND")).isEqualTo(1);
        assertThat(inDlq("OP-FOUND")).isZero();
        assertThat(bundle.drain("payments.outcomes", "OP-REDRIVE", 1_000)).isEmpty();
    }

    /** Fintecture cannot tell whether it holds a payment for the order: its listing answers 500 once. */
    private void noLookup() {
        // Each page of the listing is tried 3 times (FintectureLostAnswers.PAGE_TRIES).
        bundle.sandbox.failNext(3, 500);
    }

    /** The bundle's own lookup (routes/fintecture-lost-answers.camel.yaml, fintecture-find-session) asks the sandbox's listing. */
    private void lookup() {
    }

    @Test
    void anOrderMovedBackFromTheDlqByHandIsRedrivenNotSimplyParkedAgain() throws Exception {
        lookup();
        parked("OP-BY-HAND", false);
        // What the Artemis console's "move" does: the message, with its properties, back on the orders queue.
        try (Connection c = new ActiveMQConnectionFactory(bundle.app.brokerUrl()).createConnection();
             Session s = c.createSession(true, Session.SESSION_TRANSACTED)) {
            c.start();
            Message m = s.createConsumer(s.createQueue("DLQ"), "JMSCorrelationID = 'OP-BY-HAND'").receive(5_000);
            assertThat(m).isNotNull();
            jakarta.jms.TextMessage moved = s.createTextMessage(((jakarta.jms.TextMessage) m).getText());
            moved.setJMSCorrelationID("OP-BY-HAND");
            moved.setStringProperty("parkedReason", m.getStringProperty("parkedReason"));
            s.createProducer(s.createQueue("payments.orders")).send(moved);
            s.commit();
        }
        // The provider holds nothing for it: the bundle redrives it, and it is initiated once.
        assertThat(bundle.receive("payments.outcomes", "OP-BY-HAND", 1, 30_000)).extracting(o -> o.path("status").asText())
                .containsExactly("ACTION_REQUIRED");
        assertThat(bundle.sandbox.sessionsForState("OP-BY-HAND")).isEqualTo(1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> inDlq("OP-BY-HAND") == 0);
        assertThat(operatorLines("OP-BY-HAND")).singleElement().satisfies(h -> assertThat(h.detail()).contains("move by hand"));
    }

    @Test
    void statusGoesThroughTheRunningBundle() throws Exception {
        session("OP-STATUS", "35.00");
        String[] r = cli("status", "OP-STATUS");
        assertThat(r[0]).as(r[1]).isEqualTo("0");
        assertThat(r[1]).contains("\"orderId\":\"OP-STATUS\"", "history:", "ACTION_REQUIRED").doesNotContain("reading the store");
        assertThat(cli("status", "OP-UNKNOWN")[0]).isEqualTo("4");
    }

    @Test
    void thePaymentExportIsKeyedBySettlementDateWithTotalsAndAttentionApart() throws Exception {
        String s = session("OP-SETTLE", "36.50");
        bundle.sandbox.decide(s, true);
        bundle.sandbox.settle(s);
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> bundle.app.store().payments().find("OP-SETTLE").orElseThrow().status() == PaymentStatus.SETTLED);
        var store = bundle.app.store();
        var today = store.now().toLocalDate();
        DailyReport daily = new DailyReport(store, ReconcileConfig.from(bundle.settings), dir.resolve("reports"));
        PaymentExport export = new PaymentExport(store, daily);
        List<Path> files = export.write(export.build(today, today), dir.resolve("finance"), "csv");

        assertThat(files).extracting(f -> f.getFileName().toString())
                .containsExactly("payments-" + today + "_" + today + ".csv", "totals-" + today + "_" + today + ".csv",
                        "attention-" + today + "_" + today + ".csv");
        List<String> payments = Files.readAllLines(files.get(0));
        assertThat(payments.get(0)).isEqualTo("settlement_date,order_id,provider,provider_payment_id,status,amount,currency,communication,"
                + "authorized_at,settled_at,created_at");
        assertThat(payments).anySatisfy(line -> assertThat(line).startsWith(today + ",OP-SETTLE,fintecture," + s + ",SETTLED,36.50,EUR,INV-OP-SETTLE,"));
        String row = payments.stream().filter(l -> l.contains("OP-SETTLE")).findFirst().orElseThrow();
        assertThat(row.split(",")[8]).as("authorized_at").isNotEmpty();
        assertThat(row.split(",")[9]).as("settled_at").startsWith(today.toString());
        assertThat(Files.readAllLines(files.get(1))).first().isEqualTo("settlement_date,provider,currency,count,amount");
        assertThat(Files.readAllLines(files.get(2))).first().isEqualTo("order_id,provider,status,amount,currency,reason");
        // Nothing settled the day before: the same columns, no rows.
        assertThat(export.build(today.minusDays(1), today.minusDays(1)).payments()).isEmpty();

        // The daily report says what retention removed (nothing is old enough here).
        var removed = bundle.app.camelContext().getRegistry().lookupByNameAndType("retentionJob", RetentionJob.class).run();
        assertThat(removed.payments()).isZero();
        assertThat(daily.csv(daily.build(today))).contains("retention,,payments,,0,,,");
        assertThat(daily.json(daily.build(today))).contains("\"retention\":{");
    }
}
