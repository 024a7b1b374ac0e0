-- Where each Everifin payment stands in its process loop, so that every wait (redirect, input,
-- push) survives a restart and any instance can resume it. Holds the step's descriptors and the
-- provider's public encryption key, never a value the payer entered.
CREATE TABLE everifin_process (
    order_id          VARCHAR(64)   NOT NULL PRIMARY KEY REFERENCES payment (order_id),
    -- How many process answers have been handled; a process message names the one it continues from.
    seq               INTEGER       NOT NULL,
    -- Set while the PATCH for this seq is on its way: a redelivery then asks for the current step
    -- (an empty PATCH) instead of sending the same inputs (an OTP) twice.
    in_flight_seq     INTEGER,
    step_type         VARCHAR(16),
    action_json       TEXT,
    input_names       VARCHAR(1000),
    encrypt_names     VARCHAR(1000),
    encryption_key    TEXT,
    next_in_a_row     INTEGER       NOT NULL,
    push_polls        INTEGER       NOT NULL,
    waiting_since     TIMESTAMP WITH TIME ZONE,
    sender_ip         VARCHAR(45)   NOT NULL,
    sender_user_agent VARCHAR(1024) NOT NULL
);

-- Outbox messages may be for later (Everifin's next process call after a delay): the broker holds
-- them until then (Artemis scheduled delivery).
ALTER TABLE outbox ADD COLUMN deliver_at TIMESTAMP WITH TIME ZONE;
