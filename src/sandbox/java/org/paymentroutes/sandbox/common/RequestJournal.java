package org.paymentroutes.sandbox.common;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every request a sandbox received, for tests. Bounded to the most recent {@link #CAPACITY} so that a
 * long-running demo or a benchmark does not grow without limit.
 */
public final class RequestJournal<T> {

    public static final int CAPACITY = 10_000;

    private final ConcurrentLinkedDeque<T> entries = new ConcurrentLinkedDeque<>();
    private final AtomicInteger size = new AtomicInteger();

    public void add(T request) {
        entries.addLast(request);
        if (size.incrementAndGet() > CAPACITY && entries.pollFirst() != null) {
            size.decrementAndGet();
        }
    }

    public List<T> snapshot() {
        return List.copyOf(new ArrayList<>(entries));
    }

    public void clear() {
        while (entries.pollFirst() != null) {
            size.decrementAndGet();
        }
    }
}
