-- Staff disable a person who has left a company: their sessions end and they cannot sign in again until enabled.
-- The person and their orders stay, so history and invoices keep naming them.
ALTER TABLE customers ADD COLUMN disabled_at BIGINT;
