package org.paymentroutes.sandbox.fintecture;

import org.paymentroutes.sandbox.common.RequestJournal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/** Every webhook delivery attempt, for tests; bounded like {@link RequestJournal}, for benchmarks. */
final class WebhookJournal {

    static final int CAPACITY = 10_000;

    private final ConcurrentLinkedDeque<WebhookDelivery> entries = new ConcurrentLinkedDeque<>();
    private final AtomicInteger size = new AtomicInteger();

    void add(WebhookDelivery delivery) {
        entries.addLast(delivery);
        if (size.incrementAndGet() > CAPACITY && entries.pollFirst() != null) {
            size.decrementAndGet();
        }
    }

    List<WebhookDelivery> snapshot() {
        return List.copyOf(new ArrayList<>(entries));
    }

    void clear() {
        while (entries.pollFirst() != null) {
            size.decrementAndGet();
        }
    }
}
