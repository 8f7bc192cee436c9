-- The tamper-evident audit log (docs/audit.md). Append-only: the server only ever inserts, in
-- sequence order, from the single writer. Each entry carries the previous entry's hash and its
-- own hash over its canonical bytes, so an edit, a deletion, an insertion or a reordering breaks
-- the chain; signed checkpoints pin the chain's head at intervals so that a rewrite of everything
-- up to a kept checkpoint is detected too.
CREATE TABLE audit_log (
  seq         BIGINT        NOT NULL PRIMARY KEY,
  time_ms     BIGINT        NOT NULL,
  actor       VARCHAR(128)  NOT NULL,
  action      VARCHAR(64)   NOT NULL,
  -- '' when the event concerns no channel.
  channel_id  VARCHAR(64)   NOT NULL,
  -- What the action was done to (a message id, an officer, a device, a task); '' for none.
  target      VARCHAR(256)  NOT NULL,
  -- Metadata only, canonical key=value lines (docs/audit.md); never a body or a key.
  details     VARCHAR(8192) NOT NULL,
  prev_hash   BINARY(32)    NOT NULL,
  entry_hash  BINARY(32)    NOT NULL
);

CREATE INDEX audit_log_channel ON audit_log (channel_id, seq);
CREATE INDEX audit_log_actor ON audit_log (actor, seq);

CREATE TABLE audit_checkpoints (
  seq         BIGINT        NOT NULL PRIMARY KEY,
  entry_hash  BINARY(32)    NOT NULL,
  time_ms     BIGINT        NOT NULL,
  signature   VARBINARY(1024) NOT NULL,
  key_id      VARCHAR(64)   NOT NULL
);
