-- Which directory entry each managed login role belongs to (issue 13 item 1). A role is bound to the entry
-- (objectGUID, entryUUID, nsUniqueId, else the normalized DN) that first logged in as it, and is never handed to
-- another entry whose name folds to the same role name (a deleted and re-created account, a look-alike name): that
-- entry is refused until a DBA renames or drops the old role. Roles provisioned before this table existed have no
-- row; the first entry plainly named like the role (no look-alike characters) takes them over.

CREATE TABLE role_entry (
    role_name  VARCHAR(256)  NOT NULL PRIMARY KEY,
    entry_id   VARCHAR(512)  NOT NULL,
    entry_dn   VARCHAR(4000) NOT NULL,
    bound_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX role_entry_by_entry ON role_entry (entry_id);
