-- Every message looks up the audit recipients of its channel (the auditors of the members'
-- nations). Found by matching the roles text, that scanned every officer the server had ever
-- seen, on the single writer, for every message (docs/performance.md). The flag is derived by
-- the database from the roles column, so it cannot disagree with it, and indexed with the
-- nation so the lookup reads only the auditors.
ALTER TABLE officers ADD COLUMN auditor BOOLEAN
    GENERATED ALWAYS AS ((',' || roles || ',') LIKE '%,auditor,%');
CREATE INDEX officers_auditor ON officers (auditor, nation);
