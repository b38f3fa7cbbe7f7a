-- Integrations: API keys, the event outbox with webhook subscriptions and their deliveries, and the responses kept
-- for idempotent retries.

-- Only a hash of a key is stored: a leaked table authenticates nobody. `prefix` is what a list shows to tell keys
-- apart. A publishable key is bound to a channel and may use the store API only; a secret key carries scopes and,
-- bound to a company, sees that company's data only.
CREATE TABLE api_keys (
    id             INTEGER PRIMARY KEY,
    kind           TEXT   NOT NULL CHECK (kind IN ('publishable', 'secret')),
    name           TEXT   NOT NULL,
    prefix         TEXT   NOT NULL,
    key_hash       TEXT   NOT NULL UNIQUE,
    scopes         TEXT   NOT NULL DEFAULT '',
    channel_id     BIGINT REFERENCES channels (id) ON DELETE CASCADE,
    company_id     BIGINT REFERENCES companies (id) ON DELETE CASCADE,
    rate_per_minute BIGINT NOT NULL,
    created_at     BIGINT NOT NULL,
    revoked_at     BIGINT
);

-- Every state change, written in the transaction that made it; `id` orders them.
CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    event_type  TEXT   NOT NULL,
    resource    TEXT   NOT NULL,
    company_id  BIGINT,
    payload     TEXT   NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX events_resource ON events (resource, id);

-- `event_types` is a comma-framed list (`,order.placed,order.shipped,`) or `*`, so matching is one LIKE.
CREATE TABLE webhook_subscriptions (
    id          INTEGER PRIMARY KEY,
    url         TEXT   NOT NULL,
    secret      TEXT   NOT NULL,
    event_types TEXT   NOT NULL,
    active      BIGINT NOT NULL DEFAULT 1,
    created_at  BIGINT NOT NULL
);

-- One row per subscription and event, made with the event; pending until the receiver answers 2xx.
CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY,
    subscription_id BIGINT NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    event_id        BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    resource        TEXT   NOT NULL,
    status          TEXT   NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    leased_until    BIGINT NOT NULL DEFAULT 0,
    last_status     BIGINT,
    last_error      TEXT,
    delivered_at    BIGINT,
    UNIQUE (subscription_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_order ON webhook_deliveries (subscription_id, resource, status, event_id);

-- Every attempt, for the delivery log.
CREATE TABLE webhook_attempts (
    id          INTEGER PRIMARY KEY,
    delivery_id BIGINT NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    at          BIGINT NOT NULL,
    status      BIGINT,
    error       TEXT,
    duration_ms BIGINT NOT NULL
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id);

-- A POST's answer under its Idempotency-Key, per caller (`principal` is a hash of the credentials). `status` 0
-- marks a request still running.
CREATE TABLE idempotent_requests (
    principal    TEXT   NOT NULL,
    idem_key     TEXT   NOT NULL,
    request_hash TEXT   NOT NULL,
    status       BIGINT NOT NULL,
    body         TEXT   NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (principal, idem_key)
);
CREATE INDEX idempotent_requests_age ON idempotent_requests (created_at);
