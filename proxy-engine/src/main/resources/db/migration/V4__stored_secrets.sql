-- Secrets given to Rolegate literally (a YAML import without ${ENV}, the console's settings view), sealed with
-- AES-256-GCM under the master key ('rg1:' format); the name is the configuration key, e.g. directory.bindPassword.
-- No plaintext column exists: a secret's value never reaches the store unencrypted.

CREATE TABLE stored_secret (
    name        VARCHAR(200)  NOT NULL PRIMARY KEY,
    sealed      VARCHAR(4000) NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by  VARCHAR(512)  NOT NULL
);
