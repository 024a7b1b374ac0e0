package org.paymentroutes.sandbox.fintecture;

import java.time.Duration;

/**
 * Faults a test asks for on the next PIS calls: an error status instead of the answer
 * ({@link FintectureSandbox#failNext}) or a wait before answering ({@link FintectureSandbox#delayNext}).
 * Each call to /pis/v2/* takes at most one of each.
 */
final class SandboxFaults {

    /** Random faults for chaos runs: this share of PIS calls fails, one way or another. */
    private double chaosRate;
    private Duration chaosSlow = Duration.ZERO;
    private Duration chaosTimeout = Duration.ZERO;
    private java.util.Random chaosRandom = new java.util.Random();
    private int failuresLeft;
    private int failureStatus;
    private int tokenFailuresLeft;
    private int tokenFailureStatus;
    private int delaysLeft;
    private Duration delay = Duration.ZERO;

    synchronized void failNext(int count, int httpStatus) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative");
        }
        if (httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("not an error status: " + httpStatus);
        }
        failuresLeft = count;
        failureStatus = httpStatus;
    }

    /** The same for the access-token endpoint (an outage of the authorization server). */
    synchronized void failTokenRequestsNext(int count, int httpStatus) {
        if (count < 0 || httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("count must not be negative, status must be an error status");
        }
        tokenFailuresLeft = count;
        tokenFailureStatus = httpStatus;
    }

    synchronized int takeTokenFailure() {
        if (tokenFailuresLeft <= 0) {
            return 0;
        }
        tokenFailuresLeft--;
        return tokenFailureStatus;
    }

    synchronized void delayNext(int count, Duration wait) {
        if (count < 0 || wait.isNegative()) {
            throw new IllegalArgumentException("count and delay must not be negative");
        }
        delaysLeft = count;
        delay = wait;
    }

    /**
     * From now on, {@code rate} of the PIS calls fail at random, in equal parts: 500, 503, 429 (with
     * Retry-After), a slow answer ({@code slow}, then the real answer), or a timeout ({@code timeout}
     * without processing the call, then 504: the request was lost, so no session exists for it).
     * A rate of 0 turns it off.
     */
    synchronized void chaos(double rate, Duration slow, Duration timeout, long seed) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("rate must be within [0, 1]");
        }
        chaosRate = rate;
        chaosSlow = slow;
        chaosTimeout = timeout;
        chaosRandom = new java.util.Random(seed);
    }

    /** A chaos fault for this call: 0 none, an HTTP status, or -1 for "slow" (then answer normally). */
    synchronized int takeChaos() {
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

    synchronized Duration chaosSlow() {
        return chaosSlow;
    }

    synchronized Duration chaosTimeout() {
        return chaosTimeout;
    }

    /** The status to fail this call with, taking one from the budget; 0 for none. */
    synchronized int takeFailure() {
        if (failuresLeft <= 0) {
            return 0;
        }
        failuresLeft--;
        return failureStatus;
    }

    /** How long to wait before answering this call, taking one from the budget. */
    synchronized Duration takeDelay() {
        if (delaysLeft <= 0) {
            return Duration.ZERO;
        }
        delaysLeft--;
        return delay;
    }
}
