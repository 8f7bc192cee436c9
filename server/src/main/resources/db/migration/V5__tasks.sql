-- Tasks of channels (docs/tasks.md). The row holds the task's current plaintext metadata, what
-- the server needs to check transitions, list and escalate; everything a person wrote stays in
-- the content envelopes, opaque. Times and deadlines are epoch milliseconds; a deadline of NULL
-- means none.
CREATE TABLE tasks (
    task_id            VARCHAR(20)   NOT NULL PRIMARY KEY,
    channel_id         VARCHAR(40)   NOT NULL,
    status             VARCHAR(16)   NOT NULL,
    assignee           VARCHAR(64)   NOT NULL,
    created_by         VARCHAR(64)   NOT NULL,
    last_assigned_by   VARCHAR(64)   NOT NULL,
    priority           VARCHAR(16)   NOT NULL,
    due_at             BIGINT,
    ack_deadline_at    BIGINT,
    created_at         BIGINT        NOT NULL,
    updated_at         BIGINT        NOT NULL,
    last_index         BIGINT        NOT NULL,
    last_link_hash     VARBINARY(32) NOT NULL,
    -- The deadline value already escalated (NULL: none yet). A new deadline differs from it and
    -- can escalate again; the same one never twice, across restarts.
    ack_escalated_for  BIGINT,
    due_escalated_for  BIGINT,
    CONSTRAINT tasks_channel FOREIGN KEY (channel_id) REFERENCES channels (channel_id)
);
CREATE INDEX tasks_channel ON tasks (channel_id, updated_at);
CREATE INDEX tasks_assignee ON tasks (assignee);

-- Every task's chain of signed transitions, byte for byte as the actors' devices signed them,
-- with the content envelope sent with each (NULL when none) and the channel event carrying it.
CREATE TABLE task_transitions (
    task_id            VARCHAR(20)          NOT NULL,
    idx                BIGINT               NOT NULL,
    signed_transition  VARBINARY(67108864)  NOT NULL,
    content            VARBINARY(67108864),
    event_seq          BIGINT               NOT NULL,
    PRIMARY KEY (task_id, idx),
    CONSTRAINT task_transitions_task FOREIGN KEY (task_id) REFERENCES tasks (task_id)
);

-- Who may see an event: NULL for every member of the channel at the time, 'SUPERVISORS' for its
-- supervisors only (task escalations). task_id ties task events to their task for GetTask.
ALTER TABLE channel_events ADD COLUMN audience VARCHAR(16);
ALTER TABLE channel_events ADD COLUMN task_id VARCHAR(20);
CREATE INDEX channel_events_task ON channel_events (task_id);
