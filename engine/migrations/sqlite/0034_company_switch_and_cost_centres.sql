-- One person in several companies switches between them, and their cart follows the company chosen: an account
-- cart belongs to a person acting for one company (company_key 0 for a private buyer). Existing account carts
-- belong to the company a session without a choice acts for, the person's first.
ALTER TABLE carts ADD COLUMN company_key BIGINT NOT NULL DEFAULT 0;
UPDATE carts SET company_key = COALESCE(
    (SELECT MIN(m.company_id) FROM company_members m WHERE m.customer_id = carts.customer_id), 0)
WHERE customer_id IS NOT NULL;
DROP INDEX carts_customer;
CREATE UNIQUE INDEX carts_customer ON carts (customer_id, company_key) WHERE customer_id IS NOT NULL;

-- Cost centres: a company admin names the company's cost centres, each with a budget per month or quarter (net, in
-- the shop's base currency, or none); a buyer charges an order to one at checkout, and an order beyond its budget
-- waits for approval like one beyond the buyer's own. A removed centre is archived, so its orders keep it.
CREATE TABLE cost_centres (
    id            INTEGER PRIMARY KEY,
    company_id    BIGINT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    code          TEXT   NOT NULL,
    name          TEXT   NOT NULL,
    budget_micros BIGINT CHECK (budget_micros >= 0),
    budget_period TEXT   NOT NULL DEFAULT 'month',
    archived      BIGINT NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL,
    UNIQUE (company_id, code)
);

-- The centre an order is charged to: its id for the budget, and its code and name as they were, for the order,
-- the invoice and the exports.
ALTER TABLE orders ADD COLUMN cost_centre_id BIGINT REFERENCES cost_centres (id);
ALTER TABLE orders ADD COLUMN cost_centre TEXT NOT NULL DEFAULT '';
CREATE INDEX orders_cost_centre ON orders (cost_centre_id, created_at) WHERE cost_centre_id IS NOT NULL;
