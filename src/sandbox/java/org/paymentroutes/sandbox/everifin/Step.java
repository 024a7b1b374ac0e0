package org.paymentroutes.sandbox.everifin;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One step of a bank's processing flow. A {@link BankProfile} is a list of them; the
 * {@link ProcessEngine} issues the current step in a PATCH answer and resolves it with the next
 * PATCH. Records, so that a profile is data and a new bank is one line in {@link BankProfiles}.
 */
sealed interface Step permits Step.Redirect, Step.Push, Step.Input, Step.Next, Step.Fail {

    /** Query parameters the sandbox's bank page sends the payer back with. */
    Set<String> REDIRECT_RETURN_NAMES = Set.of("code", "state", "error", "error_description");

    /** The {@code type} of the PATCH answer that issues this step: REDIRECT, PUSH, INPUT or NEXT. */
    String type();

    /** The body names that answer this step (empty when the step takes no values). */
    Set<String> answerNames();

    /** Send the payer to the bank's page; resolved by the query the bank returns with. */
    record Redirect() implements Step {
        @Override
        public String type() {
            return "REDIRECT";
        }

        @Override
        public Set<String> answerNames() {
            return REDIRECT_RETURN_NAMES;
        }
    }

    /**
     * The payer confirms in the bank's mobile app; each PATCH polls it.
     *
     * @param confirmedAfter null: the app confirms after the sandbox's pushPollsBeforeConfirm polls (or
     *                       {@link EverifinSandbox#confirmPush}); otherwise it confirms this long after the
     *                       step was issued, polled or not, and the payment then moves on by itself (a GET
     *                       shows it): the payer who confirms after the client stopped polling
     * @param never          the app never confirms by itself (only {@link EverifinSandbox#confirmPush} does)
     */
    record Push(java.time.Duration confirmedAfter, boolean never) implements Step {
        Push() {
            this(null, false);
        }

        @Override
        public String type() {
            return "PUSH";
        }

        @Override
        public Set<String> answerNames() {
            return Set.of();
        }
    }

    /**
     * Ask the payer for values.
     *
     * @param fields  what to show, in order (one = {@code input}, several = {@code inputSet})
     * @param encrypt the names that must come back encrypted ({@code inputsToEncrypt})
     * @param check   what the bank does with the values
     */
    record Input(List<InputField> fields, Set<String> encrypt, InputCheck check) implements Step {
        public Input {
            fields = List.copyOf(fields);
            encrypt = Set.copyOf(encrypt);
            Objects.requireNonNull(check, "check");
            if (fields.isEmpty() || !names(fields).containsAll(encrypt)) {
                throw new IllegalArgumentException("an INPUT step needs fields, and can only encrypt its own fields");
            }
        }

        @Override
        public String type() {
            return "INPUT";
        }

        @Override
        public Set<String> answerNames() {
            return names(fields);
        }

        private static Set<String> names(List<InputField> fields) {
            Set<String> names = new LinkedHashSet<>();
            fields.forEach(field -> names.add(field.name()));
            return names;
        }
    }

    /** The bank moves the payment to {@code status} (PROCESSING, or CONFIRMED which ends the flow). */
    record Next(String status) implements Step {
        public Next {
            if (!EverifinPayment.PROCESSING.equals(status) && !EverifinPayment.CONFIRMED.equals(status)) {
                throw new IllegalArgumentException("a NEXT step moves to PROCESSING or CONFIRMED, not " + status);
            }
        }

        @Override
        public String type() {
            return "NEXT";
        }

        @Override
        public Set<String> answerNames() {
            return Set.of();
        }
    }

    /** The bank fails the payment with this reason code (answered as NEXT with status FAILED). */
    record Fail(String reasonCode) implements Step {
        public Fail {
            Objects.requireNonNull(reasonCode, "reasonCode");
        }

        @Override
        public String type() {
            return "NEXT";
        }

        @Override
        public Set<String> answerNames() {
            return Set.of();
        }
    }
}
