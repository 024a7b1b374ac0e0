-- Set just before a payment is sent to its provider, cleared when the provider answers (whatever
-- the answer). Still set on the next delivery means the call's fate is unknown (the bundle died or
-- timed out mid-call): the provider may have created a payment, so the order is parked for an
-- operator instead of being sent again.
ALTER TABLE payment ADD COLUMN initiation_started_at TIMESTAMP WITH TIME ZONE;

-- An outbox row is claimed by the flush that sends it, so that two flushes never send the same row
-- at the same time (the broker's duplicate detection catches a resend, not a concurrent send).
ALTER TABLE outbox ADD COLUMN claim_until TIMESTAMP WITH TIME ZONE;
