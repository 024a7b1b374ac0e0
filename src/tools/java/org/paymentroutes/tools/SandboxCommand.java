package org.paymentroutes.tools;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.paymentroutes.config.Settings;
import org.paymentroutes.sandbox.everifin.EverifinSandbox;
import org.paymentroutes.sandbox.everifin.EverifinSandboxSettings;
import org.paymentroutes.sandbox.fintecture.FintectureSandbox;
import org.paymentroutes.sandbox.fintecture.SandboxSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = {"Run the provider sandboxes alone (Fintecture on payments.sandbox.fintecture-port, Everifin on"
                + " payments.sandbox.everifin-port).",
                "They check credentials, tokens, digests and signatures as the real APIs do. Ctrl-C stops them."})
final class SandboxCommand implements Callable<Integer> {

    @ParentCommand
    ToolsCli parent;

    @Override
    public Integer call() throws Exception {
        Settings s = parent.settings();
        FintectureSandbox sandbox = start(s, s.get("payments.sandbox.webhook-url"));
        EverifinSandbox everifin = startEverifin(s);
        System.out.println("Everifin sandbox listening on " + everifin.baseUrl() + " (client id "
                + EverifinSandboxSettings.DEMO_CLIENT_ID + ", secret " + EverifinSandboxSettings.DEMO_CLIENT_SECRET + ": public demo values)");
        System.out.println("Fintecture sandbox listening on " + sandbox.baseUrl()
                + (sandbox.settings().webhookUrl() == null ? " (no webhooks: set payments.sandbox.webhook-url)" : ", webhooks to " + sandbox.settings().webhookUrl()));
        System.out.println("Point a bundle at it with the demo credentials (SANDBOX ONLY, public values):");
        System.out.println("  -Dpayments.fintecture.base-url=" + sandbox.baseUrl());
        System.out.println("  -Dpayments.fintecture.app-id=" + SandboxSettings.DEMO_APP_ID);
        System.out.println("  -Dpayments.fintecture.app-secret=" + SandboxSettings.DEMO_APP_SECRET);
        System.out.println("  -Dpayments.fintecture.private-key=<the file src/sandbox/resources/sandbox/fintecture-merchant-private.pem>");
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            everifin.close();
            stop.countDown();
        }));
        stop.await();
        return 0;
    }

    /** The Everifin sandbox as configured (payments.sandbox.everifin-port). */
    static EverifinSandbox startEverifin(Settings s) throws java.io.IOException {
        EverifinSandboxSettings settings = EverifinSandboxSettings.demo()
                .withHost(s.require("payments.sandbox.host"))
                .withPort(s.integer("payments.sandbox.everifin-port", 0, 65535));
        try {
            return new EverifinSandbox(settings).start();
        } catch (java.net.BindException e) {
            throw new org.paymentroutes.config.ConfigException("payments.sandbox.everifin-port",
                    settings.host() + ":" + settings.port() + " is already in use");
        }
    }

    /** The Fintecture sandbox as configured; {@code webhookUrl} null sends no webhooks. */
    static FintectureSandbox start(Settings s, String webhookUrl) throws java.io.IOException {
        SandboxSettings settings = SandboxSettings.demo()
                .withHost(s.require("payments.sandbox.host"))
                .withPort(s.integer("payments.sandbox.fintecture-port", 0, 65535))
                .withWebhookUrl(webhookUrl)
                .withScriptedOutcomes(s.bool("payments.sandbox.scripted-outcomes"));
        try {
            return new FintectureSandbox(settings).start();
        } catch (java.net.BindException e) {
            throw new org.paymentroutes.config.ConfigException("payments.sandbox.fintecture-port",
                    settings.host() + ":" + settings.port() + " is already in use");
        }
    }
}
