-- Every channel's chain of signed membership statements, as the acting devices signed them:
-- statement idx follows statement idx-1 by naming its link hash. Stored in the same transaction
-- as the channel event the statement produced (event_seq), and served to clients byte for byte
-- so that they can verify the chain themselves.
CREATE TABLE membership_statements (
    channel_id        VARCHAR(40)          NOT NULL,
    idx               BIGINT               NOT NULL,
    signed_statement  VARBINARY(67108864)  NOT NULL,
    link_hash         VARBINARY(32)        NOT NULL,
    event_seq         BIGINT               NOT NULL,
    PRIMARY KEY (channel_id, idx),
    CONSTRAINT membership_statements_channel FOREIGN KEY (channel_id)
        REFERENCES channels (channel_id)
);

-- The index of the channel's newest statement, kept with the channel row that every message
-- locks, so that checking a message's membership_index costs no extra query. Channels created
-- before signed membership have no chain and stay at 0.
ALTER TABLE channels ADD COLUMN membership_index BIGINT DEFAULT 0 NOT NULL;
