package org.paymentroutes.tools;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.paymentroutes.tools.chaos.TopologyRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = {"The production shape under failure: a primary/backup pair of standalone Artemis brokers (artemis/pair.sh,"
                + " replication), one PostgreSQL, N bundle instances as processes of their own and both providers' sandboxes."
                + " While orders flow, the live broker is killed with kill -9, later one instance too; then it prints the counts"
                + " that must be 0 (orders lost, second sessions at a provider, outcomes published twice, out of order) and the"
                + " failover time the ERP saw (last outcome before the broker's kill to the first after).",
                "Needs a PostgreSQL (--store-url; its password in PAYMENTS_STORE_PASSWORD) and an Artemis distribution (`mvn package`"
                + " unpacks one into target/artemis/). Run it from the project's directory. Exit code 0 when all are 0, 5 otherwise."})
final class ClusterCommand implements Callable<Integer> {

    @Option(names = "--orders", defaultValue = "3000", description = "Orders to send, half to each provider (default: ${DEFAULT-VALUE}).")
    int orders;

    @Option(names = "--instances", defaultValue = "2", description = "Bundle instances, at least 2 (default: ${DEFAULT-VALUE}).")
    int instances;

    @Option(names = "--store-url", required = true, description = "The PostgreSQL every instance shares, jdbc:postgresql://... (a database for tests: the run leaves its payments there).")
    String storeUrl;

    @Option(names = "--store-user", defaultValue = "postgres", description = "Its user (default: ${DEFAULT-VALUE}); the password is read from PAYMENTS_STORE_PASSWORD.")
    String storeUser;

    @Option(names = "--artemis-home", defaultValue = "target/artemis/apache-artemis-2.40.0", description = "An Apache Artemis distribution (default: ${DEFAULT-VALUE}).")
    Path artemisHome;

    @Option(names = "--pair-script", defaultValue = "artemis/pair.sh", description = "The pair's script (default: ${DEFAULT-VALUE}).")
    Path pairScript;

    @Option(names = "--dir", defaultValue = "target/cluster", description = "Working directory (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--settle-timeout", defaultValue = "900", description = "Seconds to wait for the orders to settle (default: ${DEFAULT-VALUE}).")
    long settleSeconds;

    @Override
    public Integer call() throws Exception {
        String password = System.getenv().getOrDefault("PAYMENTS_STORE_PASSWORD", "");
        TopologyRun.Topology topology = new TopologyRun.Topology(pairScript.toAbsolutePath(), artemisHome.toAbsolutePath(),
                storeUrl, storeUser, password);
        TopologyRun.Result r = new TopologyRun(orders, instances, topology, dir.resolve("run-" + System.currentTimeMillis()),
                line -> System.out.println(java.time.LocalTime.now().withNano(0) + " cluster: " + line)).run(Duration.ofSeconds(settleSeconds));
        System.out.println("orders " + r.orders() + ", instances " + r.instances() + ", " + r.seconds() + " s; last status of each order: " + r.byStatus());
        System.out.println("failover time: " + r.failoverMillis() + " ms (last outcome before the broker's kill to the first after)");
        ChaosCommand.printCounts(r.lost(), r.secondSessions(), r.duplicateOutcomes(), r.outOfOrder(), r.parked());
        return r.clean() ? 0 : 5;
    }
}
