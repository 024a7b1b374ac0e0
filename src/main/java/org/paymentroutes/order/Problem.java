package org.paymentroutes.order;

/** One thing wrong with an order: the JSON path of the field and why, in words an ERP developer can act on. */
public record Problem(String field, String reason) {
}
