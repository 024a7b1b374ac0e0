-- A payment that came in an ISO 20022 pain.001 file keeps the file's identifiers, so each of its
-- status changes can be reported to the ERP as a pain.002 the ERP matches (OrgnlMsgId,
-- OrgnlPmtInfId, OrgnlInstrId, OrgnlEndToEndId) in the generation of the file (version).
CREATE TABLE iso_transaction (
    order_id       VARCHAR(64) NOT NULL PRIMARY KEY REFERENCES payment (order_id),
    version        VARCHAR(20) NOT NULL,
    msg_id         VARCHAR(35) NOT NULL,
    pmt_inf_id     VARCHAR(35) NOT NULL,
    instr_id       VARCHAR(35),
    end_to_end_id  VARCHAR(35) NOT NULL
);
