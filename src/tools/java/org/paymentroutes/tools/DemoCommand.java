package org.paymentroutes.tools;

import org.paymentroutes.cli.SubmitCommand;
import org.paymentroutes.cli.WatchCommand;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.paymentroutes.app.PaymentRoutesApp;
import org.paymentroutes.config.Settings;
import org.paymentroutes.sandbox.SandboxProfile;
import org.paymentroutes.sandbox.everifin.EverifinSandbox;
import org.paymentroutes.sandbox.fintecture.FintectureSandbox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Everything on this machine, no set-up: embedded broker and store, the provider sandboxes, and the bundle"
                + " pointed at them. It submits sample orders (one valid, one small, one invalid, one duplicate), shows their outcomes"
                + " and actions arriving, then an ERP's pain.001 payment run and the pain.002 status reports coming back, and tells"
                + " what to try next. Ctrl-C stops it."})
final class DemoCommand implements Callable<Integer> {

    static final String[] SAMPLES = {"order-fintecture.json", "order-fintecture-small.json", "order-invalid.json", "order-everifin.json"};

    @ParentCommand
    ToolsCli parent;

    @Option(names = "--exit", description = "Stop after showing the sample outcomes instead of running on (for scripts and CI).")
    boolean exit;

    @Option(names = "--wait", defaultValue = "30", description = "Seconds to wait for the sample outcomes (default: ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Override
    public Integer call() throws Exception {
        Settings base = parent.settings();
        Path dataDir = Path.of(base.require("payments.data-dir")).resolve("demo");
        String bundleUrl = "http://localhost:" + base.integer("payments.http.port", 1, 65535);
        // The sandbox sends its signed webhooks to the bundle, and the payer comes back to the bundle's callback.
        FintectureSandbox sandbox = SandboxCommand.start(base, bundleUrl + "/webhooks/fintecture");
        EverifinSandbox everifin;
        try {
            everifin = SandboxCommand.startEverifin(base);
        } catch (RuntimeException | java.io.IOException e) {
            sandbox.close();
            throw e;
        }
        // The payer comes back (from either provider, through the bundle) to this page, which shows the order's status.
        AtomicReference<PaymentRoutesApp> running = new AtomicReference<>();
        DemoReturnPage returnPage = new DemoReturnPage(orderId -> running.get() == null ? Optional.empty()
                : running.get().store().payments().find(orderId));
        String returnUrl;
        try {
            returnUrl = returnPage.start();
        } catch (java.io.IOException e) {
            sandbox.close();
            everifin.close();
            throw e;
        }
        Map<String, String> overrides = new HashMap<>(SandboxProfile.fintecture(sandbox, dataDir));
        overrides.putAll(SandboxProfile.everifin(everifin, bundleUrl));
        overrides.put("payments.data-dir", dataDir.toString());
        overrides.put("payments.fintecture.redirect-uri", bundleUrl + "/callbacks/fintecture");
        overrides.put("payments.payer.return-url", returnUrl);
        Settings settings = base.with(overrides);
        PaymentRoutesApp app;
        try {
            app = PaymentRoutesApp.start(settings);
        } catch (Exception e) {
            sandbox.close();
            everifin.close();
            returnPage.close();
            throw e;
        }
        running.set(app);
        try {
            say("Bundle running: broker " + app.brokerUrl() + ", HTTP on port " + settings.require("payments.http.port")
                    + ", Fintecture sandbox " + sandbox.baseUrl() + ", Everifin sandbox " + everifin.baseUrl()
                    + ", the shop's return page " + returnUrl);
            // This run's id, in the sample orders' ids and the payment run's MsgId: a second demo run makes new payments.
            String run = LocalDateTime.now().format(DateTimeFormatter.ofPattern("MMddHHmmss"));
            List<Path> orders = writeSamples(dataDir, run);
            // The first order again: a duplicate, which must not reach the provider a second time.
            orders.add(orders.get(0));
            say("Submitting " + orders.size() + " orders to " + settings.require("payments.queue.orders") + " (the last one is a duplicate)...");
            SubmitCommand.send(settings, settings.require("payments.queue.orders"), orders);

            // RECEIVED + ACTION_REQUIRED for the two Fintecture orders, REJECTED for the invalid one, the replay,
            // and RECEIVED, PENDING, ACTION_REQUIRED for the Everifin one (its bank redirects first).
            say("Outcomes (" + settings.require("payments.queue.outcomes") + "):");
            WatchCommand.watch(settings, settings.require("payments.queue.outcomes"), 9, waitSeconds, false, DemoCommand::show);
            say("Actions for the payer (" + settings.require("payments.queue.actions") + "):");
            List<String> urls = new ArrayList<>();
            WatchCommand.watch(settings, settings.require("payments.queue.actions"), 4, waitSeconds, false, line -> {
                show(line);
                String url = field(line, "url");
                if (url != null && !urls.contains(url)) {
                    urls.add(url);
                }
            });
            say("Rejected orders (" + settings.require("payments.queue.rejected") + "):");
            WatchCommand.watch(settings, settings.require("payments.queue.rejected"), 1, waitSeconds, false, DemoCommand::show);
            say("Fintecture sandbox sessions created: " + sandbox.sessionsCreated() + " (for 2 valid orders; the duplicate made none)");
            say("Everifin sandbox payments created: " + everifin.paymentsCreated());
            new DemoPaymentRun(settings, app, sandbox, waitSeconds).run(dataDir, run);
            nextSteps(settings, urls, dataDir);
            if (!exit) {
                app.awaitShutdown();
            }
        } finally {
            if (exit) {
                app.close();
            }
            sandbox.close();
            everifin.close();
            returnPage.close();
        }
        return 0;
    }

    /** The sample orders with ids unique to this run, so a second demo run makes new payments. */
    private static List<Path> writeSamples(Path dataDir, String run) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Path dir = Files.createDirectories(dataDir.resolve("samples"));
        List<Path> out = new ArrayList<>();
        for (String name : SAMPLES) {
            try (InputStream in = DemoCommand.class.getResourceAsStream("/samples/" + name)) {
                ObjectNode order = (ObjectNode) json.readTree(in);
                order.put("orderId", "DEMO-" + run + "-" + (out.size() + 1));
                // The samples' shop.example does not exist: the payer returns to the demo's page instead
                // (payments.payer.return-url), which shows the order's status.
                order.remove("redirectUri");
                Path file = dir.resolve(name);
                Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(order), StandardCharsets.UTF_8);
                out.add(file);
            }
        }
        return out;
    }

    private static void nextSteps(Settings s, List<String> urls, Path dataDir) {
        say("");
        say("What to try next:");
        if (!urls.isEmpty()) {
            say("  * Play the payer: open these in a browser and pay or refuse; you come back through the bundle to a page");
            say("    showing the order's status, and each outcome arrives once on payments.outcomes (Fintecture also sends");
            say("    its signed webhook):");
            urls.forEach(u -> say("      " + u));
        }
        say("  * In another terminal, send your own order (edit a copy of " + dataDir.resolve("samples/order-fintecture.json") + "):");
        say("      java -jar target/payment-routes.jar submit my-order.json");
        say("  * Send a pain.001 of your own (edit a copy of " + dataDir.resolve("samples/" + DemoPaymentRun.SAMPLE) + ": a new MsgId):");
        say("      java -jar target/payment-routes.jar submit my-run.xml");
        say("  * Watch what the ERP would receive:");
        say("      java -jar target/payment-routes.jar watch --queue payments.outcomes --timeout 60");
        say("      java -jar target/payment-routes.jar watch --queue payments.actions --timeout 60");
        say("      java -jar target/payment-routes.jar watch --queue payments.status-reports --timeout 60");
        say("  * Health and metrics (management port): curl http://127.0.0.1:" + s.require("payments.management.port") + "/health"
                + " and /metrics");
        say("  * Stop with Ctrl-C. Data (broker journal, H2 store) stays in " + dataDir.toAbsolutePath());
    }

    private static void show(String line) {
        JsonNode n = parse(line);
        if (n == null) {
            say("    " + line);
            return;
        }
        StringBuilder s = new StringBuilder("    ").append(n.path("orderId").asText("?"));
        for (String f : new String[] {"status", "type", "source", "providerStatus", "reasonCode", "url", "reason"}) {
            JsonNode v = n.get(f);
            if (v != null && !v.isNull()) {
                s.append("  ").append(f).append('=').append(v.asText());
            }
        }
        JsonNode errors = n.get("errors");
        if (errors != null && errors.isArray()) {
            for (JsonNode e : errors) {
                s.append("\n        ").append(e.path("field").asText()).append(": ").append(e.path("reason").asText());
            }
        }
        say(s.toString());
    }

    private static String field(String line, String name) {
        JsonNode n = parse(line);
        return n == null || !n.hasNonNull(name) ? null : n.get(name).asText();
    }

    static JsonNode parse(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (Exception e) {
            return null;
        }
    }

    private static void say(String s) {
        System.out.println(s);
    }
}
