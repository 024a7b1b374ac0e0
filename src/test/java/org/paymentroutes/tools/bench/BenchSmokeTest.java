package org.paymentroutes.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paymentroutes.tools.ToolsCli;

/**
 * The bench command end to end with tiny numbers: it completes, measures something on every path and
 * writes its three files. No assertion on speed: this machine's figures are the bench's output, not
 * its test.
 */
class BenchSmokeTest {

    @Test
    void aTinyRunCompletesAndWritesItsResults(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bench");
        int code = ToolsCli.execute(new java.io.PrintWriter(System.err, true), "bench", "--orders", "30", "--concurrency", "2", "--warmup", "20", "--rate", "20",
                "--paced-orders", "40", "--everifin", "3", "--in-flight", "30", "--time-limit", "90",
                "--out", out.toString(), "--dir", dir.resolve("data").toString());
        assertThat(code).isZero();

        String md = Files.readString(out.resolve(ReportWriter.MARKDOWN));
        assertThat(md).contains("| orders | concurrency | orders/s | p50 ms | p95 ms | p99 ms | CPU s | heap MB | floor orders/s | ratio "
                + "| durable floor orders/s | ratio to durable |")
                .contains("| 30 | 2 | ").contains("## Targets").contains("Machine: ");

        BufferedImage png = ImageIO.read(out.resolve(ReportWriter.PNG).toFile());
        assertThat(png).isNotNull();
        assertThat(png.getWidth()).isGreaterThan(100);
        assertThat(png.getHeight()).isGreaterThan(100);

        JsonNode json = new ObjectMapper().readTree(out.resolve(ReportWriter.JSON).toFile());
        assertThat(json.path("machine").path("cores").asInt()).isPositive();
        JsonNode row = json.path("rows").get(0);
        assertThat(row.path("orders").asInt()).isEqualTo(30);
        assertThat(row.path("concurrency").asInt()).isEqualTo(2);
        JsonNode bundle = row.path("bundle");
        assertThat(bundle.path("completed").asInt()).isEqualTo(30);
        assertThat(bundle.path("providerCalls").asInt()).as("each order made one payment session").isEqualTo(30);
        assertThat(bundle.path("ordersPerSecond").asDouble()).isPositive();
        assertThat(bundle.path("latency").path("p99").asDouble()).isPositive()
                .isGreaterThanOrEqualTo(bundle.path("latency").path("p50").asDouble());
        assertThat(bundle.path("usage").path("cpuSeconds").asDouble()).isPositive();
        assertThat(bundle.path("usage").path("maxHeapUsed").asLong()).isPositive();
        assertThat(row.path("floor").path("completed").asInt()).isEqualTo(30);
        assertThat(row.path("floor").path("ordersPerSecond").asDouble()).isPositive();
        assertThat(row.path("ratio").asDouble()).isPositive();
        assertThat(row.path("durableFloor").path("completed").asInt()).isEqualTo(30);
        assertThat(row.path("durableFloor").path("providerCalls").asInt()).isEqualTo(30);
        assertThat(row.path("durableRatio").asDouble()).isPositive();

        assertThat(json.path("paced").get(0).path("measurement").path("completed").asInt()).isEqualTo(40);
        JsonNode everifin = json.path("everifin");
        assertThat(everifin.path("completed").asInt()).isEqualTo(3);
        assertThat(everifin.path("processCalls").asInt()).as("4 process calls per credentials-otp payment").isEqualTo(12);
        assertThat(everifin.path("inputAnswers").asInt()).isEqualTo(6);
        assertThat(everifin.path("processCallsPerSecond").asDouble()).isPositive();
        JsonNode inFlight = json.path("inFlight");
        assertThat(inFlight.path("completed").asInt()).isEqualTo(30);
        assertThat(inFlight.path("liveInFlightMb").asDouble()).isPositive();
        assertThat(json.path("targets").size()).isEqualTo(4);
    }
}
