-- The order as received and each outbox message's body are written once and read rarely, but they
-- sat in rows rewritten at every change (a payment's status, claim and initiation mark; an outbox
-- row's claim and sent time). An embedded store (H2's MVStore) writes the whole page of a changed
-- row at commit, long strings included: the bench showed most of the store's time going there.
-- They now live in tables of their own, written once, in the same transaction as their row.
CREATE TABLE payment_order (
    order_id    VARCHAR(64) NOT NULL PRIMARY KEY,
    -- The order as received (needed to drive later steps; holds personal data: never logged).
    order_json  TEXT        NOT NULL
);
INSERT INTO payment_order (order_id, order_json) SELECT order_id, order_json FROM payment;
ALTER TABLE payment DROP COLUMN order_json;

CREATE TABLE outbox_body (
    id    BIGINT NOT NULL PRIMARY KEY,
    body  TEXT   NOT NULL
);
INSERT INTO outbox_body (id, body) SELECT id, body FROM outbox;
ALTER TABLE outbox DROP COLUMN body;
