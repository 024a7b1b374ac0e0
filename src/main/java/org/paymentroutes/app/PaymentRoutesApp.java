package org.paymentroutes.app;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Properties;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.main.Main;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.paymentroutes.broker.BrokerSecurity;
import org.paymentroutes.broker.EmbeddedBroker;
import org.paymentroutes.config.DataDirectory;
import org.paymentroutes.routes.TextOrBytesConverter;
import org.paymentroutes.routes.UnreadableMessages;
import org.paymentroutes.config.Settings;
import java.time.Duration;
import java.util.Set;
import org.paymentroutes.everifin.EverifinCallbacks;
import org.paymentroutes.everifin.EverifinConfig;
import org.paymentroutes.everifin.EverifinInputs;
import org.paymentroutes.everifin.EverifinPayments;
import org.paymentroutes.everifin.EverifinTokens;
import org.paymentroutes.everifin.InputAnswers;
import org.paymentroutes.fintecture.FintectureCallbacks;
import org.paymentroutes.fintecture.FintectureConnect;
import org.paymentroutes.fintecture.FintectureLostAnswers;
import org.paymentroutes.fintecture.FintecturePayments;
import org.paymentroutes.fintecture.FintectureWebhooks;
import org.paymentroutes.operations.Operations;
import org.paymentroutes.operations.RetentionJob;
import org.paymentroutes.outcome.Outbox;
import org.paymentroutes.operations.OperatorPage;
import org.paymentroutes.operations.OperatorView;
import org.paymentroutes.reconcile.DailyReport;
import org.paymentroutes.reconcile.ReconcileConfig;
import org.paymentroutes.reconcile.Reconciler;
import org.paymentroutes.signing.WebhookVerifier;
import org.paymentroutes.fintecture.FintectureSigner;
import org.paymentroutes.fintecture.FintectureTokens;
import org.paymentroutes.intake.FileIntake;
import org.paymentroutes.intake.Intake;
import org.paymentroutes.intake.LostAnswers;
import org.paymentroutes.intake.PayerAuthorizations;
import org.paymentroutes.iso20022.Iso20022Config;
import org.paymentroutes.iso20022.Pain001Intake;
import org.paymentroutes.iso20022.StatusReports;
import org.paymentroutes.order.OrderParser;
import org.paymentroutes.logging.LogMasking;
import org.paymentroutes.logging.MaskingRewritePolicy;
import org.paymentroutes.logging.PaymentMdc;
import org.paymentroutes.metrics.MetricsRegistry;
import org.paymentroutes.metrics.RouteMetrics;
import org.paymentroutes.metrics.StoreGauges;
import org.paymentroutes.outcome.Messages;
import org.paymentroutes.outcome.OutcomeBodies;
import org.paymentroutes.provider.ProviderCalls;
import org.paymentroutes.routes.FailedAttempts;
import org.paymentroutes.signing.HttpSigner;
import org.paymentroutes.store.PaymentStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running bundle: broker (embedded unless one is configured), store, and Camel with the YAML
 * routes from {@code routes/} and the beans they call. Everything is checked before Camel starts, so
 * a configuration mistake stops start-up with one message naming the key.
 */
