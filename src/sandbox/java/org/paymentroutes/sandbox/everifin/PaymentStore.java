package org.paymentroutes.sandbox.everifin;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The payments the sandbox holds, by id. Ids are integers, as Everifin's, counting up from {@value #FIRST_ID}. */
final class PaymentStore {

    static final long FIRST_ID = 100_001;

    private final Map<Long, PaymentState> byId = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(FIRST_ID);
    private final Clock clock;

    PaymentStore(Clock clock) {
        this.clock = clock;
    }

    PaymentState create(PaymentOrder order) {
        PaymentState state = new PaymentState(nextId.getAndIncrement(), order,
                BankProfiles.forSenderIban(order.senderIban()), clock.instant());
        byId.put(state.id(), state);
        return state;
    }

    Optional<PaymentState> get(long id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The payment, or IllegalArgumentException for an unknown id (for the test-facing methods). */
    PaymentState require(long id) {
        PaymentState state = byId.get(id);
        if (state == null) {
            throw new IllegalArgumentException("unknown payment " + id);
        }
        return state;
    }

    int created() {
        return byId.size();
    }
}
