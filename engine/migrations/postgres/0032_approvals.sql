-- Approvals and budgets. A company admin gives each buyer an order limit and a budget per month or quarter (net,
-- in the shop's base currency, which the company's account is kept in) and sets company rules: every order above
-- an amount needs approval, and the whole company has a budget per month or quarter. An order beyond any of them
-- is placed as 'awaiting_approval' with its stock held, and waits here for one of the company's admins, or for its
-- expiry, when it is declined on its own.
ALTER TABLE company_members ADD COLUMN order_limit_micros BIGINT CHECK (order_limit_micros >= 0);
ALTER TABLE company_members ADD COLUMN budget_micros BIGINT CHECK (budget_micros >= 0);
ALTER TABLE company_members ADD COLUMN budget_period TEXT NOT NULL DEFAULT 'month';
ALTER TABLE companies ADD COLUMN approval_above_micros BIGINT CHECK (approval_above_micros >= 0);
ALTER TABLE companies ADD COLUMN approval_days BIGINT NOT NULL DEFAULT 7;
ALTER TABLE companies ADD COLUMN budget_micros BIGINT CHECK (budget_micros >= 0);
ALTER TABLE companies ADD COLUMN budget_period TEXT NOT NULL DEFAULT 'month';

CREATE TABLE order_approvals (
    order_id    BIGINT NOT NULL PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,
    company_id  BIGINT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    reasons     TEXT   NOT NULL,
    expires_at  BIGINT NOT NULL,
    decided_by  TEXT,
    decided_at  BIGINT,
    approved    BIGINT,
    comment     TEXT   NOT NULL DEFAULT ''
);
CREATE INDEX order_approvals_waiting ON order_approvals (company_id, decided_at);
CREATE INDEX order_approvals_expiry ON order_approvals (expires_at) WHERE decided_at IS NULL;
