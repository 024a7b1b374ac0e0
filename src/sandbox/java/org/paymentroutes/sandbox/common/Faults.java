package org.paymentroutes.sandbox.common;

import java.time.Duration;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Faults a test asks for on the next calls to one group of a sandbox's endpoints: an error status
 * instead of the answer ({@link #failNext}), a wait before answering ({@link #delayNext}), or random
 * failures for chaos runs ({@link #chaos}), or an outage of a given length ({@link #downFor}). Each call takes at most one of each. Thread-safe.
 */
public final class Faults {

    private int failuresLeft;
    private int failureStatus;
    private int delaysLeft;
    private Duration delay = Duration.ZERO;
    /** Random faults for chaos runs: this share of calls fails, one way or another. */
    private double chaosRate;
    private Duration chaosSlow = Duration.ZERO;
    private Duration chaosTimeout = Duration.ZERO;
    private Random chaosRandom = new Random();
    /** Until when every call answers 503 (an outage); null when up. */
    private java.time.Instant downUntil;

    public synchronized void failNext(int count, int httpStatus) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative");
        }
        if (httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("not an error status: " + httpStatus);
        }
        failuresLeft = count;
        failureStatus = httpStatus;
    }

    /**
     * An outage: every call answers 503 (with Retry-After, in the provider's shape) for {@code duration},
     * then the sandbox answers again by itself. {@link Duration#ZERO} ends it at once.
     */
    public synchronized void downFor(Duration duration) {
        if (duration == null || duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative");
        }
        downUntil = java.time.Instant.now().plus(duration);
    }

    /** True while an outage asked with {@link #downFor} lasts. */
    public synchronized boolean down() {
        return downUntil != null && java.time.Instant.now().isBefore(downUntil);
    }

    public synchronized void delayNext(int count, Duration wait) {
        if (count < 0 || wait == null || wait.isNegative()) {
            throw new IllegalArgumentException("count and delay must not be negative");
        }
        delaysLeft = count;
        delay = wait;
    }

    /**
     * From now on, {@code rate} of the calls fail at random, in equal parts: 500, 503, 429 (with
     * Retry-After), a slow answer ({@code slow}, then the real answer), or a timeout ({@code timeout}
     * without processing the call, then 504: the request was lost). A rate of 0 turns it off.
     */
    public synchronized void chaos(double rate, Duration slow, Duration timeout, long seed) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("rate must be within [0, 1]");
        }
        chaosRate = rate;
        chaosSlow = slow;
        chaosTimeout = timeout;
        chaosRandom = new Random(seed);
    }

    /**
     * Applies this call's share of the faults: waits the delay asked for, then returns the error to
     * answer instead of the real one (built by {@code error} from the status, in the provider's
     * shape), or null when the call is to be answered normally.
     */
    public SandboxResponse apply(IntFunction<SandboxResponse> error) {
        SandboxServer.sleep(takeDelay());
        if (down()) {
            return error.apply(503);
        }
        int failure = takeFailure();
        if (failure != 0) {
            return error.apply(failure);
        }
        int chaos = takeChaos();
        if (chaos == -1) {
            SandboxServer.sleep(chaosDuration(false));
        } else if (chaos == 504) {
            SandboxServer.sleep(chaosDuration(true));
            return error.apply(504);
        } else if (chaos != 0) {
            return error.apply(chaos);
        }
        return null;
    }

    /** The status to fail this call with, taking one from the budget; 0 for none. */
    private synchronized int takeFailure() {
        if (failuresLeft <= 0) {
            return 0;
        }
        failuresLeft--;
        return failureStatus;
    }

    /** How long to wait before answering this call, taking one from the budget. */
    private synchronized Duration takeDelay() {
        if (delaysLeft <= 0) {
            return Duration.ZERO;
        }
        delaysLeft--;
        return delay;
    }

    /** A chaos fault for this call: 0 none, an HTTP status, or -1 for "slow" (then answer normally). */
    private synchronized int takeChaos() {
        if (chaosRate <= 0 || chaosRandom.nextDouble() >= chaosRate) {
            return 0;
        }
        return switch (chaosRandom.nextInt(5)) {
            case 0 -> 500;
            case 1 -> 503;
            case 2 -> 429;
            case 3 -> -1;
            default -> 504;
        };
    }

    private synchronized Duration chaosDuration(boolean timeout) {
        return timeout ? chaosTimeout : chaosSlow;
    }
}
