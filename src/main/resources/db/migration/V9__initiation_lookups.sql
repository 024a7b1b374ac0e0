-- How many times the provider was asked whether a creation call that got no answer created a
-- payment (see docs/fintecture.md, "Lost answers"). Counted when a lookup starts, so a lookup cut
-- short by a crash counts too; reset when a new creation call starts. Once it reaches
-- payments.fintecture.lookup-attempts, the order is parked as before.
ALTER TABLE payment ADD COLUMN initiation_lookups INTEGER DEFAULT 0 NOT NULL;
