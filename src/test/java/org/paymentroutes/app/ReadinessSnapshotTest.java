package org.paymentroutes.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Readiness answered from memory: refreshed in the background, never UP once stale. */
class ReadinessSnapshotTest {

    /** A readiness check whose state the test sets, which counts its runs and can be made to hang. */
    static final class Dependency extends AbstractHealthCheck {
        final AtomicBoolean up = new AtomicBoolean(true);
        final AtomicInteger runs = new AtomicInteger();
        volatile CountDownLatch hang = new CountDownLatch(0);

        Dependency() {
            super("payments", "dependency");
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            runs.incrementAndGet();
            try {
                hang.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (up.get()) {
                builder.up();
            } else {
                builder.down();
            }
        }
    }

    @Test
    void answersFromTheLatestRunAndReportsStaleResultsDown() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Dependency dependency = new Dependency();
            HealthCheckRegistry.get(camel).register(dependency);
            camel.start();
            try (ReadinessSnapshot snapshot = ReadinessSnapshot.start(camel, Duration.ofMillis(100), Duration.ofMillis(1_000))) {
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> state(snapshot, "dependency") == HealthCheck.State.UP);
                // Asking does not run the checks: the background thread does, at its own pace.
                int runs = dependency.runs.get();
                for (int i = 0; i < 50; i++) {
                    snapshot.results();
                }
                assertThat(dependency.runs.get() - runs).isLessThan(10);

                dependency.up.set(false);
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> state(snapshot, "dependency") == HealthCheck.State.DOWN);
                dependency.up.set(true);
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> state(snapshot, "dependency") == HealthCheck.State.UP);

                // The checks hang: the last results (UP) grow old, and are then reported DOWN.
                dependency.hang = new CountDownLatch(1);
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> state(snapshot, "readiness-checks") == HealthCheck.State.DOWN);
                assertThat(HealthReport.of(snapshot.results(), false).httpStatus()).isEqualTo(503);
                assertThat(HealthReport.of(snapshot.results(), false).json()).contains("the readiness checks last completed");
                dependency.hang.countDown();
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> state(snapshot, "readiness-checks") == null);
                assertThat(HealthReport.of(snapshot.results(), false).httpStatus()).isEqualTo(200);
            }
        }
    }

    private static HealthCheck.State state(ReadinessSnapshot snapshot, String id) {
        return snapshot.results().stream().filter(r -> r.getCheck().getId().equals(id)).map(HealthCheck.Result::getState)
                .findFirst().orElse(null);
    }

    @Test
    void theFirstAskRunsTheChecksWhenNoRunHasCompletedYet() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Dependency dependency = new Dependency();
            HealthCheckRegistry.get(camel).register(dependency);
            camel.start();
            try (ReadinessSnapshot snapshot = ReadinessSnapshot.start(camel, Duration.ofHours(1), Duration.ofHours(2))) {
                assertThat(state(snapshot, "dependency")).isEqualTo(HealthCheck.State.UP);
                assertThat(dependency.runs.get()).isBetween(1, 2);
            }
        }
    }
}
