-- Portable SQL only (H2 and PostgreSQL): a fleet may point the store at PostgreSQL later.
-- Statements end with ';' at the end of a line; the runner splits on that and nothing else.
-- Large text is VARCHAR(1000000), not CLOB/TEXT: H2 caps VARCHAR there and PostgreSQL has no CLOB.

CREATE TABLE audit_event (
    seq            BIGINT       NOT NULL PRIMARY KEY,
    event_time     TIMESTAMP WITH TIME ZONE NOT NULL,
    event_type     VARCHAR(40)  NOT NULL,
    actor          VARCHAR(512),
    user_name      VARCHAR(512),
    session_id     VARCHAR(64),
    client_address VARCHAR(128),
    sqlstate       VARCHAR(5),
    message        VARCHAR(8000) NOT NULL,
    details        VARCHAR(32000) NOT NULL,
    prev_hash      CHAR(64)     NOT NULL,
    hash           CHAR(64)     NOT NULL
);

CREATE TABLE config_version (
    version     INTEGER      NOT NULL PRIMARY KEY,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    author      VARCHAR(512) NOT NULL,
    comment     VARCHAR(4000) NOT NULL,
    yaml        VARCHAR(1000000) NOT NULL,
    diff        VARCHAR(1000000) NOT NULL
);
