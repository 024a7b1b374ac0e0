package org.paymentroutes.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import org.paymentroutes.cli.authorize.CallbackServer;
import org.paymentroutes.cli.authorize.SecretFile;
import org.paymentroutes.cli.authorize.TokenClient;
import org.paymentroutes.config.Settings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import static org.paymentroutes.http.FormCodec.encode;

/**
 * The one-time Everifin (BankConnect) authorization of a sending account: OAuth 2.0 authorization code
 * through a local callback on 127.0.0.1 ({@link CallbackServer}), the code exchanged at the identity server's token endpoint, and
 * the refresh token stored as a secret file (mode 600) for {@code payments.everifin.refresh-token-file}.
 * The token itself is never printed nor logged.
 */
@Command(name = "everifin-authorize", mixinStandardHelpOptions = true,
        description = {"One-time Everifin authorization of a sending account (OAuth authorization code): prints a URL to open in"
                + " a browser, waits for Everifin to send the browser back to a local callback on 127.0.0.1, exchanges the code"
                + " and stores the refresh token as a secret file (permissions 600), then prints how to configure it"
                + " (payments.everifin.refresh-token-file). The token itself is never printed.",
                "Uses payments.everifin.auth-url (empty: <base-url>/auth), realm, client-id and client-secret.",
                "Exit code 0 when stored, 1 when Everifin refused, 2 on a configuration error, 3 when no answer came before --timeout."})
final class EverifinAuthorizeCommand implements Callable<Integer> {

    static final int EXIT_TIMEOUT = 3;
    private static final SecureRandom RANDOM = new SecureRandom();

    @ParentCommand
    PaymentRoutesCli parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--callback-port", paramLabel = "PORT", defaultValue = "8765",
            description = "Local port of the callback (bound to 127.0.0.1; default: ${DEFAULT-VALUE}; 0 = any free port)."
                    + " Everifin must accept http://127.0.0.1:PORT" + CallbackServer.CALLBACK_PATH + " as a redirect URI of the client.")
    int callbackPort;

    @Option(names = "--output", paramLabel = "FILE",
            description = "Where to store the refresh token (default: <payments.data-dir>/secrets/everifin-refresh-token)."
                    + " Replaced if it exists.")
    Path output;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "Give up (exit code 3) when the browser has not come back after this many seconds (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--open-browser", description = "Also try to open the URL in the desktop's browser (ignored where there is none).")
    boolean openBrowser;

    @Override
    public Integer call() throws Exception {
        if (callbackPort < 0 || callbackPort > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--callback-port must be 0-65535, was " + callbackPort);
        }
        if (timeoutSeconds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be at least 1 second, was " + timeoutSeconds);
        }
        Settings s = parent.settings();
        String authBase = authBase(s);
        String realm = s.require("payments.everifin.realm");
        String clientId = s.require("payments.everifin.client-id");
        String clientSecret = s.requireSecret("payments.everifin.client-secret");
        Path target = (output != null ? output : Path.of(s.require("payments.data-dir"), "secrets", "everifin-refresh-token"))
                .toAbsolutePath().normalize();
        String realmPath = authBase + "/realms/" + encode(realm) + "/protocol/openid-connect";
        PrintWriter err = spec.commandLine().getErr();

        String state = newState();
        try (CallbackServer callback = bindCallback()) {
            String redirectUri = callback.redirectUri();
            callback.start(state, new TokenClient(realmPath + "/token", clientId, clientSecret, redirectUri), target);

            String authorizationUrl = realmPath + "/auth?client_id=" + encode(clientId) + "&redirect_uri=" + encode(redirectUri)
                    + "&response_type=code&state=" + encode(state) + "&scope=pis";
            System.out.println("Everifin authorization of client " + clientId + " (identity server " + authBase + ", realm " + realm + ").");
            System.out.println("Open this URL in a browser, sign in to Everifin and approve access (scope pis):");
            System.out.println();
            System.out.println("  " + authorizationUrl);
            System.out.println();
            System.out.println("Waiting up to " + timeoutSeconds + " s for the browser to come back to " + redirectUri + " ...");
            System.out.flush();
            if (openBrowser) {
                openInBrowser(authorizationUrl, err);
            }

            CallbackServer.Outcome outcome;
            try {
                outcome = callback.await(Duration.ofSeconds(timeoutSeconds));
            } catch (TimeoutException e) {
                err.println("timed out: the browser did not come back to " + redirectUri + " within " + timeoutSeconds
                        + " s; nothing was stored. Run everifin-authorize again and approve in the browser within --timeout.");
                err.flush();
                return EXIT_TIMEOUT;
            }
            if (outcome.failure() != null) {
                throw new IllegalStateException(outcome.failure());
            }
            System.out.println("Authorized. The refresh token is stored in " + target
                    + (SecretFile.posix(target.getParent()) ? " (permissions rw-------)." : "."));
            System.out.println("Use it: set PAYMENTS_EVERIFIN_REFRESH_TOKEN_FILE=" + target
                    + " (or payments.everifin.refresh-token-file=" + target + ")");
            System.out.flush();
            if (s.get("payments.everifin.refresh-token") != null) {
                err.println("note: payments.everifin.refresh-token is set too, and a value set directly wins over the -file key: unset it.");
                err.flush();
            }
            return 0;
        }
    }

    // ---------------------------------------------------------------- settings

    /** payments.everifin.auth-url, or {@code <payments.everifin.base-url>/auth} when empty; an absolute http(s) URL, no trailing slash. */
    static String authBase(Settings s) {
        return s.get("payments.everifin.auth-url") != null ? s.httpUrl("payments.everifin.auth-url")
                : s.httpUrl("payments.everifin.base-url") + "/auth";
    }

    private CallbackServer bindCallback() throws IOException {
        try {
            return new CallbackServer(callbackPort);
        } catch (BindException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--callback-port: 127.0.0.1:" + callbackPort + " is already in use; choose another port (0 = any)");
        }
    }

    /** 128 random bits, URL-safe base64 without padding. */
    static String newState() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private void openInBrowser(String url, PrintWriter err) {
        try {
            if (java.awt.Desktop.isDesktopSupported() && java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.BROWSE)) {
                java.awt.Desktop.getDesktop().browse(URI.create(url));
                System.out.println("(opened in the desktop's browser)");
                return;
            }
            err.println("note: no desktop browser to open here (--open-browser ignored): open the URL yourself.");
        } catch (Exception | LinkageError e) {
            err.println("note: could not open a browser (" + e.getClass().getSimpleName() + "): open the URL yourself.");
        }
        err.flush();
    }
}
