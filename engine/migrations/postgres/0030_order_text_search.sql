-- The order list's text search, driven by indexes: a PO number is found by its beginning, in any case, newest first
-- (byte order, so a range of prefixes means the same under every database collation). The buyer's email and the
-- company's name are matched in their own (small) tables, and the orders of what matched are read through
-- `orders_customer` and `orders_company`.
CREATE INDEX orders_po ON orders ((LOWER(po_number) COLLATE "C"), created_at);
