-- Businesses register from the storefront and wait, `pending`, until staff approve them and set their terms;
-- companies the shop opens itself are `active` from the start.
ALTER TABLE companies ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
CREATE INDEX companies_status ON companies (status, created_at);
