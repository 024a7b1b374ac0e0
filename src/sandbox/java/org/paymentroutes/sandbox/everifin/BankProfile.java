package org.paymentroutes.sandbox.everifin;

import java.util.List;

/**
 * How one bank processes a payment: the steps, in order. The last step ends the flow (NEXT
 * CONFIRMED or a failure); a failure may also come earlier from an INPUT check or the payer's
 * cancel at the bank.
 *
 * @param bankCode the Slovak bank code (IBAN characters 5 to 8) that selects it
 * @param name     e.g. {@code credentials-otp}
 */
record BankProfile(String bankCode, String name, List<Step> steps) {

    BankProfile {
        steps = List.copyOf(steps);
        Step last = steps.isEmpty() ? null : steps.get(steps.size() - 1);
        boolean ends = last instanceof Step.Fail
                || last instanceof Step.Next next && EverifinPayment.CONFIRMED.equals(next.status());
        if (!ends) {
            throw new IllegalArgumentException("profile " + name + " must end with NEXT CONFIRMED or a failure");
        }
        for (int i = 0; i < steps.size() - 1; i++) {
            if (steps.get(i) instanceof Step.Fail
                    || steps.get(i) instanceof Step.Next next && EverifinPayment.CONFIRMED.equals(next.status())) {
                throw new IllegalArgumentException("profile " + name + " has a final step before its end");
            }
        }
    }

    Step step(int index) {
        return steps.get(index);
    }
}
