-- Payments: an order is unpaid until staff record payments that add up to its total. An unpaid order paid in
-- advance (bank transfer) expires at `pay_by`, releasing the stock it holds, so stock cannot be hoarded by orders
-- nobody pays.
ALTER TABLE orders ADD COLUMN payment_status TEXT NOT NULL DEFAULT 'unpaid';
ALTER TABLE orders ADD COLUMN paid_micros BIGINT NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN pay_by BIGINT;
CREATE INDEX orders_pay_by ON orders (pay_by);
CREATE INDEX orders_open_balance ON orders (company_id, payment_method, payment_status);

CREATE TABLE order_payments (
    id            INTEGER PRIMARY KEY,
    order_id      BIGINT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    amount_micros BIGINT NOT NULL CHECK (amount_micros > 0),
    reference     TEXT   NOT NULL,
    recorded_by   TEXT   NOT NULL,
    at            BIGINT NOT NULL
);
CREATE INDEX order_payments_order ON order_payments (order_id);

-- Invoice on account is for companies the merchant approved, up to a credit limit in the shop's base currency
-- (NULL: no limit). Companies that already existed keep buying on account as before.
ALTER TABLE companies ADD COLUMN invoice_approved BIGINT NOT NULL DEFAULT 0;
ALTER TABLE companies ADD COLUMN credit_limit_micros BIGINT;
UPDATE companies SET invoice_approved = 1;

-- A self-registered buyer confirms their address before ordering; accounts that already existed are confirmed.
ALTER TABLE customers ADD COLUMN email_confirmed_at BIGINT;
UPDATE customers SET email_confirmed_at = created_at;

CREATE TABLE email_confirmations (
    token_hash  TEXT   PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