public final class PaymentRoutesApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentRoutesApp.class);

    private final Settings settings;
    private EmbeddedBroker broker;
    private JmsPoolConnectionFactory connectionFactory;
    private JmsPoolConnectionFactory publishConnectionFactory;
    private Main main;
    private PaymentStore store;
    private String brokerUrl;
    private boolean closed;
    private Outbox outbox;
    private HttpServerLimits httpLimits;
    private MetricsRegistry metrics;
    private ManagementServer management;

    private PaymentRoutesApp(Settings settings) {
        this.settings = settings;
    }

    public static PaymentRoutesApp start(Settings settings) throws Exception {
        PaymentRoutesApp app = new PaymentRoutesApp(settings);
        try {
            app.doStart();
            return app;
        } catch (Exception | Error e) {
            app.close();
            throw e;
        }
    }

    private void doStart() throws Exception {
        // Everifin alone is a whole bundle: Fintecture's settings are then optional (and all or none).
        EverifinConfig everifin = EverifinConfig.from(settings);
        FintectureConfig fintecture = FintectureConfig.from(settings, everifin.enabled());
        int consumers = settings.integer("payments.broker.consumers", 1, 64);
        int httpPort = settings.integer("payments.http.port", 1, 65535);

        brokerUrl = settings.get("payments.broker.url");
        // Journal, store and secrets: readable by the bundle's user alone (700/600).
        DataDirectory.secure(Path.of(settings.require("payments.data-dir")));
        if (brokerUrl == null) {
            broker = EmbeddedBroker.start(settings.require("payments.broker.listen"),
                    Path.of(settings.require("payments.data-dir")).resolve("artemis"), BrokerSecurity.from(settings));
            brokerUrl = broker.url();
        }
        // A payment from a pain.001 file also gets a pain.002 per status change, with its JSON outcome.
        store = PaymentStore.open(settings, Messages::outcome, settings.require("payments.queue.outcomes"), StatusReports::transaction,
                settings.require("payments.queue.status-reports"));
        connectionFactory = connectionFactory(brokerUrl, settings.get("payments.broker.user"),
                settings.secret("payments.broker.password"), consumers);

        main = new Main();
        main.configure().withRoutesIncludePattern(settings.get("payments.routes", "classpath:routes/*.camel.yaml"));
        main.setOverrideProperties(camelProperties(fintecture));
        // Every line about a payment carries its orderId, provider and route (the JSON layout's fields).
        main.bind("paymentMdc", new PaymentMdc.Factory());
        MaskingRewritePolicy.instance(ReconcileConfig.from(settings).instanceId());
        main.bind("jms", jmsComponent(connectionFactory, consumers));
        main.bind("textOrBytes", new TextOrBytesConverter());
        // payments.orders also takes pain.001 files, up to their own limit (JSON orders keep theirs: OrderParser).
        Iso20022Config iso20022 = Iso20022Config.from(settings);
        main.bind("ordersOrFiles", new TextOrBytesConverter(iso20022.maxBytes()));
        main.bind("unreadableMessages", new UnreadableMessages());
        httpLimits = HttpServerLimits.from(settings);
        main.bind("vertx", httpLimits.vertx());
        PublicServer.addTo(main, settings.require("payments.http.host"), httpPort, httpLimits, camel -> {
            RawRequestBody.install(camel, httpPort);
            httpLimits.install(camel, httpPort);
            MalformedQueries.install(camel, httpPort);
        });
        metrics = new MetricsRegistry();
        main.bind("meterRegistry", metrics.prometheus());
        main.bind("routeMetrics", new RouteMetrics(metrics.prometheus()));
        StoreGauges.bind(metrics.prometheus(), store, Clock.systemUTC());
        // A second connection pool, never part of a consumer's transaction: the outbox and the webhook
        // intake send and commit on their own (see routes/outbox.camel.yaml).
        publishConnectionFactory = connectionFactory(brokerUrl, settings.get("payments.broker.user"),
                settings.secret("payments.broker.password"), 4);
        main.bind("jmsPublish", publishComponent(publishConnectionFactory));
        FintectureTokens tokens = new FintectureTokens(fintecture.appId(), fintecture.appSecret(), fintecture.tokenRenewBefore(),
                Clock.systemUTC());
        // Readiness on the management port (/health): each check named in the answer.
        main.bind("storeReadiness", new ReadinessCheck("store", () -> {
            if (!store.ping()) {
                throw new IllegalStateException("no valid connection");
            }
        }));
        String brokerUser = settings.get("payments.broker.user");
        String brokerPassword = settings.secret("payments.broker.password");
        String probeUrl = brokerUrl;
        main.bind("brokerReadiness", new ReadinessCheck("broker", () -> probeBroker(probeUrl, brokerUser, brokerPassword)));
        // A circuit breaker per provider: its consumers wait out an outage (readiness circuit-<provider>).
        Circuits circuits = Circuits.bind(main, settings);
        Set<String> providers = new java.util.TreeSet<>();
        if (fintecture.enabled()) {
            providers.add("fintecture");
        }
        if (everifin.enabled()) {
            providers.add("everifin");
        }
        // Fintecture's listing can tell what a creation call with no answer created; Everifin's API cannot (docs/everifin.md).
        Intake intake = new Intake(store, providers, new LostAnswers(Set.of("fintecture"),
                settings.integer("payments.fintecture.lookup-attempts", 0, 100)));
        main.bind("intake", intake);
        main.bind("fileIntake", new FileIntake(new Pain001Intake(iso20022, new OrderParser(providers)), store,
                settings.require("payments.queue.orders"), settings.require("payments.queue.status-reports"), Clock.systemUTC()));
        main.bind("payerAuthorizations", new PayerAuthorizations(intake, store));
        main.bind("failedAttempts", new FailedAttempts(store));
        main.bind("providerCalls", new ProviderCalls());
        EverifinTokens everifinTokens = new EverifinTokens(everifin, Clock.systemUTC());
        main.bind("everifinTokens", everifinTokens);
        main.bind("everifinPayments", new EverifinPayments(store, store.processes(), everifin, settings.require("payments.queue.process"),
                settings.require("payments.queue.actions")));
        main.bind("everifinInputs", new EverifinInputs(store, store.processes(), EverifinInputs.clearTextRefused(settings)));
        main.bind("everifinInputAnswers", new InputAnswers(store, store.processes(), settings.require("payments.queue.process")));
        main.bind("everifinCallbacks", new EverifinCallbacks(store, store.processes(), settings.get("payments.payer.return-url")));
        main.bind("outcomes", new OutcomeBodies(store));
        main.bind("fintectureTokens", tokens);
        main.bind("fintectureConnect", new FintectureConnect(store, fintecture.redirectUri(), settings.require("payments.queue.actions")));
        main.bind("fintecturePayments", new FintecturePayments(store));
        main.bind("fintectureLostAnswers", new FintectureLostAnswers(store, Duration.ofMillis(fintecture.responseTimeoutMs()
                + settings.integer("payments.fintecture.lookup-grace", 0, 600_000)), fintecture.baseUrl(),
                settings.integer("payments.fintecture.lookup-max-pages", 1, 1000), Clock.systemUTC()));
        main.bind("fintectureCallbacks", new FintectureCallbacks(store, settings.get("payments.payer.return-url")));
        Duration webhookDateTolerance = Duration.ofSeconds(settings.integer("payments.fintecture.webhook-date-tolerance", 1, 86_400));
        main.bind("fintectureWebhooks", new FintectureWebhooks(new WebhookVerifier(fintecture.appId(), fintecture.privateKey(),
                webhookDateTolerance, Clock.systemUTC()), store, "/webhooks/fintecture", webhookDateTolerance));
        outbox = new Outbox(store, publishConnectionFactory);
        outbox.start();
        main.bind("outbox", outbox);
        ReconcileConfig reconcile = ReconcileConfig.from(settings);
        main.bind("reconciler", new Reconciler(store, reconcile));
        String reportDir = settings.get("payments.report.dir");
        DailyReport dailyReport = new DailyReport(store, reconcile, reportDir != null ? Path.of(reportDir)
                : Path.of(settings.require("payments.data-dir")).resolve("reports"));
        main.bind("dailyReport", dailyReport);
        main.bind("quartz", Scheduling.quartz(settings, reconcile));
        // Operators' commands (routes/operations.camel.yaml) move parked orders with the bundle's own pool.
        main.bind("operations", new Operations(store, publishConnectionFactory, settings.require("payments.queue.parked"),
                settings.require("payments.queue.orders"), reconcile.stuckAfter()));
        main.bind("retentionJob", RetentionJob.from(settings, store, reconcile.instanceId()));
        main.bind("fintectureSigner", new FintectureSigner(
                fintecture.signRequests() ? new HttpSigner(fintecture.appId(), fintecture.privateKey()) : null,
                fintecture.baseUrl(), fintecture.signRequests()));
        main.start();
        CamelContext camel = main.getCamelContext();
        tokens.setProducerTemplate(camel.createProducerTemplate());
        everifinTokens.setProducerTemplate(camel.createProducerTemplate());
        circuits.start(camel);
        // Health, Prometheus metrics (routes, exchanges, JVM, payments) and the operator's read-only
        // page answer on the management port, on the loopback interface by default: they name routes,
        // provider URLs, versions and payments, which are nobody else's business.
        OperatorPage operatorPage = new OperatorPage(new OperatorView(store, dailyReport));
        management = ManagementServer.start(settings.require("payments.management.host"),
                settings.integer("payments.management.port", 0, 65535),
                Duration.ofMillis(settings.integer("payments.management.readiness-interval", 100, 60_000)), camel, metrics.prometheus(), operatorPage::mount);
        // The URLs may carry user info or credential parameters: masked.
        LOG.info("payment-routes started: broker {}, store {}, HTTP port {}, {}, {}", LogMasking.url(brokerUrl),
                LogMasking.url(settings.get("payments.store.url", "H2 under " + settings.get("payments.data-dir"))), httpPort,
                fintecture, everifin);
    }

    /** Camel's own settings, derived from ours; they override anything else Camel would read. */
    private Properties camelProperties(FintectureConfig f) {
        Properties p = new Properties();
        p.putAll(settings.placeholders());
        p.put("camel.main.name", "payment-routes");
        p.put("camel.main.stream-caching-enabled", "false");
        // camel.routeId in the MDC, and our orderId/provider kept across asynchronous steps (PaymentMdc).
        p.put("camel.main.use-mdc-logging", "true");
        p.put("camel.main.mdc-logging-keys-pattern", PaymentMdc.ORDER_ID + "," + PaymentMdc.PROVIDER);
        // The checks the management port's /health runs (ManagementServer).
        p.put("camel.health.enabled", "true");
        // Every check named with its state in the answer, not only the failing ones.
        p.put("camel.health.exposure-level", "full");
        p.put("camel.health.routes-enabled", "true");
        p.put("camel.health.consumers-enabled", "true");
        p.put("camel.health.producers-enabled", "false");
        for (String component : new String[] {"http", "https"}) {
            // camel-http defaults wait forever and may re-send a POST on its own: neither is safe with money.
            String prefix = "camel.component." + component + ".";
            p.put(prefix + "connect-timeout", String.valueOf(f.connectTimeoutMs()));
            p.put(prefix + "connection-request-timeout", String.valueOf(f.connectTimeoutMs()));
            p.put(prefix + "so-timeout", String.valueOf(f.responseTimeoutMs()));
            p.put(prefix + "response-timeout", String.valueOf(f.responseTimeoutMs()));
            p.put(prefix + "automatic-retries-disabled", "true");
            p.put(prefix + "follow-redirects", "false");
            p.put(prefix + "cookie-management-disabled", "true");
        }
        return p;
    }


    /** A fresh connection, not the pool's: a pool can hold connections that have not noticed the loss yet. */
    private static void probeBroker(String url, String user, String password) throws Exception {
        try (ActiveMQConnectionFactory probe = new ActiveMQConnectionFactory(url, user, password)) {
            probe.setReconnectAttempts(0);
            probe.setInitialConnectAttempts(1);
            probe.setCallTimeout(2_000);
            probe.setClientFailureCheckPeriod(2_000);
            probe.createConnection().close();
        }
    }

    static JmsPoolConnectionFactory connectionFactory(String url, String user, String password, int consumers) {
        ActiveMQConnectionFactory artemis = new ActiveMQConnectionFactory(url, user, password);
        // No class may ever be deserialized from a message (the consumers refuse ObjectMessages
        // unread; this is the second lock on the same door).
        artemis.setDeserializationDenyList("*");
        JmsPoolConnectionFactory pool = new JmsPoolConnectionFactory();
        pool.setConnectionFactory(artemis);
        pool.setMaxConnections(Math.max(2, consumers / 4 + 1));
        pool.setMaxSessionsPerConnection(500);
        return pool;
    }

    /**
     * Transacted consumption (docs/architecture.md#only-transacted-jms-consumption-is-safe): the order is acknowledged in the same local JMS
     * transaction as every message the route sends, so a failure rolls both back and the broker
     * redelivers. No Camel redelivery on top: the broker's back-off is the one retry layer.
     */
    static JmsComponent jmsComponent(JmsPoolConnectionFactory cf, int consumers) {
        JmsComponent jms = new JmsComponent();
        jms.setConnectionFactory(cf);
        jms.setTransacted(true);
        jms.setLazyCreateTransactionManager(false);
        jms.setCacheLevelName("CACHE_CONSUMER");
        jms.setConcurrentConsumers(consumers);
        jms.setMaxConcurrentConsumers(consumers);
        // A failed attempt is already logged once by the route's error handler (FailedAttempts).
        jms.setErrorHandlerLoggingLevel(org.apache.camel.LoggingLevel.DEBUG);
        jms.setErrorHandlerLogStackTrace(false);
        return jms;
    }

    /** Plain (non-transacted) sends, each committed at once: for routes that are not consuming a queue. */
    static JmsComponent publishComponent(JmsPoolConnectionFactory cf) {
        JmsComponent jms = new JmsComponent();
        jms.setConnectionFactory(cf);
        jms.setDeliveryPersistent(true);
        return jms;
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    public PaymentStore store() {
        return store;
    }

    public String brokerUrl() {
        return brokerUrl;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (management != null) {
            management.close();
        }
        if (main != null) {
            try {
                main.stop();
            } catch (Exception e) {
                LOG.warn("stopping Camel: {}", e.getMessage());
            }
        }
        if (httpLimits != null) {
            httpLimits.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        if (outbox != null) {
            try {
                outbox.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (connectionFactory != null) {
            connectionFactory.stop();
        }
        if (publishConnectionFactory != null) {
            publishConnectionFactory.stop();
        }
        if (store != null) {
            store.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /** For the CLI: blocks until the JVM is asked to stop. */
    public void awaitShutdown() throws InterruptedException {
        java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close();
            latch.countDown();
        }, "payment-routes-shutdown"));
        latch.await();
    }
}
