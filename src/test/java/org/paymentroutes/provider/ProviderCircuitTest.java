package org.paymentroutes.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The circuit's state machine: counting, opening, probe scheduling (Retry-After), closing on trial, the max outage. */
class ProviderCircuitTest {

    static final Instant T0 = Instant.parse("2026-12-02T09:00:00Z");

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        Instant now = T0;

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final MovableClock clock = new MovableClock();
    final ProviderCircuit circuit = new ProviderCircuit("fintecture", 3, Duration.ofSeconds(10), Duration.ofHours(24), clock);

    @Test
    void opensOnlyAfterTheThresholdOfOutagesInARow() {
        assertThat(circuit.failed("HTTP 503", Optional.empty())).isFalse();
        assertThat(circuit.failed("HTTP 503", Optional.empty())).isFalse();
        circuit.answered();
        assertThat(circuit.failed("HTTP 503", Optional.empty())).isFalse();
        assertThat(circuit.failed("HTTP 502", Optional.empty())).isFalse();
        assertThat(circuit.isOpen()).isFalse();
        assertThat(circuit.failed("SocketTimeoutException", Optional.empty())).as("the third in a row").isTrue();
        assertThat(circuit.isOpen()).isTrue();
        assertThat(circuit.holding()).isTrue();
        assertThat(circuit.failed("HTTP 503", Optional.empty())).as("opens once").isFalse();
        assertThat(circuit.snapshot().reason()).isEqualTo("HTTP 503");
        assertThat(circuit.snapshot().openedAt()).isEqualTo(T0);
    }

    @Test
    void anAnswerWhileOpenDoesNotCloseIt() {
        open();
        circuit.answered();
        assertThat(circuit.isOpen()).isTrue();
    }

    @Test
    void probesEveryIntervalUntilTheProviderAnswers() {
        open();
        assertThat(circuit.nextProbe()).isEqualTo(T0.plusSeconds(10));
        clock.advance(Duration.ofSeconds(10));
        circuit.probeFailed("HTTP 503", Optional.empty());
        assertThat(circuit.nextProbe()).isEqualTo(T0.plusSeconds(20));
        clock.advance(Duration.ofSeconds(10));
        assertThat(circuit.probeAnswered()).isEqualTo(Duration.ofSeconds(20));
        assertThat(circuit.isOpen()).isFalse();
        assertThat(circuit.nextProbe()).isNull();
        assertThat(circuit.openGauge()).isZero();
    }

    @Test
    void aRetryAfterLaterThanTheIntervalDelaysTheProbe() {
        circuit.failed("HTTP 429", Optional.of(T0.plusSeconds(90)));
        circuit.failed("HTTP 429", Optional.empty());
        circuit.failed("HTTP 429", Optional.of(T0.plusSeconds(30)));
        assertThat(circuit.nextProbe()).as("the latest asked").isEqualTo(T0.plusSeconds(90));
        clock.advance(Duration.ofSeconds(90));
        circuit.probeFailed("HTTP 429", Optional.of(T0.plusSeconds(95)));
        assertThat(circuit.nextProbe()).as("never sooner than the interval").isEqualTo(T0.plusSeconds(100));
        circuit.probeFailed("HTTP 429", Optional.of(T0.plusSeconds(300)));
        assertThat(circuit.nextProbe()).isEqualTo(T0.plusSeconds(300));
    }

    @Test
    void closedAgainItIsOnTrialOneOutageReopensIt() {
        open();
        circuit.probeAnswered();
        assertThat(circuit.failed("HTTP 503", Optional.empty())).isTrue();
        circuit.probeAnswered();
        circuit.answered();
        assertThat(circuit.failed("HTTP 503", Optional.empty())).as("a real answer ends the trial").isFalse();
    }

    @Test
    void holdsTheQueuesForAtMostTheMaxOutage() {
        open();
        clock.advance(Duration.ofHours(24).minusSeconds(1));
        assertThat(circuit.holding()).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(circuit.holding()).isFalse();
        assertThat(circuit.isOpen()).as("still open, still probing").isTrue();
        assertThat(circuit.snapshot().holding()).isFalse();
        assertThat(circuit.openGauge()).isOne();
    }

    private void open() {
        for (int i = 0; i < 3; i++) {
            circuit.failed("HTTP 503", Optional.empty());
        }
        assertThat(circuit.isOpen()).isTrue();
    }
}
