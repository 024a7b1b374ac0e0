package org.paymentroutes.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public port under abuse: big bodies, idle and slow connections, more connections than the
 * cap, HTTP/2 cleartext. The bundle refuses them cheaply and keeps answering and paying.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HttpLimitsTest {

    static final int CAP = 40;

    @TempDir
    static Path dir;
    TestBundle bundle;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start() throws Exception {
        // The idle timeout also ends a request the server takes long to answer: kept above what a
        // loaded test machine needs for /health; the request timeout is what the tests below wait for.
        bundle = TestBundle.start(dir, Map.of("payments.http.idle-timeout", "15", "payments.http.request-timeout", "3",
                "payments.http.max-connections", String.valueOf(CAP)));
    }

    @AfterAll
    void stop() throws Exception {
        bundle.close();
    }

    int port() {
        return Integer.parseInt(bundle.settings.get("payments.http.port"));
    }

    HttpResponse<String> health() throws Exception {
        // A client of its own: the JDK client's one selector thread is busy writing the flood.
        HttpClient probe = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        return probe.send(HttpRequest.newBuilder(URI.create(bundle.managementBase() + "/health")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(bundle.httpBase() + "/webhooks/fintecture"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[65_537])).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
    }

    @Test
    @Order(99) // last: the flood's connections take the request timeout to drain
    void aFloodOfBigBodiesLeavesHealthAnsweringAndOrdersFlowing() throws Exception {
        long quiet = System.nanoTime();
        assertThat(health().statusCode()).isEqualTo(200);
        System.out.printf("health before the flood: %d ms%n", (System.nanoTime() - quiet) / 1_000_000);
        byte[] tenMegabytes = new byte[10 * 1024 * 1024];
        List<CompletableFuture<Integer>> flood = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            flood.add(http.sendAsync(HttpRequest.newBuilder(URI.create(bundle.httpBase() + "/webhooks/fintecture"))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(tenMegabytes)).build(), HttpResponse.BodyHandlers.discarding())
                    .thenApply(HttpResponse::statusCode).exceptionally(e -> -1));
        }
        long t0 = System.nanoTime();
        // It answers (the management port is not starved); on a loaded test machine a readiness
        // probe may itself time out and say DOWN, which is still an answer.
        HttpResponse<String> during = health();
        assertThat(during.statusCode()).as(during.body()).isIn(200, 503);
        assertThat(during.body()).contains("\"status\"");
        System.out.printf("health during a flood of 120 x 10 MB: %d ms (%d)%n", (System.nanoTime() - t0) / 1_000_000, during.statusCode());
        for (CompletableFuture<Integer> f : flood) {
            // Refused at the headers (413), or the connection closed while the client was still writing (-1).
            assertThat(f.get()).isIn(413, -1);
        }
        bundle.sendOrder(TestBundle.order("HTTP-FLOOD-1", "3.00"));
        assertThat(bundle.receive("payments.outcomes", "HTTP-FLOOD-1", 2, 30_000)).extracting(o -> o.path("status").asText())
                .containsExactly("RECEIVED", "ACTION_REQUIRED");
    }

    @Test
    void connectionsOverTheCapAreClosedAndIdleOnesTimeOut() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < CAP + 20; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", port()), 2_000);
                s.setSoTimeout(10_000);
                sockets.add(s);
            }
            // Nothing is ever sent on them: every one is closed by the server (over the cap at once,
            // the others when the request timeout passes), which a read sees as end of stream.
            for (Socket s : sockets) {
                assertThat(s.getInputStream().read()).isEqualTo(-1);
            }
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        assertThat(health().statusCode()).isEqualTo(200);
        HttpResponse<String> stillServing = http.send(HttpRequest.newBuilder(URI.create(bundle.httpBase() + "/callbacks/fintecture")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stillServing.statusCode()).isBetween(200, 499);
    }

    @Test
    void aRequestWhoseHeadersNeverEndIsCutOff() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port()), 2_000);
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            out.write("GET /callbacks/fintecture HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            assertThat(in.read()).as("closed by the server without an answer").isEqualTo(-1);
        }
    }

    @Test
    void http2CleartextIsOff() throws Exception {
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> r = h2.send(HttpRequest.newBuilder(URI.create(bundle.httpBase() + "/callbacks/fintecture")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    }
}
