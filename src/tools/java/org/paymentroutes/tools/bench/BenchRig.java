package org.paymentroutes.tools.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.paymentroutes.app.PaymentRoutesApp;
import org.paymentroutes.config.Settings;
import org.paymentroutes.store.PaymentStore;
import org.paymentroutes.sandbox.SandboxProfile;
import org.paymentroutes.sandbox.everifin.EverifinSandbox;
import org.paymentroutes.sandbox.everifin.EverifinSandboxSettings;
import org.paymentroutes.sandbox.fintecture.FintectureSandbox;
import org.paymentroutes.sandbox.fintecture.SandboxSettings;

/**
 * Everything a measurement needs, in this JVM and on 127.0.0.1 only: the Fintecture sandbox
 * (signatures required, as in production), the Everifin sandbox, and the bundle with its embedded,
 * persistent broker and its store (H2 under {@code dataDir}, or the PostgreSQL the configuration names),
 * each on a free port, with {@code consumers} concurrent consumers of the orders queue.
 */
public final class BenchRig implements AutoCloseable {

    /**
     * The JDK's HttpServer (both sandboxes) leaves Nagle's algorithm on unless told otherwise: a
     * response then waits for the client's delayed ACK, about 40 ms per call on Linux, which a real
     * provider's HTTP stack does not add. Measured here: 45 ms → 2.5 ms per signed POST. Read once,
     * when the first HttpServer starts in this JVM; an explicit -D setting is left alone.
     */
    static final String SERVER_NODELAY = "sun.net.httpserver.nodelay";
    /** A Quartz cron that fires on 1 January 2099 (the latest year Quartz accepts): not during a bench. */
    static final String NEVER = "0 0 0 1 1 ? 2099";

    static {
        noNagle();
    }

    /** Sets {@value #SERVER_NODELAY} unless already set; call before any HttpServer starts. */
    public static void noNagle() {
        if (System.getProperty(SERVER_NODELAY) == null) {
            System.setProperty(SERVER_NODELAY, "true");
        }
    }

    private final Path dataDir;
    private final int consumers;
    private final FintectureSandbox fintecture;
    private final EverifinSandbox everifin;
    private final PaymentRoutesApp app;
    private final Settings settings;
    private final ActiveMQConnectionFactory jms;
    private final boolean keepData;

    private BenchRig(Path dataDir, int consumers, FintectureSandbox fintecture, EverifinSandbox everifin, PaymentRoutesApp app,
                     Settings settings, boolean keepData) {
        this.dataDir = dataDir;
        this.consumers = consumers;
        this.fintecture = fintecture;
        this.everifin = everifin;
        this.app = app;
        this.settings = settings;
        this.keepData = keepData;
        this.jms = new ActiveMQConnectionFactory(app.brokerUrl());
    }

    /**
     * Starts the sandboxes and a fresh bundle. {@code base} is the user's configuration: its store
     * (PostgreSQL if configured) is kept; the broker is always the bundle's own embedded one.
     */
    public static BenchRig start(Settings base, Path dataDir, int consumers, boolean keepData) throws Exception {
        Files.createDirectories(dataDir);
        FintectureSandbox fintecture = new FintectureSandbox(SandboxSettings.demo().withHost("127.0.0.1").withPort(0)).start();
        EverifinSandbox everifin = null;
        try {
            everifin = new EverifinSandbox(EverifinSandboxSettings.demo().withHost("127.0.0.1").withPort(0)).start();
            int httpPort = freePort();
            String bundleUrl = "http://127.0.0.1:" + httpPort;
            Map<String, String> overrides = new HashMap<>(SandboxProfile.fintecture(fintecture, dataDir));
            overrides.putAll(SandboxProfile.everifin(everifin, bundleUrl));
            overrides.put("payments.data-dir", dataDir.toString());
            overrides.put("payments.broker.url", "");
            overrides.put("payments.broker.listen", "127.0.0.1:0");
            overrides.put("payments.broker.consumers", String.valueOf(consumers));
            overrides.put("payments.http.host", "127.0.0.1");
            overrides.put("payments.http.port", String.valueOf(httpPort));
            overrides.put("payments.management.port", String.valueOf(freePort()));
            overrides.put("payments.fintecture.redirect-uri", bundleUrl + "/callbacks/fintecture");
            overrides.put("payments.instance-id", "bench-c" + consumers);
            // Initiation is measured: reconciliation and the daily report are scheduled out of the way, so they neither
            // add load at random moments nor (with a shared PostgreSQL) check earlier runs' payments against this sandbox.
            overrides.put("payments.reconcile.cron", NEVER);
            overrides.put("payments.report.cron", NEVER);
            Settings settings = base.with(overrides);
            PaymentRoutesApp app = PaymentRoutesApp.start(settings);
            return new BenchRig(dataDir, consumers, fintecture, everifin, app, settings, keepData);
        } catch (Exception | Error e) {
            fintecture.close();
            if (everifin != null) {
                everifin.close();
            }
            throw e;
        }
    }

    public int consumers() {
        return consumers;
    }

    public FintectureSandbox fintecture() {
        return fintecture;
    }

    public EverifinSandbox everifin() {
        return everifin;
    }

    public PaymentRoutesApp app() {
        return app;
    }

    public Settings settings() {
        return settings;
    }

    /** A client connection factory to the bundle's broker (plain Artemis, as an ERP would use). */
    public ActiveMQConnectionFactory jms() {
        return jms;
    }

    /** The bundle's own store. */
    public PaymentStore store() {
        return app.store();
    }

    /** The demo private key file the bundle signs with. */
    public Path privateKey() {
        return Path.of(settings.require("payments.fintecture.private-key"));
    }

    @Override
    public void close() {
        try {
            jms.close();
        } finally {
            try {
                app.close();
            } finally {
                fintecture.close();
                everifin.close();
                if (!keepData) {
                    deleteTree(dataDir);
                }
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a left-over file in target/bench harms nothing
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
