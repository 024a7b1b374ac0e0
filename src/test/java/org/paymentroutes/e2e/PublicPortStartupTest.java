package org.paymentroutes.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public port's own handlers are in place before its first answer. A provider retries the
 * webhooks it could not deliver while the bundle was down, so they arrive the moment it listens
 * again: seen in the chaos run, a Fintecture webhook (form-encoded) that came before the raw-body
 * handler was parsed into fields, failed with a stack trace and was answered 500.
 */
class PublicPortStartupTest {

    @TempDir
    Path dir;

    @Test
    void webhooksArrivingWhileTheBundleStartsAreNeverAnswered500() throws Exception {
        try (TestBundle bundle = TestBundle.start(dir, Map.of())) {
            URI webhook = URI.create(bundle.httpBase() + "/webhooks/fintecture");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
            Map<Integer, Integer> answers = new ConcurrentHashMap<>();
            AtomicBoolean restarting = new AtomicBoolean(true);
            // A webhook as Fintecture sends it (form-encoded), unsigned: refused with 4xx, whenever it comes.
            Thread provider = new Thread(() -> {
                while (restarting.get()) {
                    try {
                        int status = http.send(HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(5))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString("session_id=abc&status=payment_created&state=ORDER-1")).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode();
                        answers.merge(status, 1, Integer::sum);
                    } catch (Exception down) {
                        answers.merge(-1, 1, Integer::sum); // not listening: the bundle is stopped
                    }
                }
            }, "provider-retrying");
            provider.start();
            bundle.restart();
            Thread.sleep(500);
            restarting.set(false);
            provider.join(10_000);
            Map<Integer, Integer> seen = new TreeMap<>(answers);
            assertThat(seen).as("answers by status (-1: no connection)").containsKey(-1).doesNotContainKey(500);
            assertThat(seen.keySet().stream().filter(s -> s >= 400 && s < 500)).as("refused while it runs: " + seen).isNotEmpty();
        }
    }
}
