-- The operator's page charts the outcomes of the last 24 hours: read them by time, not the whole history.
CREATE INDEX payment_history_occurred ON payment_history (occurred_at);
