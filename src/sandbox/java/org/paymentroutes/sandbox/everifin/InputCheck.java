package org.paymentroutes.sandbox.everifin;

/**
 * What the payer's bank does with the values of an INPUT step. Runs under the payment's lock,
 * after the engine has checked names, types, SELECT options and decrypted the encrypted values.
 */
@FunctionalInterface
interface InputCheck {

    Outcome check(InputAnswers answers, PaymentState payment);

    /**
     * ACCEPT: go to the next step. RETRY: ask for the same inputs once more, then fail with
     * {@code reasonCode}. FAIL: fail now with {@code reasonCode}. INVALID: refuse the request
     * (400 naming {@code field}), the payment unchanged.
     */
    record Outcome(Kind kind, String reasonCode, String field, String message) {

        enum Kind { ACCEPT, RETRY, FAIL, INVALID }

        static Outcome accept() {
            return new Outcome(Kind.ACCEPT, null, null, null);
        }

        static Outcome retryOnceThenFail(String reasonCode) {
            return new Outcome(Kind.RETRY, reasonCode, null, null);
        }

        static Outcome fail(String reasonCode) {
            return new Outcome(Kind.FAIL, reasonCode, null, null);
        }

        static Outcome invalid(String field, String message) {
            return new Outcome(Kind.INVALID, null, field, message);
        }
    }
}
