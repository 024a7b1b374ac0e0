package org.paymentroutes.sandbox.everifin;

import java.time.Duration;

/**
 * Faults a test asks for on the next /v1 calls: an error status instead of the answer
 * ({@link EverifinSandbox#failNext}) or a wait before answering ({@link EverifinSandbox#delayNext}).
 * Each /v1 call takes at most one of each. The identity server and the bank page are never
 * faulted, so that a fault test exercises the bundle's API retries, not its login.
 */
final class EverifinFaults {

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
        if (count < 0 || wait == null || wait.isNegative()) {
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
