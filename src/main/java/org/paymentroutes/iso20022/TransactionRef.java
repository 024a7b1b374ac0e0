package org.paymentroutes.iso20022;

/**
 * What a status report needs of the original transaction, kept with its payment: the version (which
 * pain.002 to write) and the identifiers the ERP matches reports with.
 */
public record TransactionRef(Pain001Version version, String msgId, String pmtInfId, String instrId, String endToEndId) {
}
