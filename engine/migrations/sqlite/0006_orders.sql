-- Inventory per warehouse, shipping methods, orders with their lines, reservations, history and shipments.

CREATE TABLE warehouses (
    id       INTEGER PRIMARY KEY,
    code     TEXT   NOT NULL UNIQUE,
    name     TEXT   NOT NULL,
    priority BIGINT NOT NULL DEFAULT 0
);
-- The default warehouse: the one an import's `stock` fills, so a one-warehouse shop needs no set-up.
INSERT INTO warehouses (code, name, priority) VALUES ('main', 'Main warehouse', 0);

-- Physical stock per warehouse, and how much of it open orders have claimed.
CREATE TABLE stock_levels (
    warehouse_id BIGINT NOT NULL REFERENCES warehouses (id) ON DELETE CASCADE,
    variant_id   BIGINT NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
    on_hand      BIGINT NOT NULL CHECK (on_hand >= 0),
    reserved     BIGINT NOT NULL DEFAULT 0 CHECK (reserved >= 0 AND reserved <= on_hand),
    PRIMARY KEY (warehouse_id, variant_id)
);
CREATE INDEX stock_levels_variant ON stock_levels (variant_id);
INSERT INTO stock_levels (warehouse_id, variant_id, on_hand) SELECT 1, id, stock_on_hand FROM variants;

-- variants.stock_on_hand is the sum over warehouses and variants.reserved the units open orders claim (backorders
-- included): the one row a checkout guards, so available-to-promise (stock_on_hand - reserved) never goes below
-- zero for a variant that does not allow backorders.
ALTER TABLE variants ADD COLUMN reserved BIGINT NOT NULL DEFAULT 0 CHECK (reserved >= 0);
ALTER TABLE variants ADD COLUMN allow_backorder BIGINT NOT NULL DEFAULT 0;
ALTER TABLE variants ADD COLUMN weight_grams BIGINT NOT NULL DEFAULT 0;

CREATE TABLE shipping_methods (
    id                INTEGER PRIMARY KEY,
    code              TEXT   NOT NULL UNIQUE,
    name              TEXT   NOT NULL,
    currency          TEXT   NOT NULL,
    kind              TEXT   NOT NULL CHECK (kind IN ('flat', 'by_weight')),
    price_micros      BIGINT NOT NULL,
    per_kg_micros     BIGINT NOT NULL DEFAULT 0,
    free_above_micros BIGINT,
    position          BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE orders (
    id                  INTEGER PRIMARY KEY,
    customer_id         BIGINT NOT NULL REFERENCES customers (id),
    company_id          BIGINT REFERENCES companies (id),
    channel_id          BIGINT NOT NULL,
    idempotency_key     TEXT   NOT NULL,
    status              TEXT   NOT NULL,
    email               TEXT   NOT NULL,
    currency            TEXT   NOT NULL,
    po_number           TEXT,
    payment_method      TEXT   NOT NULL,
    payment_terms_days  BIGINT NOT NULL DEFAULT 0,
    shipping_method     TEXT   NOT NULL,
    shipping_address    TEXT   NOT NULL,
    billing_address     TEXT   NOT NULL,
    subtotal_net_micros BIGINT NOT NULL,
    shipping_net_micros BIGINT NOT NULL,
    shipping_tax_micros BIGINT NOT NULL,
    tax_micros          BIGINT NOT NULL,
    total_micros        BIGINT NOT NULL,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL,
    UNIQUE (customer_id, idempotency_key)
);
CREATE INDEX orders_company ON orders (company_id, created_at);
CREATE INDEX orders_customer ON orders (customer_id, created_at);

-- Lines keep what was sold as it was sold: a later rename or repricing does not rewrite an invoice.
CREATE TABLE order_lines (
    id                INTEGER PRIMARY KEY,
    order_id          BIGINT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    variant_id        BIGINT REFERENCES variants (id) ON DELETE SET NULL,
    sku               TEXT   NOT NULL,
    product_name      TEXT   NOT NULL,
    variant_title     TEXT   NOT NULL,
    quantity          BIGINT NOT NULL CHECK (quantity > 0),
    unit_net_micros   BIGINT NOT NULL,
    line_net_micros   BIGINT NOT NULL,
    line_tax_micros   BIGINT NOT NULL,
    line_gross_micros BIGINT NOT NULL,
    shipped           BIGINT NOT NULL DEFAULT 0,
    backordered       BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX order_lines_order ON order_lines (order_id);

-- Units an open order holds in a warehouse; released on cancellation, consumed by shipment.
CREATE TABLE reservations (
    order_line_id BIGINT NOT NULL REFERENCES order_lines (id) ON DELETE CASCADE,
    warehouse_id  BIGINT NOT NULL REFERENCES warehouses (id),
    quantity      BIGINT NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_line_id, warehouse_id)
);

CREATE TABLE order_events (
    id       INTEGER PRIMARY KEY,
    order_id BIGINT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    status   TEXT   NOT NULL,
    note     TEXT   NOT NULL DEFAULT '',
    at       BIGINT NOT NULL
);
CREATE INDEX order_events_order ON order_events (order_id);

CREATE TABLE shipments (
    id              INTEGER PRIMARY KEY,
    order_id        BIGINT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    carrier         TEXT   NOT NULL,
    tracking_number TEXT   NOT NULL,
    created_at      BIGINT NOT NULL
);
CREATE INDEX shipments_order ON shipments (order_id);

CREATE TABLE shipment_lines (
    shipment_id   BIGINT NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
    order_line_id BIGINT NOT NULL REFERENCES order_lines (id) ON DELETE CASCADE,
    quantity      BIGINT NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (shipment_id, order_line_id)
);
