package org.paymentroutes.store;

/** A message waiting in the outbox: its queue, body and the duplicate id the broker de-duplicates on. */
public record OutboxMessage(long id, String orderId, String queue, String body, java.time.OffsetDateTime deliverAt) {

    public String duplicateId() {
        return "outbox-" + id;
    }
}
