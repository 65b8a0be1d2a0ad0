-- How far each SIEM exporter (exports: in the configuration) has delivered the audit chain: the sequence of the last
-- record its receiver acknowledged. Advanced only after the acknowledgement, so a crash between sending and this
-- update sends those records again (at least once; a receiver tells them by their event id).

CREATE TABLE export_cursor (
    exporter    VARCHAR(200)  NOT NULL PRIMARY KEY,
    last_seq    BIGINT        NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
