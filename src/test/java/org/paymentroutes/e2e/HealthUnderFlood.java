package org.paymentroutes.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A measuring harness, not part of the suite (its name matches none of Surefire's patterns): run it
 * with {@code mvn test -Dtest=HealthUnderFlood}. It floods the public port with 120 parallel 10 MB
 * POSTs to {@code /webhooks/fintecture} on top of 200 idle connections, probes {@code /health} on the
 * management port every 250 ms meanwhile, and prints each probe's time. It asserts only that every
 * probe is answered (200, or 503 when a readiness probe itself timed out); speed is read, not asserted.
 */
class HealthUnderFlood {

    @TempDir
    Path dir;

    @Test
    void healthAnswersWhileThePublicPortIsFlooded() throws Exception {
        try (TestBundle bundle = TestBundle.start(dir, Map.of())) {
            HttpClient flooder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            // A client of its own: the flooder's selector thread is busy writing.
            HttpClient probe = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            URI health = URI.create(bundle.managementBase() + "/health");
            URI metrics = URI.create(bundle.managementBase() + "/metrics");
            System.out.printf("health, quiet: %d ms%n", time(probe, health));
            List<Socket> idle = new ArrayList<>();
            try {
                int port = Integer.parseInt(bundle.settings.get("payments.http.port"));
                for (int i = 0; i < 200; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
                    idle.add(s);
                }
                byte[] tenMegabytes = new byte[10 * 1024 * 1024];
                List<CompletableFuture<Integer>> flood = new ArrayList<>();
                for (int i = 0; i < 120; i++) {
                    flood.add(flooder.sendAsync(HttpRequest.newBuilder(URI.create(bundle.httpBase() + "/webhooks/fintecture"))
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(tenMegabytes)).build(), HttpResponse.BodyHandlers.discarding())
                            .thenApply(HttpResponse::statusCode).exceptionally(e -> -1));
                }
                CompletableFuture<Void> all = CompletableFuture.allOf(flood.toArray(CompletableFuture[]::new));
                List<Long> times = new ArrayList<>();
                List<Long> scrapes = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while ((!all.isDone() || times.size() < 8) && System.nanoTime() < deadline) {
                    times.add(time(probe, health));
                    // The same port and event loop without the checks: tells serving time from checking time.
                    scrapes.add(time(probe, metrics));
                    Thread.sleep(250);
                }
                List<Long> sorted = times.stream().sorted().toList();
                System.out.printf("health during the flood: %d probes, median %d ms, max %d ms, all %s%n", sorted.size(),
                        sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), times);
                System.out.printf("metrics during the flood: %s%n", scrapes);
            } finally {
                for (Socket s : idle) {
                    s.close();
                }
            }
        }
    }

    /** Milliseconds for one answer, which must be 200 (or 503 from {@code /health}). */
    private static long time(HttpClient client, URI health) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isIn(200, 503);
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
