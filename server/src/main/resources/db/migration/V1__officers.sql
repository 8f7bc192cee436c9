-- Officers seen by this server. Identity comes from the agency certificate; this table only
-- records what the server derived and when the officer was first and last seen.
CREATE TABLE officers (
    officer_id   VARCHAR(64)              NOT NULL PRIMARY KEY,
    agency       VARCHAR(32)              NOT NULL,
    nation       CHAR(2)                  NOT NULL,
    roles        VARCHAR(64)              NOT NULL,
    first_login  TIMESTAMP WITH TIME ZONE NOT NULL,
    last_login   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_device  VARCHAR(64)              NOT NULL,
    login_count  BIGINT                   NOT NULL
);
