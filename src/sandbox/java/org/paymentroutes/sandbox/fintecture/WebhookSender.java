package org.paymentroutes.sandbox.fintecture;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * Delivers webhooks as Fintecture does: asynchronously, and on a non-2xx answer or an I/O error
 * again, up to {@value #MAX_RETRIES} times, waiting base, 2 base, 4 base, ... between attempts.
 * Every attempt is signed afresh (new Date) and journaled. Forged webhooks are sent once: an
 * attacker does not retry, and a correct receiver refuses them anyway.
 *
 * <p>A test can hold attempts back (to order a webhook against the payer's redirect) or drop them
 * (lost webhooks). Neither blocks anything: holding parks the attempt until released.
 */
final class WebhookSender {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WebhookSender.class);
    static final int MAX_RETRIES = 10;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** One try of one webhook; {@code forgery} null for an honest one. */
    private record Attempt(Webhook webhook, FintectureSandbox.Forgery forgery, int number) {
        Attempt next() {
            return new Attempt(webhook, forgery, number + 1);
        }
    }

    private final URI url;
    private final WebhookSigner signer;
    private final SandboxScheduler scheduler;
    private final Duration retryBase;
    private final Clock clock;
    private final HttpClient http;
    private final WebhookJournal journal = new WebhookJournal();
    private final List<Attempt> held = new ArrayList<>(); // guarded by this
    private boolean holding; // guarded by this
    private volatile boolean dropping;

    WebhookSender(URI url, WebhookSigner signer, SandboxScheduler scheduler, Duration retryBase, Clock clock) {
        this.url = url;
        this.signer = signer;
        this.scheduler = scheduler;
        this.retryBase = retryBase;
        this.clock = clock;
        // HTTP/1.1: an h2c upgrade offer on plain http is something a webhook receiver need not support.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Sends soon, on the sandbox's background threads, retrying until a 2xx. */
    void send(Webhook webhook) {
        schedule(new Attempt(webhook, null, 1), Duration.ZERO);
    }

    /** Sends once, with exactly the defect {@code forgery}. */
    void sendForged(Webhook webhook, FintectureSandbox.Forgery forgery) {
        schedule(new Attempt(webhook, forgery, 1), Duration.ZERO);
    }

    /** While holding, attempts wait; stopping the hold releases them. */
    void hold(boolean hold) {
        synchronized (this) {
            holding = hold;
        }
        if (!hold) {
            release();
        }
    }

    /** Sends every held attempt now, in the order they were held (later ones stay held if still holding). */
    void release() {
        List<Attempt> released;
        synchronized (this) {
            released = List.copyOf(held);
            held.clear();
        }
        if (!released.isEmpty()) {
            // One task, so that they leave in the order they were held.
            scheduler.schedule(() -> released.forEach(this::post), Duration.ZERO);
        }
    }

    /** While dropping, attempts are lost (journaled as {@code dropped}) and not retried. */
    void drop(boolean drop) {
        dropping = drop;
    }

    List<WebhookDelivery> deliveries() {
        return journal.snapshot();
    }

    void clearDeliveries() {
        journal.clear();
    }

    private void schedule(Attempt attempt, Duration delay) {
        scheduler.schedule(() -> dispatch(attempt), delay);
    }

    private void dispatch(Attempt attempt) {
        synchronized (this) {
            if (holding && !dropping) {
                held.add(attempt);
                return;
            }
        }
        post(attempt);
    }

    private void post(Attempt attempt) {
        Instant sentAt = clock.instant();
        if (dropping) {
            record(attempt, sentAt, 0, "dropped");
            return;
        }
        WebhookSigner.Signed signed;
        try {
            signed = signer.sign(attempt.webhook(), attempt.forgery());
        } catch (IllegalStateException e) {
            // The settings check the key, so this is a broken JCA set-up: retrying cannot help.
            record(attempt, sentAt, 0, "cannot sign: " + e.getMessage());
            return;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(signed.body()));
        signed.headers().forEach(request::header);
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, failure) -> completed(attempt, sentAt, response, failure));
    }

    private void completed(Attempt attempt, Instant sentAt, HttpResponse<Void> response, Throwable failure) {
        Webhook webhook = attempt.webhook();
        int status = response == null ? 0 : response.statusCode();
        record(attempt, sentAt, status, failure == null ? null : describe(failure));
        if (status >= 200 && status <= 299) {
            return;
        }
        if (attempt.forgery() != null) {
            return;
        }
        if (attempt.number() > MAX_RETRIES) {
            LOG.warn("webhook for session {} ({}) not delivered after {} attempts",
                    webhook.reported().sessionId(), webhook.reported().status(), attempt.number());
            return;
        }
        // Waits base * 2^(n-1) after the n-th attempt: base, 2 base, 4 base, ...
        Duration wait = retryBase.multipliedBy(1L << (attempt.number() - 1));
        LOG.debug("webhook for session {} attempt {} failed ({}); retry in {}",
                webhook.reported().sessionId(), attempt.number(), status == 0 ? "no answer" : status, wait);
        schedule(attempt.next(), wait);
    }

    private void record(Attempt attempt, Instant sentAt, int httpStatus, String error) {
        Webhook webhook = attempt.webhook();
        journal.add(new WebhookDelivery(webhook.reported().sessionId(), webhook.reported().status(),
                webhook.reported().transferState(), webhook.kind(), attempt.number(), httpStatus, error,
                webhook.requestId(), sentAt));
    }

    /** The failure's type and message (never a header or the body: they are not secrets, but need not be in logs). */
    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
