package org.paymentroutes.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.paymentroutes.config.Settings;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options every command line of the project takes, before or after the command name: where the
 * settings come from ({@code --config}) and single settings ({@code --set key=value}, as {@code -D}).
 * Shared by {@code payment-routes.jar} and {@code payment-routes-tools.jar}.
 */
public final class SettingsOptions {

    @Option(names = "--config", paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
            description = "A properties file overriding the defaults (environment variables, -D and --set still win).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", scope = CommandLine.ScopeType.INHERIT,
            description = "A setting, e.g. --set payments.http.port=8081 (repeatable); the same as -DKEY=VALUE before -jar,"
                    + " but may follow the command.")
    Map<String, String> set = new LinkedHashMap<>();

    /** The settings: defaults, then the --config file, the environment, -D and --set. */
    public Settings settings() {
        return Settings.load(config, set);
    }
}
