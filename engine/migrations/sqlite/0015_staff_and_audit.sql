-- The back office's people: staff are not buyers (another table, another cookie, another session), with a role
-- that is a built-in code or one of the shop's own roles (`staff_roles`), each a list of permissions.
CREATE TABLE staff_roles (
    code        TEXT   PRIMARY KEY,
    name        TEXT   NOT NULL,
    permissions TEXT   NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE staff (
    id            INTEGER PRIMARY KEY,
    email         TEXT   NOT NULL UNIQUE,
    name          TEXT   NOT NULL,
    -- '!' until the person chooses a password through their one-time link.
    password_hash TEXT   NOT NULL,
    role          TEXT   NOT NULL,
    disabled_at   BIGINT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);

-- A session ends after `idle_until` passes without use, and at `expires_at` whatever happens.
CREATE TABLE staff_sessions (
    token_hash TEXT   PRIMARY KEY,
    staff_id   BIGINT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    idle_until BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id);
CREATE INDEX staff_sessions_expiry ON staff_sessions (expires_at);

-- One-time links to choose a password (a new person, or a reset); only the hash is kept.
CREATE TABLE staff_tokens (
    token_hash TEXT   PRIMARY KEY,
    staff_id   BIGINT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX staff_tokens_staff ON staff_tokens (staff_id);

-- Who changed what, when and from where, with the changed fields before and after (JSON). Written in the
-- transaction of the change; nothing updates or deletes a row except the retention purge.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          BIGINT NOT NULL,
    actor_kind  TEXT   NOT NULL CHECK (actor_kind IN ('staff', 'key', 'process')),
    actor_id    BIGINT,
    actor_label TEXT   NOT NULL,
    client      TEXT,
    action      TEXT   NOT NULL,
    entity      TEXT   NOT NULL,
    entity_id   TEXT   NOT NULL,
    changes     TEXT   NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_actor ON audit_log (actor_kind, actor_id);
CREATE INDEX audit_log_at ON audit_log (at);
