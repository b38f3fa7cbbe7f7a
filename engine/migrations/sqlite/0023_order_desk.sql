-- The back office's order desk: staff notes on an order, emails tied to the order they are about (so its timeline
-- shows them), and the indexes the merchant's order list filters and sorts by at 100,000 orders.
CREATE TABLE order_notes (
    id       INTEGER PRIMARY KEY,
    order_id BIGINT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    author   TEXT   NOT NULL,
    body     TEXT   NOT NULL,
    at       BIGINT NOT NULL
);
CREATE INDEX order_notes_order ON order_notes (order_id);

-- No foreign key: the outbox outlives nothing it points at, and retention trims it on its own schedule.
ALTER TABLE outbox_emails ADD COLUMN order_id BIGINT;
-- Emails written before this migration name their order in the subject (`Order 100001 shipped`).
UPDATE outbox_emails
SET order_id = CAST(substr(subject, 7, instr(substr(subject, 7), ' ') - 1) AS INTEGER) - 100000
WHERE subject LIKE 'Order 1% %'
  AND CAST(substr(subject, 7, instr(substr(subject, 7), ' ') - 1) AS INTEGER) - 100000 IN (SELECT id FROM orders);
CREATE INDEX outbox_emails_order ON outbox_emails (order_id) WHERE order_id IS NOT NULL;

CREATE INDEX orders_created ON orders (created_at);
CREATE INDEX orders_status_created ON orders (status, created_at);
CREATE INDEX orders_payment_created ON orders (payment_status, created_at);
CREATE INDEX orders_channel_created ON orders (channel_id, created_at);
