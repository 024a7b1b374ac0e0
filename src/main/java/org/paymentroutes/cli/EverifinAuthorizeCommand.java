package org.paymentroutes.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.paymentroutes.config.ConfigException;
import org.paymentroutes.config.Settings;
import org.paymentroutes.http.FormCodec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The one-time Everifin (BankConnect) authorization of a sending account: OAuth 2.0 authorization code
 * through a local callback on 127.0.0.1, the code exchanged at the identity server's token endpoint, and
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

    static final String CALLBACK_PATH = "/everifin/authorized";
    static final int EXIT_TIMEOUT = 3;
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    @ParentCommand
    PaymentRoutesCli parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--callback-port", paramLabel = "PORT", defaultValue = "8765",
            description = "Local port of the callback (bound to 127.0.0.1; default: ${DEFAULT-VALUE}; 0 = any free port)."
                    + " Everifin must accept http://127.0.0.1:PORT" + CALLBACK_PATH + " as a redirect URI of the client.")
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
        String realmPath = authBase + "/realms/" + enc(realm) + "/protocol/openid-connect";
        PrintWriter err = spec.commandLine().getErr();

        String state = newState();
        HttpServer server = startCallbackServer();
        ExecutorService handlers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "everifin-authorize-callback");
            t.setDaemon(true);
            return t;
        });
        try {
            String redirectUri = "http://127.0.0.1:" + server.getAddress().getPort() + CALLBACK_PATH;
            Callback callback = new Callback(state, new TokenExchange(realmPath + "/token", clientId, clientSecret, redirectUri), target);
            server.createContext(CALLBACK_PATH, callback::handle);
            server.createContext("/", e -> answer(e, 404, "Not found", "Nothing here: this server only waits for Everifin's callback."));
            server.setExecutor(handlers);
            server.start();

            String authorizationUrl = realmPath + "/auth?client_id=" + enc(clientId) + "&redirect_uri=" + enc(redirectUri)
                    + "&response_type=code&state=" + enc(state) + "&scope=pis";
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

            Outcome outcome;
            try {
                outcome = callback.outcome.get(timeoutSeconds, TimeUnit.SECONDS);
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
                    + (posix(target.getParent()) ? " (permissions rw-------)." : "."));
            System.out.println("Use it: set PAYMENTS_EVERIFIN_REFRESH_TOKEN_FILE=" + target
                    + " (or payments.everifin.refresh-token-file=" + target + ")");
            System.out.flush();
            if (s.get("payments.everifin.refresh-token") != null) {
                err.println("note: payments.everifin.refresh-token is set too, and a value set directly wins over the -file key: unset it.");
                err.flush();
            }
            return 0;
        } finally {
            server.stop(0);
            handlers.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- settings

    /** payments.everifin.auth-url, or {@code <payments.everifin.base-url>/auth} when empty; an absolute http(s) URL, no trailing slash. */
    static String authBase(Settings s) {
        String auth = s.get("payments.everifin.auth-url");
        return auth != null ? httpUrl("payments.everifin.auth-url", auth) : httpUrl("payments.everifin.base-url", s.require("payments.everifin.base-url")) + "/auth";
    }

    private static String httpUrl(String key, String value) {
        try {
            URI u = new URI(value);
            if (!("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme())) || u.getHost() == null) {
                throw new ConfigException(key, "must be an absolute http(s) URL, was '" + value + "'");
            }
        } catch (URISyntaxException e) {
            throw new ConfigException(key, "is not a valid URL: '" + value + "'");
        }
        String v = value;
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        return v;
    }

    // ---------------------------------------------------------------- callback server

    private HttpServer startCallbackServer() throws IOException {
        try {
            return HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), callbackPort), 16);
        } catch (BindException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--callback-port: 127.0.0.1:" + callbackPort + " is already in use; choose another port (0 = any)");
        }
    }

    /** The browser's return: checked against the state, answered with a small page; completes {@link #outcome} once. */
    static final class Callback {

        final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        private final AtomicBoolean taken = new AtomicBoolean();
        private final String state;
        private final TokenExchange exchange;
        private final Path target;

        Callback(String state, TokenExchange exchange, Path target) {
            this.state = state;
            this.exchange = exchange;
            this.target = target;
        }

        void handle(HttpExchange e) {
            try {
                respond(e);
            } catch (RuntimeException ex) {
                safeAnswer(e, 500, "Error", "Unexpected error in everifin-authorize: see the terminal.");
                if (taken.get()) {
                    // complete() is a no-op when the outcome was already decided.
                    outcome.complete(Outcome.failed("unexpected error handling the callback: " + ex.getClass().getSimpleName()));
                }
            } finally {
                e.close();
            }
        }

        /** Answers the browser; a browser that went away (IOException) changes nothing for the terminal. */
        private void respond(HttpExchange e) {
            if (!"GET".equals(e.getRequestMethod())) {
                e.getResponseHeaders().set("Allow", "GET");
                safeAnswer(e, 405, "Method not allowed", "Only GET.");
                return;
            }
            if (!CALLBACK_PATH.equals(e.getRequestURI().getRawPath())) {
                safeAnswer(e, 404, "Not found", "Nothing here: this server only waits for Everifin's callback.");
                return;
            }
            Map<String, List<String>> params;
            try {
                params = FormCodec.decode(e.getRequestURI().getRawQuery());
            } catch (IllegalArgumentException ex) {
                safeAnswer(e, 400, "Bad request", "Malformed query string.");
                return;
            }
            String returnedState = single(params, "state");
            String code = single(params, "code");
            String error = single(params, "error");
            if (returnedState == null || !MessageDigest.isEqual(returnedState.getBytes(StandardCharsets.UTF_8), state.getBytes(StandardCharsets.UTF_8))) {
                // Not the answer to the request this command started (forged, stale or from another run): keep waiting.
                safeAnswer(e, 400, "Not this authorization",
                        "This answer does not belong to the authorization the terminal is waiting for (state mismatch)."
                                + " Use the URL printed by everifin-authorize.");
                return;
            }
            if (error == null && (code == null || code.isEmpty())) {
                safeAnswer(e, 400, "Bad request", "Neither code nor error in the answer. Use the URL printed by everifin-authorize.");
                return;
            }
            if (!taken.compareAndSet(false, true)) {
                safeAnswer(e, 409, "Already handled", "This authorization was already handled: see the terminal. You can close this window.");
                return;
            }
            if (error != null) {
                String description = single(params, "error_description");
                String said = clean(error) + (description == null ? "" : " (" + clean(description) + ")");
                safeAnswer(e, 400, "Not authorized", "Everifin did not authorize: " + said + ". See the terminal; you can close this window.");
                outcome.complete(Outcome.failed("Everifin did not authorize: " + said
                        + ("access_denied".equals(error) ? "; access was denied at Everifin, run everifin-authorize again to retry" : "")));
                return;
            }
            String failure;
            try {
                store(target, exchange.refreshToken(code));
                failure = null;
            } catch (ExchangeException ex) {
                failure = ex.getMessage();
            } catch (IOException ex) {
                failure = "cannot store the refresh token in " + target + " (" + ex.getClass().getSimpleName() + ": " + ex.getMessage() + ")";
            }
            if (failure == null) {
                safeAnswer(e, 200, "Authorized", "Authorized: you can close this window.");
                outcome.complete(Outcome.stored());
            } else {
                safeAnswer(e, 502, "Authorization failed", "Everifin sent you back, but the authorization could not be completed: "
                        + failure + ". See the terminal; you can close this window.");
                outcome.complete(Outcome.failed(failure));
            }
        }
    }

    record Outcome(String failure) {
        static Outcome stored() {
            return new Outcome(null);
        }

        static Outcome failed(String why) {
            return new Outcome(why);
        }
    }

    private static void safeAnswer(HttpExchange e, int status, String title, String message) {
        try {
            answer(e, status, title, message);
        } catch (IOException | RuntimeException ignored) {
            // the browser closed the connection: nothing to tell it
        }
    }

    private static void answer(HttpExchange e, int status, String title, String message) throws IOException {
        byte[] body = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + html(title) + "</title></head>"
                + "<body style=\"font-family:sans-serif;margin:3em\"><h1>" + html(title) + "</h1><p>" + html(message)
                + "</p></body></html>").getBytes(StandardCharsets.UTF_8);
        e.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        e.getResponseHeaders().set("Cache-Control", "no-store");
        e.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        e.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        e.sendResponseHeaders(status, body.length);
        try (OutputStream out = e.getResponseBody()) {
            out.write(body);
        }
        e.close();
    }

    // ---------------------------------------------------------------- token exchange

    /** The authorization code traded for tokens at the identity server; only the refresh token is kept. */
    static final class TokenExchange {

        private final HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        private final String tokenUrl;
        private final String clientId;
        private final String clientSecret;
        private final String redirectUri;

        TokenExchange(String tokenUrl, String clientId, String clientSecret, String redirectUri) {
            this.tokenUrl = tokenUrl;
            this.clientId = clientId;
            this.clientSecret = clientSecret;
            this.redirectUri = redirectUri;
        }

        String refreshToken(String code) throws ExchangeException {
            String form = "grant_type=authorization_code&code=" + enc(code) + "&client_id=" + enc(clientId)
                    + "&client_secret=" + enc(clientSecret) + "&redirect_uri=" + enc(redirectUri);
            HttpRequest request = HttpRequest.newBuilder(URI.create(tokenUrl)).timeout(HTTP_TIMEOUT)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
                    .build();
            HttpResponse<byte[]> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (HttpTimeoutException e) {
                throw new ExchangeException("Everifin's token endpoint " + tokenUrl + " did not answer within " + HTTP_TIMEOUT.toSeconds() + " s");
            } catch (IOException e) {
                throw new ExchangeException("cannot reach Everifin's token endpoint " + tokenUrl + " (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ExchangeException("interrupted while calling Everifin's token endpoint");
            }
            int status = response.statusCode();
            JsonNode json = null;
            try {
                JsonNode n = JSON.readTree(response.body());
                json = n != null && n.isObject() ? n : null;
            } catch (IOException ignored) {
                // not JSON: described below by type and size
            }
            if (status >= 200 && status < 300 && json != null && json.hasNonNull("refresh_token")
                    && json.get("refresh_token").isTextual() && !json.get("refresh_token").asText().isBlank()) {
                return json.get("refresh_token").asText().strip();
            }
            throw new ExchangeException(describe(status, json, response));
        }

        /** What the identity server said, without any token or secret: status, OAuth error and description, or the field names. */
        private String describe(int status, JsonNode json, HttpResponse<byte[]> response) {
            String prefix = "Everifin's token endpoint " + tokenUrl + " answered HTTP " + status;
            if (json == null) {
                return prefix + " with no JSON (" + response.headers().firstValue("Content-Type").orElse("no Content-Type") + ", "
                        + response.body().length + " bytes) and no refresh_token";
            }
            if (json.hasNonNull("error")) {
                String description = json.path("error_description").asText(null);
                String hint = switch (json.get("error").asText()) {
                    case "invalid_client", "unauthorized_client" -> "; check payments.everifin.client-id and payments.everifin.client-secret";
                    case "invalid_grant" -> "; the code was refused (expired, already used, or the redirect URI differs): run everifin-authorize again";
                    default -> "";
                };
                return prefix + ": " + clean(json.get("error").asText()) + (description == null ? "" : " (" + clean(description) + ")") + hint;
            }
            List<String> fields = new ArrayList<>();
            for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
                fields.add(clean(names.next()));
            }
            return prefix + " without a refresh_token (it sent " + (fields.isEmpty() ? "an empty object" : "only " + String.join(", ", fields))
                    + "); the Everifin client must be allowed refresh tokens (offline access) for this flow";
        }
    }

    static final class ExchangeException extends Exception {
        ExchangeException(String message) {
            super(message, null, false, false);
        }
    }

    // ---------------------------------------------------------------- storing the secret

    /**
     * Writes the token to {@code target} readable by its owner only: a temporary file created with
     * permissions 600 (where the file system has POSIX permissions) in the same directory, then moved
     * into place atomically, so the token is never in a file with wider permissions nor half-written.
     */
    static void store(Path target, String token) throws IOException {
        Path dir = target.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            if (dir.getParent() != null) {
                Files.createDirectories(dir.getParent());
            }
            if (posix(dir.getParent() == null ? dir : dir.getParent())) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        Path directory = dir == null ? Path.of("").toAbsolutePath() : dir;
        boolean posix = posix(directory);
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))}
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp", attributes);
        try {
            Files.writeString(temp, token + "\n", StandardCharsets.UTF_8);
            if (posix) {
                // createTempFile's attribute is subject to the umask; 600 is what we want whatever the umask.
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    static boolean posix(Path dir) {
        return dir != null && dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    // ---------------------------------------------------------------- helpers

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

    /** Query and form encoding; a space is %20 so that the value reads the same in a path or a query. */
    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The single value of a parameter; null when absent or given more than once (ambiguous: refused like a missing one). */
    private static String single(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.size() != 1 ? null : values.get(0);
    }

    /** Text from the network made safe for a terminal line: printable characters only, at most 200. */
    static String clean(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(200).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return b.toString().strip() + (s.codePointCount(0, s.length()) > 200 ? "..." : "");
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
