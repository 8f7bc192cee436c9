-- Markings (docs/markings.md, issue 7). Classifications are stored as their rank (Markings.rank:
-- 1 UNCLASSIFIED, 2 RESTRICTED, 3 CONFIDENTIAL, 4 SECRET) so that "cleared for" is one SQL
-- comparison; releasable nations as ',FR,MA,' (NULL: releasable to all) so that "releasable to"
-- is one LIKE. Rows from before markings are UNCLASSIFIED and releasable to all.

-- The officer's clearance as their certificate said at their last login.
ALTER TABLE officers ADD COLUMN clearance SMALLINT DEFAULT 1 NOT NULL;

-- The highest classification the channel's creation statement allows, and the markings its
-- messages get when the sender says nothing (serialized Markings; NULL: Markings.DEFAULT).
ALTER TABLE channels ADD COLUMN ceiling SMALLINT DEFAULT 1 NOT NULL;
ALTER TABLE channels ADD COLUMN default_markings VARBINARY(1024);

-- Who may see a message or task event: NULL classification for events without markings
-- (membership changes), which every member at the time sees.
ALTER TABLE channel_events ADD COLUMN classification SMALLINT;
ALTER TABLE channel_events ADD COLUMN releasable_to VARCHAR(200);

-- A task's markings, fixed at its creation: every later transition's content carries the same,
-- and list, get and escalations show the task only to officers who may see it.
ALTER TABLE tasks ADD COLUMN markings VARBINARY(1024);
ALTER TABLE tasks ADD COLUMN classification SMALLINT DEFAULT 1 NOT NULL;
ALTER TABLE tasks ADD COLUMN releasable_to VARCHAR(200);
