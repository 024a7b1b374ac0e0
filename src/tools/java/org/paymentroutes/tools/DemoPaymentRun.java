package org.paymentroutes.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.paymentroutes.app.PaymentRoutesApp;
import org.paymentroutes.cli.SubmitCommand;
import org.paymentroutes.cli.WatchCommand;
import org.paymentroutes.config.Settings;
import org.paymentroutes.iso20022.Iso20022Config;
import org.paymentroutes.iso20022.Pain001Intake;
import org.paymentroutes.order.OrderParser;
import org.paymentroutes.sandbox.fintecture.FintectureSandbox;
import org.paymentroutes.store.Payment;

/**
 * The demo's ERP payment run: the sample pain.001.001.09 (its MsgId made unique to the run, its
 * execution date today) in on the orders queue, and its pain.002s out: the file's report, then, as
 * the demo plays the payer of the first two payments at the sandbox (one authorized and settled,
 * one refused), their ACSP, ACSC and RJCT.
 */
final class DemoPaymentRun {

    static final String SAMPLE = "pain.001.001.09.xml";
    static final String SAMPLE_MSG_ID = "ACME-RUN-09-20261201-01";
    static final String SAMPLE_DATE = "2026-12-01";

    private final Settings settings;
    private final PaymentRoutesApp app;
    private final FintectureSandbox sandbox;
    private final int waitSeconds;

    DemoPaymentRun(Settings settings, PaymentRoutesApp app, FintectureSandbox sandbox, int waitSeconds) {
        this.settings = settings;
        this.app = app;
        this.sandbox = sandbox;
        this.waitSeconds = waitSeconds;
    }

    void run(Path dataDir, String runId) throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String xml = sample().replace(SAMPLE_MSG_ID, "DEMO-RUN-" + runId).replace("<Dt>" + SAMPLE_DATE + "</Dt>", "<Dt>" + today + "</Dt>");
        Path file = Files.writeString(Files.createDirectories(dataDir.resolve("samples")).resolve(SAMPLE), xml, StandardCharsets.UTF_8);
        String reports = settings.require("payments.queue.status-reports");
        say("");
        say("An ERP's payment run: " + file + " (pain.001.001.09, 2 PmtInf, 5 transactions) to " + settings.require("payments.queue.orders") + "...");
        SubmitCommand.send(settings, settings.require("payments.queue.orders"), List.of(file));
        say("Status reports (" + reports + "), the file's first:");
        watchReports(reports, 1);

        // The order ids the bundle derived (MsgId, PmtInfId, EndToEndId), read from the file the same way.
        List<Pain001Intake.Accepted> accepted = new Pain001Intake(Iso20022Config.from(settings), new OrderParser())
                .read(xml.getBytes(StandardCharsets.UTF_8), today).accepted();
        String paid = session(accepted.get(0));
        String refused = session(accepted.get(1));
        if (paid == null || refused == null) {
            say("    (no Fintecture session for the file's first payments within " + waitSeconds + " s)");
            return;
        }
        say("Playing the payer at the sandbox: " + accepted.get(0).ref().endToEndId() + " authorized, "
                + accepted.get(1).ref().endToEndId() + " refused...");
        sandbox.decide(paid, true);
        sandbox.decide(refused, false);
        watchReports(reports, 2);
        say("...and the bank settles " + accepted.get(0).ref().endToEndId() + ":");
        sandbox.settle(paid);
        watchReports(reports, 1);
        jsonSide(accepted);
        say("The file's other " + (accepted.size() - 2) + " payments wait for their payer; each change brings its pain.002.");
    }

    /**
     * The file's payments' JSON outcomes and actions, unchanged beside the reports, one line a payment.
     * Read here (RECEIVED and ACTION_REQUIRED each, AUTHORIZED, SETTLED, FAILED; a payer URL each) so
     * that a later demo run on the same data reads only its own.
     */
    private void jsonSide(List<Pain001Intake.Accepted> accepted) throws Exception {
        Map<String, List<String>> statuses = new LinkedHashMap<>();
        Map<String, String> urls = new HashMap<>();
        accepted.forEach(a -> statuses.put(a.order().orderId(), new ArrayList<>()));
        String outcomes = settings.require("payments.queue.outcomes");
        String actions = settings.require("payments.queue.actions");
        WatchCommand.watch(settings, outcomes, accepted.size() * 2 + 3, waitSeconds, false, line -> {
            JsonNode n = DemoCommand.parse(line);
            if (n != null) {
                statuses.computeIfAbsent(n.path("orderId").asText(), k -> new ArrayList<>()).add(n.path("status").asText());
            }
        });
        WatchCommand.watch(settings, actions, accepted.size(), waitSeconds, false, line -> {
            JsonNode n = DemoCommand.parse(line);
            if (n != null) {
                urls.put(n.path("orderId").asText(), n.path("url").asText());
            }
        });
        say("Their JSON outcomes (" + outcomes + ") and payer URLs (" + actions + "), as for any order:");
        for (Pain001Intake.Accepted a : accepted) {
            List<String> s = statuses.get(a.order().orderId());
            boolean waiting = !s.isEmpty() && s.get(s.size() - 1).equals("ACTION_REQUIRED");
            say("    " + a.ref().endToEndId() + "  " + a.order().orderId() + "  " + String.join(", ", s)
                    + (waiting && urls.containsKey(a.order().orderId()) ? "  " + urls.get(a.order().orderId()) : ""));
        }
    }

    private void watchReports(String queue, int count) throws Exception {
        WatchCommand.watch(settings, queue, count, waitSeconds, false, line -> {
            String body = DemoCommand.parse(line) == null ? line : DemoCommand.parse(line).path("body").asText(line);
            StatusReportLines.describe(body).forEach(DemoPaymentRun::say);
        });
    }

    /** The Fintecture session of a payment from the file, once the bundle has created it. */
    private String session(Pain001Intake.Accepted a) throws InterruptedException {
        long deadline = System.currentTimeMillis() + waitSeconds * 1000L;
        while (System.currentTimeMillis() < deadline) {
            Optional<Payment> p = app.store().payments().find(a.order().orderId());
            if (p.isPresent() && p.get().providerPaymentId() != null) {
                return p.get().providerPaymentId();
            }
            Thread.sleep(200);
        }
        return null;
    }

    private static String sample() throws Exception {
        try (InputStream in = DemoPaymentRun.class.getResourceAsStream("/samples/" + SAMPLE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void say(String s) {
        System.out.println(s);
    }
}
