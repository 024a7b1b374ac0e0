package org.paymentroutes.iso20022;

/** A whole file is refused: the named reason and a detail naming the element (never a value from a personal field). */
public final class FileRefusedException extends Exception {
    private final Refusal refusal;

    public FileRefusedException(Refusal refusal, String detail) {
        super(refusal.name() + ": " + detail, null, false, false);
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }

    /** What the pain.002 says (Max105Text). */
    public String detail() {
        return ReasonCodes.text(getMessage());
    }
}
