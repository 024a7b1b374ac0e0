package org.paymentroutes.store;

import java.time.OffsetDateTime;

/** One append-only history line of a payment: a status change (published) or a note (an attempt, a late report). */
public record HistoryEntry(long id, String orderId, PaymentStatus status, String providerStatus, String source,
                           boolean published, String detail, OffsetDateTime occurredAt) {
}
