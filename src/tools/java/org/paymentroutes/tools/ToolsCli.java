package org.paymentroutes.tools;

import java.io.PrintWriter;
import org.paymentroutes.cli.PaymentRoutesCli;
import org.paymentroutes.cli.SettingsOptions;
import org.paymentroutes.config.Settings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The tools jar's entry point: {@code java -jar payment-routes-tools.jar COMMAND}. The demo, the
 * provider sandboxes, the benchmark, the chaos run and the cluster run live here, never in the production jar
 * ({@code payment-routes.jar}), which carries the bundle and its operators' commands only.
 */
@Command(name = "payment-routes-tools", mixinStandardHelpOptions = true, versionProvider = ToolsCli.Version.class,
        description = "Try, measure and shake payment-routes: the demo, the provider sandboxes, the benchmark, the chaos run and the cluster run (an Artemis pair, PostgreSQL, N instances)."
                + " The bundle itself and its operators' commands are in payment-routes.jar.",
        subcommands = {DemoCommand.class, SandboxCommand.class, BenchCommand.class, ChaosCommand.class, ClusterCommand.class,
                CommandLine.HelpCommand.class})
public final class ToolsCli {

    @Mixin
    SettingsOptions options;

    Settings settings() {
        return options.settings();
    }

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.err, true), args));
    }

    /** Runs the tools' command line with the bundle's error handling (see {@link PaymentRoutesCli#execute(Object, PrintWriter, String...)}). */
    public static int execute(PrintWriter err, String... args) {
        return PaymentRoutesCli.execute(new ToolsCli(), err, args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ToolsCli.class.getPackage().getImplementationVersion();
            return new String[] {"payment-routes-tools " + (v == null ? "(development build)" : v)};
        }
    }
}
