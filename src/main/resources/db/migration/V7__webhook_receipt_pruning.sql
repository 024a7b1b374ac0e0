-- Receipts are deleted once older than twice the webhook Date window (a replay of them would be
-- refused for its Date anyway): the pruning looks them up by age.
CREATE INDEX webhook_receipt_received_at ON webhook_receipt (received_at);
