package org.paymentroutes.cli.authorize;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.paymentroutes.http.FormCodec;

import static org.paymentroutes.cli.authorize.TerminalText.clean;

/**
 * The local end of the authorization: a small HTTP server on 127.0.0.1 waiting for the browser that
 * Everifin sends back with a code (or an error). The answer is checked against the state this run
 * sent, the code is traded for a refresh token ({@link TokenClient}) and the token is stored
 * ({@link SecretFile}); the browser gets a small page, the terminal the {@link Outcome}, once.
 */
public final class CallbackServer implements AutoCloseable {

    public static final String CALLBACK_PATH = "/everifin/authorized";

    /** How the authorization ended: {@code failure} is null when the token was stored. */
    public record Outcome(String failure) {
        static Outcome stored() {
            return new Outcome(null);
        }

        static Outcome failed(String why) {
            return new Outcome(why);
        }
    }

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "everifin-authorize-callback");
        t.setDaemon(true);
        return t;
    });
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private final AtomicBoolean taken = new AtomicBoolean();
    private String state;
    private TokenClient tokens;
    private Path target;

    /**
     * Binds 127.0.0.1:{@code port} (0 = any free port); nothing is answered before {@link #start}.
     *
     * @throws java.net.BindException when the port is taken
     */
    public CallbackServer(int port) throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 16);
    }

    /** The redirect URI Everifin must send the browser back to. */
    public String redirectUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + CALLBACK_PATH;
    }

    /** Starts answering: the answer must carry {@code expectedState}; its code is traded by {@code tokenClient}, the token stored in {@code tokenFile}. */
    public void start(String expectedState, TokenClient tokenClient, Path tokenFile) {
        this.state = expectedState;
        this.tokens = tokenClient;
        this.target = tokenFile;
        server.createContext(CALLBACK_PATH, this::handle);
        server.createContext("/", e -> safeAnswer(e, 404, "Not found", "Nothing here: this server only waits for Everifin's callback."));
        server.setExecutor(handlers);
        server.start();
    }

    /**
     * How the authorization ended.
     *
     * @throws TimeoutException when no answer came within {@code timeout}
     */
    public Outcome await(Duration timeout) throws TimeoutException, InterruptedException {
        try {
            return outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return Outcome.failed("unexpected error handling the callback: " + e.getCause().getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }

    private void handle(HttpExchange e) {
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
            SecretFile.store(target, tokens.refreshToken(code));
            failure = null;
        } catch (TokenClient.RefusedException ex) {
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

    /** The single value of a parameter; null when absent or given more than once (ambiguous: refused like a missing one). */
    private static String single(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.size() != 1 ? null : values.get(0);
    }

    private static void safeAnswer(HttpExchange e, int status, String title, String message) {
        try {
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
        } catch (IOException | RuntimeException ignored) {
            // the browser closed the connection: nothing to tell it
        } finally {
            e.close();
        }
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
