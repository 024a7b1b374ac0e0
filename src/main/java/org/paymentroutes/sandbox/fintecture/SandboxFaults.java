package org.paymentroutes.sandbox.fintecture;

import java.time.Duration;

/**
 * Faults a test asks for on the next PIS calls: an error status instead of the answer
 * ({@link FintectureSandbox#failNext}) or a wait before answering ({@link FintectureSandbox#delayNext}).
 * Each call to /pis/v2/* takes at most one of each.
 */
final class SandboxFaults {

    private int failuresLeft;
    private int failureStatus;
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

    synchronized void delayNext(int count, Duration wait) {
        if (count < 0 || wait.isNegative()) {
            throw new IllegalArgumentException("count and delay must not be negative");
        }
        delaysLeft = count;
        delay = wait;
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
