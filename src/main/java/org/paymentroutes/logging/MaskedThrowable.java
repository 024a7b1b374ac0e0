package org.paymentroutes.logging;

/**
 * A logged exception as it may be printed: the original's class name and stack, its message masked and
 * escaped ({@link LogMasking#forLog}), its causes likewise. Exception messages quote URLs, headers and
 * provider answers; this keeps them out of the log as the message itself is.
 */
final class MaskedThrowable extends Throwable {

    private final String className;

    private MaskedThrowable(Throwable original, MaskedThrowable cause) {
        super(LogMasking.forLog(original.getMessage()), cause, true, true);
        this.className = original.getClass().getName();
        setStackTrace(original.getStackTrace());
        for (Throwable s : original.getSuppressed()) {
            addSuppressed(of(s));
        }
    }

    static Throwable of(Throwable t) {
        if (t == null || t instanceof MaskedThrowable) {
            return t;
        }
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        return wrap(t, seen);
    }

    private static MaskedThrowable wrap(Throwable t, java.util.Set<Throwable> seen) {
        seen.add(t);
        Throwable cause = t.getCause();
        MaskedThrowable masked = cause == null || seen.contains(cause) ? null : wrap(cause, seen);
        return new MaskedThrowable(t, masked);
    }

    /** The original's class name, so the printed line reads as the original's would. */
    String className() {
        return className;
    }

    @Override
    public String toString() {
        String m = getLocalizedMessage();
        return m == null ? className : className + ": " + m;
    }
}
