package org.paymentroutes.cli;

import org.paymentroutes.config.ConfigException;
import org.paymentroutes.config.Settings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The jar's entry point: {@code java -jar payment-routes.jar COMMAND}. */
@Command(name = "payment-routes", mixinStandardHelpOptions = true, versionProvider = PaymentRoutesCli.Version.class,
        description = "Pay by bank from an ERP: Apache Camel routes between an Artemis queue and open-banking providers.",
        subcommands = {RunCommand.class, SubmitCommand.class, WatchCommand.class, StatusCommand.class, ListCommand.class,
                ResolveCommand.class, RedriveCommand.class, ReconcileCommand.class, ReportCommand.class, EverifinAuthorizeCommand.class,
                CommandLine.HelpCommand.class})
public final class PaymentRoutesCli {

    @Mixin
    SettingsOptions options;

    Settings settings() {
        return options.settings();
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        return execute(new java.io.PrintWriter(System.err, true), args);
    }

    static int execute(java.io.PrintWriter err, String... args) {
        return execute(new PaymentRoutesCli(), err, args);
    }

    /**
     * Runs {@code root}'s command line: a configuration mistake ends in one line naming the key and
     * exit code 2, any other failure in one line and exit code 1 (the tools' command line shares it).
     */
    public static int execute(Object root, java.io.PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(root);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException) {
                // A configuration mistake: one line naming the key, no stack trace.
                commandLine.getErr().println("configuration error: " + e.getMessage());
                return 2;
            }
            commandLine.getErr().println("error: " + e.getMessage());
            return 1;
        });
        return cli.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = PaymentRoutesCli.class.getPackage().getImplementationVersion();
            return new String[] {"payment-routes " + (v == null ? "(development build)" : v)};
        }
    }
}
