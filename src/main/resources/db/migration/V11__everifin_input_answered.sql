-- Which INPUT step (its process seq) the payer's values already answered, and the JMS message id of
-- that answer: a second answer to the same step is refused (never sent to Everifin), while a
-- redelivery of the first (a crash before its acknowledgement) is recognised and changes nothing.
ALTER TABLE everifin_process ADD COLUMN answered_seq INTEGER;
ALTER TABLE everifin_process ADD COLUMN answered_message VARCHAR(255);
