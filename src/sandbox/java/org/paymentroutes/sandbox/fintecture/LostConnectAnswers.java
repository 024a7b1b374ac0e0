package org.paymentroutes.sandbox.fintecture;

import java.time.Duration;
import java.util.Random;

/**
 * Session creation calls whose answer is lost: the session is created, then the answer is held
 * back past the client's response timeout, as when the connection drops or the client dies
 * mid-call. The client cannot know the session exists; only the listing can tell it. Or the call
 * itself is lost on its way: no session, and the listing shows none.
 */
final class LostConnectAnswers {

    private int left;
    private Duration delay = Duration.ZERO;
    private int requestsLeft;
    private Duration requestDelay = Duration.ZERO;
    private double rate;
    private Duration chaosDelay = Duration.ZERO;
    private Random random = new Random();

    /** The next {@code count} creation calls lose their answer: it leaves only after {@code delay}. */
    synchronized void next(int count, Duration wait) {
        if (count < 0 || wait == null || wait.isNegative()) {
            throw new IllegalArgumentException("count and delay must not be negative");
        }
        left = count;
        delay = wait;
    }

    /** The next {@code count} creation calls are lost before the sandbox reads them: no session, a 504 after {@code wait}. */
    synchronized void nextRequests(int count, Duration wait) {
        if (count < 0 || wait == null || wait.isNegative()) {
            throw new IllegalArgumentException("count and delay must not be negative");
        }
        requestsLeft = count;
        requestDelay = wait;
    }

    /** How long before this creation call is answered 504 unread; null when it is to be read. */
    synchronized Duration takeRequest() {
        if (requestsLeft <= 0) {
            return null;
        }
        requestsLeft--;
        return requestDelay;
    }

    /** From now on {@code share} of the creation calls lose their answer (held {@code wait}); 0 turns it off. */
    synchronized void chaos(double share, Duration wait, long seed) {
        if (share < 0 || share > 1) {
            throw new IllegalArgumentException("share must be within [0, 1]");
        }
        rate = share;
        chaosDelay = wait;
        random = new Random(seed);
    }

    /** How long this creation call's answer is held after the session is created; zero for none. */
    synchronized Duration take() {
        if (left > 0) {
            left--;
            return delay;
        }
        return rate > 0 && random.nextDouble() < rate ? chaosDelay : Duration.ZERO;
    }
}
