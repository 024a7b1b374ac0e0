package org.paymentroutes.store;

/**
 * The identifiers of a payment that came in a pain.001 file (table iso_transaction): the file's
 * generation ({@code version}, e.g. "pain.001.001.03") and what the ERP matches its status reports by.
 */
public record FileTransaction(String version, String msgId, String pmtInfId, String instrId, String endToEndId) {
}
