-- Tax follows the delivery: a company's VAT number decides reverse charge, an order keeps how it was taxed (and
-- the statement its invoice must carry), and a shipping method names the countries it delivers to.
ALTER TABLE companies ADD COLUMN vat_id TEXT;
ALTER TABLE orders ADD COLUMN tax_treatment TEXT NOT NULL DEFAULT 'charged';
ALTER TABLE orders ADD COLUMN tax_note TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN vat_id TEXT;
ALTER TABLE shipping_methods ADD COLUMN countries TEXT NOT NULL DEFAULT '';
-- Methods that existed keep delivering where the shop could tax before: its channels' and tax rates' countries.
UPDATE shipping_methods SET countries = COALESCE(
    (SELECT group_concat(country) FROM (SELECT country FROM channels UNION SELECT country FROM tax_rates)), '');
