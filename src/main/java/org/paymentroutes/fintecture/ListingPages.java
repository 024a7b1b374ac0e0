package org.paymentroutes.fintecture;

import java.util.ArrayList;
import java.util.List;

/**
 * The pages of Fintecture's payment listing read for one lookup: the order's sessions found so far
 * (still waiting for a payer) and the notes on its dead ones. Lives in an exchange property for the
 * length of one lookup, never longer.
 */
final class ListingPages {

    private final List<String> payable = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private int pages;
    private int failedTries;

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
