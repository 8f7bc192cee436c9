-- Precedence (docs/markings.md, issue 7): FLASH and IMMEDIATE events are delivered ahead of
-- their channel's order, and a FLASH message must be acknowledged by each recipient.

-- Event kinds grow: FLASH_ACKNOWLEDGED, FLASH_ESCALATED.
ALTER TABLE channel_events ALTER COLUMN kind SET DATA TYPE VARCHAR(32);

-- A marked event's precedence as its rank (1 ROUTINE .. 4 FLASH); NULL for events without
-- markings. The index finds a device's urgent backlog without scanning all of it.
ALTER TABLE channel_events ADD COLUMN precedence SMALLINT;
CREATE INDEX channel_events_precedence ON channel_events (channel_id, precedence, seq);

-- An officer who sees a supervisors-only event besides the supervisors: the sender of a FLASH
-- message that was escalated.
ALTER TABLE channel_events ADD COLUMN also_for VARCHAR(64);

-- Events a device acknowledged alone (Ack.single) because they were pushed ahead of the channel's
-- order, above its delivery cursor: never pushed to that device again. Rows at or below the
-- cursor are deleted as it moves past them.
CREATE TABLE delivered_ahead (
    officer_id  VARCHAR(64) NOT NULL,
    device_id   VARCHAR(64) NOT NULL,
    channel_id  VARCHAR(40) NOT NULL,
    seq         BIGINT      NOT NULL,
    PRIMARY KEY (officer_id, device_id, channel_id, seq)
);

-- Every FLASH message, with the time it must be acknowledged by, and whether the escalation
-- check has dealt with it (escalated, or found nobody pending).
CREATE TABLE flash_messages (
    channel_id   VARCHAR(40) NOT NULL,
    seq          BIGINT      NOT NULL,
    sender       VARCHAR(64) NOT NULL,
    deadline_ms  BIGINT      NOT NULL,
    settled      BOOLEAN     NOT NULL,
    PRIMARY KEY (channel_id, seq),
    CONSTRAINT flash_messages_event FOREIGN KEY (channel_id, seq)
        REFERENCES channel_events (channel_id, seq)
);
CREATE INDEX flash_messages_due ON flash_messages (settled, deadline_ms);

-- Who acknowledged which FLASH message, when, and the event that says so.
CREATE TABLE flash_acknowledgements (
    channel_id       VARCHAR(40) NOT NULL,
    seq              BIGINT      NOT NULL,
    officer_id       VARCHAR(64) NOT NULL,
    acknowledged_ms  BIGINT      NOT NULL,
    event_seq        BIGINT      NOT NULL,
    PRIMARY KEY (channel_id, seq, officer_id),
    CONSTRAINT flash_acknowledgements_message FOREIGN KEY (channel_id, seq)
        REFERENCES flash_messages (channel_id, seq)
);
