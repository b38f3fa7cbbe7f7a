-- Products have a status: `draft` (staff only), `active` (shown) and `archived` (kept for orders and reports, not
-- shown). An active product with a `publish_at` is scheduled: it stays hidden until that time, when the catalog
-- refresh clears the column and logs the product as changed, so every reader checks one plain condition.
-- Products that existed before stay active, as imports leave them.
ALTER TABLE products ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
ALTER TABLE products ADD COLUMN publish_at BIGINT;
ALTER TABLE products ADD COLUMN seo_title TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN seo_description TEXT NOT NULL DEFAULT '';
-- Bumped by every write of the product's own fields: a form carries the version it was opened at, and a save over
-- a newer version is refused instead of overwriting someone else's change.
ALTER TABLE products ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE INDEX products_status ON products (status, name);
CREATE INDEX products_name ON products (name, id);
CREATE INDEX products_publish_at ON products (publish_at);
CREATE INDEX products_updated ON products (updated_at);
CREATE INDEX variants_stock ON variants (stock_on_hand, product_id);

-- Old slugs of renamed products: the storefront answers them with a 301 to the product's slug today.
CREATE TABLE product_redirects (
    slug       TEXT   PRIMARY KEY,
    product_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
);
CREATE INDEX product_redirects_product ON product_redirects (product_id);
