package org.paymentroutes.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.paymentroutes.store.PaymentStatus;

/** The intake's decision for a valid order, branch by branch, without a store or a broker. */
class DecisionTest {

    private static final boolean CREATED = true;
    private static final boolean SAME_ORDER = true;
    private static final boolean UNSTARTED = true;
    private static final boolean CLAIMED = true;
    private static final boolean UNCERTAIN = true;
    private static final boolean REDELIVERED = true;

    @Test
    void aPaymentThisDeliveryCreatedIsNewWhateverTheRest() {
        assertThat(Decision.of(CREATED, SAME_ORDER, false, CLAIMED, false, false)).isEqualTo(Decision.NEW);
        // The broker's redelivery flag does not matter when the store had no payment: an earlier attempt rolled back.
        assertThat(Decision.of(CREATED, SAME_ORDER, false, CLAIMED, false, REDELIVERED)).isEqualTo(Decision.NEW);
    }

    @Test
    void theSameIdWithOtherContentIsAConflictEvenWhenRedelivered() {
        assertThat(Decision.of(false, false, false, false, false, false)).isEqualTo(Decision.CONFLICT);
        assertThat(Decision.of(false, false, false, false, false, REDELIVERED)).isEqualTo(Decision.CONFLICT);
    }

    @Test
    void anUnstartedPaymentWhoseClaimIntakeTookIsResumed() {
        assertThat(Decision.of(false, SAME_ORDER, UNSTARTED, CLAIMED, false, false)).isEqualTo(Decision.RESUME);
        assertThat(Decision.of(false, SAME_ORDER, UNSTARTED, CLAIMED, false, REDELIVERED)).isEqualTo(Decision.RESUME);
    }

    @Test
    void anUnstartedPaymentWithTheInitiationMarkSetIsParked() {
        assertThat(Decision.of(false, SAME_ORDER, UNSTARTED, CLAIMED, UNCERTAIN, false)).isEqualTo(Decision.UNCERTAIN);
        assertThat(Decision.of(false, SAME_ORDER, UNSTARTED, CLAIMED, UNCERTAIN, REDELIVERED)).isEqualTo(Decision.UNCERTAIN);
    }

    @Test
    void aPaymentThatMovedOnIsADuplicateUnlessTheBrokerRedeliversTheMessageThatCreatedIt() {
        assertThat(Decision.of(false, SAME_ORDER, false, false, false, false)).isEqualTo(Decision.DUPLICATE);
        assertThat(Decision.of(false, SAME_ORDER, false, false, false, REDELIVERED)).isEqualTo(Decision.REDELIVERED);
    }

    @Test
    void anUnstartedPaymentAnotherConsumerFinishedWhileThisCopyWaitedIsADuplicate() {
        assertThat(Decision.of(false, SAME_ORDER, UNSTARTED, false, false, false)).isEqualTo(Decision.DUPLICATE);
        assertThat(Decision.of(false, SAME_ORDER, UNSTARTED, false, false, REDELIVERED)).isEqualTo(Decision.REDELIVERED);
    }

    @Test
    void onlyAReceivedPaymentWithoutAProviderIdIsUnstarted() {
        assertThat(Decision.unstarted(PaymentStatus.RECEIVED, null)).isTrue();
        assertThat(Decision.unstarted(PaymentStatus.RECEIVED, "session-1")).isFalse();
        for (PaymentStatus s : PaymentStatus.values()) {
            if (s != PaymentStatus.RECEIVED) {
                assertThat(Decision.unstarted(s, null)).as(s.name()).isFalse();
            }
        }
    }
}
