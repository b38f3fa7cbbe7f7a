-- Accounts: buyers (alone or for a company, with a role), server-side sessions, password resets, slowed-down
-- sign-ins, addresses, and the outbox the mailer sends from.

CREATE TABLE customers (
    id                INTEGER PRIMARY KEY,
    email             TEXT   NOT NULL UNIQUE,
    name              TEXT   NOT NULL,
    password_hash     TEXT   NOT NULL,
    company_id        BIGINT REFERENCES companies (id) ON DELETE CASCADE,
    role              TEXT   CHECK (role IN ('admin', 'buyer', 'viewer')),
    customer_group_id BIGINT REFERENCES customer_groups (id),
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    CHECK ((company_id IS NULL) = (role IS NULL))
);
CREATE INDEX customers_company ON customers (company_id);

-- Only a hash of the session token is stored: a leaked table signs nobody in.
CREATE TABLE sessions (
    token_hash   TEXT   PRIMARY KEY,
    customer_id  BIGINT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX sessions_customer ON sessions (customer_id);

CREATE TABLE password_resets (
    token_hash  TEXT   PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);

CREATE TABLE sign_in_failures (
    id    INTEGER PRIMARY KEY,
    email TEXT   NOT NULL,
    at    BIGINT NOT NULL
);
CREATE INDEX sign_in_failures_email ON sign_in_failures (email, at);

-- A company's address book (company_id) or a private buyer's (customer_id).
CREATE TABLE addresses (
    id          INTEGER PRIMARY KEY,
    company_id  BIGINT REFERENCES companies (id) ON DELETE CASCADE,
    customer_id BIGINT REFERENCES customers (id) ON DELETE CASCADE,
    kind        TEXT   NOT NULL CHECK (kind IN ('billing', 'shipping')),
    name        TEXT   NOT NULL,
    company     TEXT   NOT NULL DEFAULT '',
    line1       TEXT   NOT NULL,
    line2       TEXT   NOT NULL DEFAULT '',
    postal_code TEXT   NOT NULL,
    city        TEXT   NOT NULL,
    country     TEXT   NOT NULL,
    phone       TEXT   NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    CHECK ((company_id IS NULL) <> (customer_id IS NULL))
);
CREATE INDEX addresses_company ON addresses (company_id);
CREATE INDEX addresses_customer ON addresses (customer_id);

-- Mail is written here in the transaction of what caused it and sent afterwards, so a crash loses none.
CREATE TABLE outbox_emails (
    id              INTEGER PRIMARY KEY,
    to_address      TEXT   NOT NULL,
    subject         TEXT   NOT NULL,
    body            TEXT   NOT NULL,
    created_at      BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    last_error      TEXT,
    sent_at         BIGINT
);
CREATE INDEX outbox_emails_pending ON outbox_emails (sent_at, next_attempt_at);

-- An account's cart: one per buyer; guest carts have none.
ALTER TABLE carts ADD COLUMN customer_id BIGINT REFERENCES customers (id) ON DELETE CASCADE;
CREATE UNIQUE INDEX carts_customer ON carts (customer_id) WHERE customer_id IS NOT NULL;

-- The unit price the buyer last saw for a line: a repriced line is shown with its old price, not changed silently.
ALTER TABLE cart_lines ADD COLUMN seen_unit_micros BIGINT;

-- Payment on account: days between invoice and due date (net 30).
ALTER TABLE companies ADD COLUMN payment_terms_days BIGINT NOT NULL DEFAULT 30;
