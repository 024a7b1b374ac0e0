package org.paymentroutes.fintecture;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.paymentroutes.store.Payment;

/**
 * The pages of Fintecture's payment listing read for one lookup: the order's sessions found so far
 * (still waiting for a payer) and the notes on its dead ones. Lives in an exchange property for the
 * length of one lookup, never longer.
 */
final class ListingPages {

    private final Payment payment;
    private final OffsetDateTime from;
    private final List<String> payable = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private int pages;
    private int failedTries;

    /** For {@code payment}, whose sessions are those created from {@code from} on (read once, for every page). */
    ListingPages(Payment payment, OffsetDateTime from) {
        this.payment = payment;
        this.from = from;
    }

    Payment payment() {
        return payment;
    }

    OffsetDateTime from() {
        return from;
    }

    void add(LostSessionMatcher.Found page) {
        payable.addAll(page.payable());
        notes.addAll(page.notes());
        pages++;
        failedTries = 0;
    }

    /** Counts a failed try of the page being read: how many it has had so far. */
    int failedTry() {
        return ++failedTries;
    }

    List<String> payable() {
        return List.copyOf(payable);
    }

    List<String> notes() {
        return List.copyOf(notes);
    }

    int pages() {
        return pages;
    }
}
