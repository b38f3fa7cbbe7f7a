-- How buyers may pay: which methods the shop offers, the payment terms a new company starts with (each company's
-- own terms stay on its row and override them), and how long an order paid in advance may stay unpaid.
CREATE TABLE payment_settings (
    id                    BIGINT  PRIMARY KEY CHECK (id = 1),
    invoice_enabled       BIGINT  NOT NULL DEFAULT 1,
    default_terms_days    BIGINT  NOT NULL DEFAULT 30 CHECK (default_terms_days BETWEEN 0 AND 365),
    bank_transfer_enabled BIGINT  NOT NULL DEFAULT 1,
    bank_transfer_days    BIGINT  NOT NULL DEFAULT 7 CHECK (bank_transfer_days BETWEEN 1 AND 365),
    updated_at            BIGINT  NOT NULL
);

-- Whether a business in another EU member state with a VAT number accounts for the VAT itself (reverse charge), and
-- the start of the newest scheduled tax rate that has taken effect: the first app server past that moment moves
-- the catalog version once, so every server reloads the rates.
CREATE TABLE tax_settings (
    id                 BIGINT PRIMARY KEY CHECK (id = 1),
    reverse_charge     BIGINT NOT NULL DEFAULT 1,
    rates_effective_at BIGINT NOT NULL DEFAULT 0,
    updated_at         BIGINT NOT NULL DEFAULT 0
);
INSERT INTO tax_settings (id) VALUES (1);

-- A rate applies from a moment on (0: always), so a change of the law is entered before the day it applies.
ALTER TABLE tax_rates ADD COLUMN valid_from BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tax_rates DROP CONSTRAINT tax_rates_pkey;
ALTER TABLE tax_rates ADD PRIMARY KEY (tax_class, country, valid_from);
