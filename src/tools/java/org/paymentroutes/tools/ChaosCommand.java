package org.paymentroutes.tools;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.paymentroutes.tools.chaos.ChaosRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = {"The chaos run: orders through the bundle (its own process) while the Fintecture sandbox fails a share of"
                + " the calls and the bundle is killed with kill -9 and restarted; then it prints the counts that must be 0:"
                + " orders lost, second payable sessions at the provider, outcomes published twice.",
                "Exit code 0 when all three are 0, 5 otherwise. Everything runs on 127.0.0.1."})
final class ChaosCommand implements Callable<Integer> {

    @Option(names = "--orders", defaultValue = "10000", description = "Orders to send (default: ${DEFAULT-VALUE}).")
    int orders;

    @Option(names = "--kills", defaultValue = "3", description = "kill -9 of the bundle during the run (default: ${DEFAULT-VALUE}).")
    int kills;

    @Option(names = "--failure-rate", defaultValue = "0.2", description = "Share of provider calls that fail (default: ${DEFAULT-VALUE}).")
    double failureRate;

    @Option(names = "--lost-answers", defaultValue = "0", description = "Share of session creation calls that create the session"
            + " and lose the answer (default: ${DEFAULT-VALUE}).")
    double lostAnswers;

    @Option(names = "--dir", defaultValue = "target/chaos", description = "Working directory (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--settle-timeout", defaultValue = "900", description = "Seconds to wait for the orders to settle (default: ${DEFAULT-VALUE}).")
    long settleSeconds;

    @Override
    public Integer call() throws Exception {
        ChaosRun.Result r = new ChaosRun(orders, kills, failureRate, lostAnswers, dir.resolve("run-" + System.currentTimeMillis()), seed,
                line -> System.out.println("chaos: " + line)).run(Duration.ofSeconds(settleSeconds));
        System.out.println("orders " + r.orders() + ", kills " + r.kills() + ", " + r.seconds() + " s; last status of each order: " + r.byStatus());
        printCounts(r.lost(), r.secondSessions(), r.duplicateOutcomes(), r.outOfOrder(), r.parked());
        System.out.println("lost sessions cancelled at the provider: " + r.cancelledSessions());
        return r.clean() ? 0 : 5;
    }

    /** The counts that must be 0 (and the parked orders, which are not lost), as the chaos and cluster runs print them. */
    static void printCounts(int lost, int secondSessions, int duplicateOutcomes, int outOfOrder, int parked) {
        System.out.println("orders lost: " + lost);
        System.out.println("second payable sessions at the provider: " + secondSessions);
        System.out.println("outcomes published twice: " + duplicateOutcomes);
        System.out.println("orders with outcomes out of order: " + outOfOrder);
        System.out.println("parked in DLQ (for an operator): " + parked);
    }
}
