-- Shopping lists: a buyer's named lists of SKUs and quantities, kept for the company they buy for (one login may
-- buy for several), private to their owner or shared with the company's people. Deleting a product's variant takes
-- it off every list.
CREATE TABLE shopping_lists (
    id          INTEGER PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    company_id  BIGINT REFERENCES companies (id) ON DELETE CASCADE,
    name        TEXT   NOT NULL,
    shared      BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX shopping_lists_owner ON shopping_lists (customer_id, company_id);
CREATE INDEX shopping_lists_company ON shopping_lists (company_id, shared);

CREATE TABLE shopping_list_lines (
    list_id    BIGINT NOT NULL REFERENCES shopping_lists (id) ON DELETE CASCADE,
    variant_id BIGINT NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
    quantity   BIGINT NOT NULL CHECK (quantity > 0),
    added_at   BIGINT NOT NULL,
    PRIMARY KEY (list_id, variant_id)
);
