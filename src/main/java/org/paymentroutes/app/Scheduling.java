package org.paymentroutes.app;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.component.quartz.QuartzComponent;
import org.paymentroutes.config.Settings;
import org.paymentroutes.reconcile.ReconcileConfig;

/**
 * The Quartz scheduler behind the reconciliation and report routes. With a PostgreSQL store it uses
 * Quartz's clustered JDBC job store in the same database (tables by the store's migrations), so N
 * instances share one schedule and each fire runs on one of them. With the embedded H2 store (one
 * instance) the schedule lives in memory.
 */
final class Scheduling {

    private Scheduling() {
    }

    static QuartzComponent quartz(Settings settings, ReconcileConfig reconcile) {
        Map<String, Object> p = new HashMap<>();
        p.put("org.quartz.threadPool.threadCount", String.valueOf(settings.integer("payments.scheduler.threads", 1, 16)));
        p.put("org.quartz.scheduler.skipUpdateCheck", "true");
        String url = settings.get("payments.store.url");
        if (url != null && url.startsWith("jdbc:postgresql:")) {
            // Same scheduler name on every instance (that is what makes them one cluster), distinct instance ids.
            p.put("org.quartz.scheduler.instanceName", "payment-routes");
            p.put("org.quartz.scheduler.instanceId", reconcile.instanceId());
            p.put("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
            p.put("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
            p.put("org.quartz.jobStore.isClustered", "true");
            p.put("org.quartz.jobStore.clusterCheckinInterval", "2000");
            p.put("org.quartz.jobStore.misfireThreshold", "60000");
            p.put("org.quartz.jobStore.dataSource", "store");
            p.put("org.quartz.dataSource.store.provider", "hikaricp");
            p.put("org.quartz.dataSource.store.driver", "org.postgresql.Driver");
            p.put("org.quartz.dataSource.store.URL", url);
            p.put("org.quartz.dataSource.store.user", settings.get("payments.store.user", ""));
            p.put("org.quartz.dataSource.store.password", settings.secret("payments.store.password") == null ? ""
                    : settings.secret("payments.store.password"));
            p.put("org.quartz.dataSource.store.maxConnections", "4");
        } else {
            // In memory; a unique name so that several bundles in one JVM (tests) do not share a scheduler.
            p.put("org.quartz.scheduler.instanceName", "payment-routes-" + UUID.randomUUID());
            p.put("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        }
        QuartzComponent quartz = new QuartzComponent();
        quartz.setProperties(p);
        quartz.setPrefixInstanceName(false);
        return quartz;
    }
}
