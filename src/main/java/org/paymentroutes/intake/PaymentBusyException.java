package org.paymentroutes.intake;

/** Another consumer is initiating this payment right now; the broker redelivers this copy later. */
public class PaymentBusyException extends RuntimeException {
    public PaymentBusyException(String orderId) {
        super("payment " + orderId + " is being initiated by another consumer; will retry");
    }
}
