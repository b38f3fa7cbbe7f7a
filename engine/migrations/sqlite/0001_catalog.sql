-- Catalog: a category tree, products with variants, prices per currency, stock per variant, generated media.
-- Money is stored in integer micro-units (1 EUR = 1000000) and times in epoch milliseconds (see engine/src/db.rs).

CREATE TABLE categories (
    id          INTEGER PRIMARY KEY,
    parent_id   BIGINT REFERENCES categories (id),
    slug        TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT '',
    position    BIGINT  NOT NULL DEFAULT 0,
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL
);
CREATE INDEX categories_parent ON categories (parent_id, position);

CREATE TABLE products (
    id          INTEGER PRIMARY KEY,
    category_id BIGINT  NOT NULL REFERENCES categories (id),
    slug        TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    brand       TEXT    NOT NULL DEFAULT '',
    description TEXT    NOT NULL DEFAULT '',
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL
);
CREATE INDEX products_category ON products (category_id, name);

CREATE TABLE product_images (
    id         INTEGER PRIMARY KEY,
    product_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    position   BIGINT NOT NULL DEFAULT 0,
    url        TEXT   NOT NULL,
    alt        TEXT   NOT NULL DEFAULT ''
);
CREATE INDEX product_images_product ON product_images (product_id, position);

CREATE TABLE variants (
    id            INTEGER PRIMARY KEY,
    product_id    BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    sku           TEXT   NOT NULL UNIQUE,
    title         TEXT   NOT NULL,
    options       TEXT   NOT NULL DEFAULT '[]',
    position      BIGINT NOT NULL DEFAULT 0,
    stock_on_hand BIGINT NOT NULL DEFAULT 0 CHECK (stock_on_hand >= 0),
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX variants_product ON variants (product_id, position);

CREATE TABLE prices (
    variant_id    BIGINT NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
    currency      TEXT   NOT NULL,
    amount_micros BIGINT NOT NULL CHECK (amount_micros >= 0),
    PRIMARY KEY (variant_id, currency)
);

CREATE TABLE media (
    path         TEXT   PRIMARY KEY,
    content_type TEXT   NOT NULL,
    body         TEXT   NOT NULL,
    updated_at   BIGINT NOT NULL
);
