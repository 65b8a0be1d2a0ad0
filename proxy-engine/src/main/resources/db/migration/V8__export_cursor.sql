-- How far each SIEM exporter (exports: in the configuration) has delivered each node's audit chain: the sequence of
-- the last record of that chain its receiver acknowledged. An engine exports its own node's chain (decision 0027), so
-- the cursor is keyed by exporter and node. Advanced only after the acknowledgement, so a crash between sending and
-- this update sends those records again (at least once; a receiver tells them by their event id).

CREATE TABLE export_cursor (
    exporter    VARCHAR(200)  NOT NULL,
    node        VARCHAR(64)   NOT NULL,
    last_seq    BIGINT        NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (exporter, node)
);
