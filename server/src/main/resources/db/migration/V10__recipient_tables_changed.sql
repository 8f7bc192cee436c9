-- The server keeps, per channel, a view of who a message must be sealed for (members, their
-- devices' current key bundles, the audit recipients), read from these three tables. Every
-- write to them marks that view stale (org.liaison.server.storage.RecipientTables), whichever
-- code or person writes: the view decides what an envelope must be sealed for, so it may never
-- outlive a change.
CREATE TRIGGER channel_members_changed AFTER INSERT, UPDATE, DELETE ON channel_members
    FOR EACH STATEMENT CALL 'org.liaison.server.storage.RecipientTables$Changed';
CREATE TRIGGER officers_changed AFTER INSERT, UPDATE, DELETE ON officers
    FOR EACH STATEMENT CALL 'org.liaison.server.storage.RecipientTables$Changed';
CREATE TRIGGER key_bundles_changed AFTER INSERT, UPDATE, DELETE ON key_bundles
    FOR EACH STATEMENT CALL 'org.liaison.server.storage.RecipientTables$Changed';
