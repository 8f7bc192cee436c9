-- Channels, their membership over time, the ordered event stream of each channel (messages and
-- membership changes share one sequence), and per-device delivery cursors.

CREATE TABLE channels (
    channel_id   VARCHAR(40)              NOT NULL PRIMARY KEY,
    kind         VARCHAR(8)               NOT NULL,
    name         VARCHAR(80)              NOT NULL,
    purpose      VARCHAR(500)             NOT NULL,
    -- For direct channels: the two officer ids, sorted, joined by '|'; one channel per pair.
    direct_key   VARCHAR(130),
    created_by   VARCHAR(64)              NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    archived     BOOLEAN                  NOT NULL,
    last_seq     BIGINT                   NOT NULL,
    CONSTRAINT channels_direct_key UNIQUE (direct_key)
);

-- One row per period of membership: since_seq is the event that added the officer, until_seq
-- the event that removed them (NULL while they are a member). Visibility of events is decided
-- from these ranges, so a removed member sees nothing after the removal.
CREATE TABLE channel_members (
    channel_id   VARCHAR(40)  NOT NULL,
    officer_id   VARCHAR(64)  NOT NULL,
    since_seq    BIGINT       NOT NULL,
    until_seq    BIGINT,
    role         VARCHAR(10)  NOT NULL,
    PRIMARY KEY (channel_id, officer_id, since_seq),
    CONSTRAINT channel_members_channel FOREIGN KEY (channel_id) REFERENCES channels (channel_id)
);
CREATE INDEX channel_members_officer ON channel_members (officer_id, channel_id);

-- The stored event is the serialized ChannelEvent the clients receive; a message's body inside
-- it is opaque bytes the server never parses.
CREATE TABLE channel_events (
    channel_id   VARCHAR(40)              NOT NULL,
    seq          BIGINT                   NOT NULL,
    kind         VARCHAR(16)              NOT NULL,
    actor        VARCHAR(64)              NOT NULL,
    message_id   VARCHAR(64),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    event        VARBINARY(67108864)      NOT NULL,
    PRIMARY KEY (channel_id, seq),
    CONSTRAINT channel_events_message_id UNIQUE (channel_id, message_id),
    CONSTRAINT channel_events_channel FOREIGN KEY (channel_id) REFERENCES channels (channel_id)
);

CREATE TABLE delivery_cursors (
    officer_id     VARCHAR(64) NOT NULL,
    device_id      VARCHAR(64) NOT NULL,
    channel_id     VARCHAR(40) NOT NULL,
    delivered_seq  BIGINT      NOT NULL,
    read_seq       BIGINT      NOT NULL,
    PRIMARY KEY (officer_id, device_id, channel_id)
);
CREATE INDEX delivery_cursors_channel ON delivery_cursors (channel_id);
