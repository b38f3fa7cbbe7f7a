-- The catalog model (brands, typed attributes grouped into product types, translations), channels, and the data
-- the pricing engine needs (volume breaks, quantity rules, tax, price lists for customer groups and companies),
-- plus the change log that keeps every app server's search index fresh.

CREATE TABLE brands (
    id         INTEGER PRIMARY KEY,
    slug       TEXT   NOT NULL UNIQUE,
    name       TEXT   NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
INSERT INTO brands (slug, name, created_at)
    SELECT DISTINCT lower(replace(brand, ' ', '-')), brand, 0 FROM products WHERE brand <> '';
ALTER TABLE products ADD COLUMN brand_id BIGINT REFERENCES brands (id);
UPDATE products SET brand_id = (SELECT b.id FROM brands b WHERE b.name = products.brand);
ALTER TABLE products DROP COLUMN brand;
CREATE INDEX products_brand ON products (brand_id);

-- Attribute kinds: text, number (decimal string, with a unit), enum (a key of attribute_options), boolean.
CREATE TABLE attributes (
    id         INTEGER PRIMARY KEY,
    code       TEXT   NOT NULL UNIQUE,
    name       TEXT   NOT NULL,
    kind       TEXT   NOT NULL CHECK (kind IN ('text', 'number', 'enum', 'boolean')),
    unit       TEXT   NOT NULL DEFAULT '',
    filterable BIGINT NOT NULL DEFAULT 0,
    position   BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE attribute_options (
    attribute_id BIGINT NOT NULL REFERENCES attributes (id) ON DELETE CASCADE,
    value        TEXT   NOT NULL,
    label        TEXT   NOT NULL,
    position     BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (attribute_id, value)
);

CREATE TABLE product_types (
    id   INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE product_type_attributes (
    product_type_id BIGINT NOT NULL REFERENCES product_types (id) ON DELETE CASCADE,
    attribute_id    BIGINT NOT NULL REFERENCES attributes (id) ON DELETE CASCADE,
    position        BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (product_type_id, attribute_id)
);

ALTER TABLE products ADD COLUMN product_type_id BIGINT REFERENCES product_types (id);
-- Tax classes are codes checked by the engine, so adding a class needs no schema change.
ALTER TABLE products ADD COLUMN tax_class TEXT NOT NULL DEFAULT 'standard';

CREATE TABLE product_attribute_values (
    product_id   BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    attribute_id BIGINT NOT NULL REFERENCES attributes (id) ON DELETE CASCADE,
    value        TEXT   NOT NULL,
    PRIMARY KEY (product_id, attribute_id)
);
CREATE INDEX product_attribute_values_attribute ON product_attribute_values (attribute_id, value);

-- Content in the shop's default locale lives on the row itself; other locales here. A missing translation falls
-- back to the default locale, field by field.
CREATE TABLE product_translations (
    product_id  BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    locale      TEXT   NOT NULL,
    slug        TEXT   NOT NULL,
    name        TEXT   NOT NULL,
    description TEXT   NOT NULL DEFAULT '',
    PRIMARY KEY (product_id, locale),
    UNIQUE (locale, slug)
);

CREATE TABLE category_translations (
    category_id BIGINT NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
    locale      TEXT   NOT NULL,
    slug        TEXT   NOT NULL,
    name        TEXT   NOT NULL,
    description TEXT   NOT NULL DEFAULT '',
    PRIMARY KEY (category_id, locale),
    UNIQUE (locale, slug)
);

-- A channel: currency, locales, tax display, assortment and price visibility of one storefront or API client.
CREATE TABLE channels (
    id             INTEGER PRIMARY KEY,
    code           TEXT   NOT NULL UNIQUE,
    name           TEXT   NOT NULL,
    currency       TEXT   NOT NULL,
    default_locale TEXT   NOT NULL,
    locales        TEXT   NOT NULL,
    country        TEXT   NOT NULL,
    tax_display    TEXT   NOT NULL CHECK (tax_display IN ('including', 'excluding')),
    prices_public  BIGINT NOT NULL DEFAULT 1,
    hosts          TEXT   NOT NULL DEFAULT '',
    position       BIGINT NOT NULL DEFAULT 0
);

-- The assortment: the category sub-trees a channel sells. A channel without rows here sells everything.
CREATE TABLE channel_categories (
    channel_id  BIGINT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    category_id BIGINT NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
    PRIMARY KEY (channel_id, category_id)
);

ALTER TABLE variants ADD COLUMN min_quantity BIGINT NOT NULL DEFAULT 1 CHECK (min_quantity >= 1);
ALTER TABLE variants ADD COLUMN quantity_increment BIGINT NOT NULL DEFAULT 1 CHECK (quantity_increment >= 1);
ALTER TABLE variants ADD COLUMN max_quantity BIGINT;

-- Volume breaks on a base price: from min_quantity units on, amount_micros per unit.
CREATE TABLE price_tiers (
    variant_id    BIGINT NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
    currency      TEXT   NOT NULL,
    min_quantity  BIGINT NOT NULL CHECK (min_quantity >= 2),
    amount_micros BIGINT NOT NULL CHECK (amount_micros >= 0),
    PRIMARY KEY (variant_id, currency, min_quantity)
);

CREATE TABLE tax_rates (
    tax_class    TEXT NOT NULL,
    country      TEXT NOT NULL,
    rate_percent TEXT NOT NULL,
    PRIMARY KEY (tax_class, country)
);

-- Pricing targets; buyer accounts join them later.
CREATE TABLE customer_groups (
    id   INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE companies (
    id                INTEGER PRIMARY KEY,
    code              TEXT   NOT NULL UNIQUE,
    name              TEXT   NOT NULL,
    customer_group_id BIGINT REFERENCES customer_groups (id),
    country           TEXT   NOT NULL,
    created_at        BIGINT NOT NULL
);

CREATE TABLE price_lists (
    id          INTEGER PRIMARY KEY,
    code        TEXT   NOT NULL UNIQUE,
    name        TEXT   NOT NULL,
    currency    TEXT   NOT NULL,
    priority    BIGINT NOT NULL DEFAULT 0,
    valid_from  BIGINT,
    valid_until BIGINT,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE price_list_targets (
    price_list_id BIGINT NOT NULL REFERENCES price_lists (id) ON DELETE CASCADE,
    kind          TEXT   NOT NULL CHECK (kind IN ('everyone', 'customer_group', 'company')),
    target_id     BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (price_list_id, kind, target_id)
);

-- kind 'fixed' uses amount_micros (and price_list_tiers), 'percent_off' uses percent (a decimal string).
CREATE TABLE price_list_entries (
    price_list_id BIGINT NOT NULL REFERENCES price_lists (id) ON DELETE CASCADE,
    variant_id    BIGINT NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
    kind          TEXT   NOT NULL CHECK (kind IN ('fixed', 'percent_off')),
    amount_micros BIGINT,
    percent       TEXT,
    PRIMARY KEY (price_list_id, variant_id)
);
CREATE INDEX price_list_entries_variant ON price_list_entries (variant_id);

CREATE TABLE price_list_tiers (
    price_list_id BIGINT NOT NULL,
    variant_id    BIGINT NOT NULL,
    min_quantity  BIGINT NOT NULL CHECK (min_quantity >= 2),
    amount_micros BIGINT NOT NULL CHECK (amount_micros >= 0),
    PRIMARY KEY (price_list_id, variant_id, min_quantity),
    FOREIGN KEY (price_list_id, variant_id) REFERENCES price_list_entries (price_list_id, variant_id) ON DELETE CASCADE
);

-- Every catalog write bumps the clock first, inside its transaction: the row lock orders catalog writers, so
-- versions become visible in order and an app server that has applied version N has missed nothing below it.
CREATE TABLE catalog_clock (
    id      BIGINT PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO catalog_clock (id, version) VALUES (1, 0);

CREATE TABLE catalog_changes (
    version    BIGINT NOT NULL,
    product_id BIGINT NOT NULL,
    PRIMARY KEY (version, product_id)
);
