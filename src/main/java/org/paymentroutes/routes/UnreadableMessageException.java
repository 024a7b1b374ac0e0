package org.paymentroutes.routes;

/**
 * A queue message the bundle will not read (wrong JMS type, too large). It is refused once, to
 * {@code payments.rejected}, and acknowledged: redelivering it would only end in {@code DLQ}.
 */
public final class UnreadableMessageException extends RuntimeException {

    public UnreadableMessageException(String what) {
        super("refused " + what);
    }
}
