-- People belong to companies through memberships: a person, a company and the person's role in it, so that one
-- person can belong to several companies. Every check reads the role from the membership, never from the person.
CREATE TABLE company_members (
    company_id  BIGINT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    customer_id BIGINT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    role        TEXT   NOT NULL CHECK (role IN ('admin', 'buyer', 'viewer')),
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (company_id, customer_id)
);
CREATE INDEX company_members_customer ON company_members (customer_id, company_id);
INSERT INTO company_members (company_id, customer_id, role, created_at)
    SELECT company_id, id, role, created_at FROM customers WHERE company_id IS NOT NULL;

-- The company a session acts for. Empty, it acts for the person's first company (by id), so a person added to a
-- company while signed in sees it at once.
ALTER TABLE sessions ADD COLUMN company_id BIGINT REFERENCES companies (id) ON DELETE SET NULL;

ALTER TABLE customers DROP COLUMN company_id, DROP COLUMN role;
