package org.paymentroutes.intake;

import java.util.Set;

/**
 * Which providers can tell whether a creation call that got no answer created a payment, and how
 * many lookups an order gets before it is parked after all. A provider not listed here (Everifin:
 * its API offers no search by our reference, see docs/everifin.md) keeps parking at once.
 *
 * @param providers the providers with a lookup route ({@code direct:<provider>-initiate} handles {@link Decision#LOOKUP})
 * @param attempts  lookups started for one lost answer before the order is parked
 */
public record LostAnswers(Set<String> providers, int attempts) {

    /** Parks every uncertain order at once, as before lookups existed. */
    public static final LostAnswers NONE = new LostAnswers(Set.of(), 0);

    public LostAnswers {
        providers = Set.copyOf(providers);
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative");
        }
    }

    /** Whether an uncertain order of {@code provider} that had {@code lookupsSoFar} lookups gets another. */
    boolean lookUp(String provider, int lookupsSoFar) {
        return providers.contains(provider) && lookupsSoFar < attempts;
    }
}
