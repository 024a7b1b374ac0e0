package org.paymentroutes.sandbox.everifin;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every request received, for tests. Bounded to the most recent {@link #CAPACITY} so that a
 * long-running demo or a benchmark does not grow without limit.
 */
final class RequestJournal {

    static final int CAPACITY = 10_000;

    private final ConcurrentLinkedDeque<RecordedRequest> entries = new ConcurrentLinkedDeque<>();
    private final AtomicInteger size = new AtomicInteger();

    void add(RecordedRequest request) {
        entries.addLast(request);
        if (size.incrementAndGet() > CAPACITY && entries.pollFirst() != null) {
            size.decrementAndGet();
        }
    }

    List<RecordedRequest> snapshot() {
        return List.copyOf(new ArrayList<>(entries));
    }

    void clear() {
        while (entries.pollFirst() != null) {
            size.decrementAndGet();
        }
    }
}
