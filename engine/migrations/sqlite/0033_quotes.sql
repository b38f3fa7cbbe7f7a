-- Quotes: a buyer asks for prices on what is in their cart (a message, and per line the units wanted and the unit
-- price aimed for), the shop answers with a price per line and a date they hold until, both sides may comment, and
-- the buyer accepts: the quote becomes an order at the quoted prices, through the same checkout as a cart.
CREATE TABLE quotes (
    id          INTEGER PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customers (id),
    company_id  BIGINT REFERENCES companies (id),
    channel_id  BIGINT NOT NULL,
    currency    TEXT   NOT NULL,
    status      TEXT   NOT NULL,
    message     TEXT   NOT NULL DEFAULT '',
    valid_until BIGINT,
    order_id    BIGINT REFERENCES orders (id),
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX quotes_company ON quotes (company_id, created_at);
CREATE INDEX quotes_customer ON quotes (customer_id, created_at);
CREATE INDEX quotes_status ON quotes (status, created_at);

-- A line keeps what was asked for as it was named then, like an order line.
CREATE TABLE quote_lines (
    id                 INTEGER PRIMARY KEY,
    quote_id           BIGINT NOT NULL REFERENCES quotes (id) ON DELETE CASCADE,
    variant_id         BIGINT NOT NULL REFERENCES variants (id),
    sku                TEXT   NOT NULL,
    product_name       TEXT   NOT NULL,
    variant_title      TEXT   NOT NULL,
    quantity           BIGINT NOT NULL CHECK (quantity > 0),
    target_unit_micros BIGINT CHECK (target_unit_micros >= 0),
    quoted_unit_micros BIGINT CHECK (quoted_unit_micros >= 0)
);
CREATE INDEX quote_lines_quote ON quote_lines (quote_id, id);

CREATE TABLE quote_comments (
    id        INTEGER PRIMARY KEY,
    quote_id  BIGINT NOT NULL REFERENCES quotes (id) ON DELETE CASCADE,
    author    TEXT   NOT NULL,
    from_shop BIGINT NOT NULL DEFAULT 0,
    body      TEXT   NOT NULL,
    at        BIGINT NOT NULL
);
CREATE INDEX quote_comments_quote ON quote_comments (quote_id, at);
