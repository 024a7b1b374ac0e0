package org.paymentroutes.store;

/** The store could not be reached or refused a statement. The message names the operation, never the data. */
public class StoreException extends RuntimeException {
    public StoreException(String operation, Throwable cause) {
        super("payment store: " + operation + " failed (" + cause.getClass().getSimpleName()
                + (cause instanceof java.sql.SQLException s ? ", SQLState " + s.getSQLState() : "") + ")", cause);
    }
}
