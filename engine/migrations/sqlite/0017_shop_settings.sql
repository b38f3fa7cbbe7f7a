-- The shop's own details: invoices, emails and the storefront's footer read them instead of anything built in.
CREATE TABLE shop_profile (
    id            BIGINT PRIMARY KEY CHECK (id = 1),
    legal_name    TEXT   NOT NULL DEFAULT '',
    street        TEXT   NOT NULL DEFAULT '',
    postal_code   TEXT   NOT NULL DEFAULT '',
    city          TEXT   NOT NULL DEFAULT '',
    country       TEXT   NOT NULL DEFAULT '',
    vat_id        TEXT   NOT NULL DEFAULT '',
    registration  TEXT   NOT NULL DEFAULT '',
    bank_name     TEXT   NOT NULL DEFAULT '',
    iban          TEXT   NOT NULL DEFAULT '',
    bic           TEXT   NOT NULL DEFAULT '',
    contact_email TEXT   NOT NULL DEFAULT '',
    logo_url      TEXT   NOT NULL DEFAULT '',
    updated_at    BIGINT NOT NULL
);

-- The one-time token that lets whoever started the server set up a shop that has no staff yet; only its hash is
-- kept, and it expires.
CREATE TABLE setup_token (
    id         BIGINT PRIMARY KEY CHECK (id = 1),
    token_hash TEXT   NOT NULL,
    expires_at BIGINT NOT NULL
);
