-- What the hourly purge looks for, so it finds expired rows without reading whole tables.
CREATE INDEX carts_guest_age ON carts (updated_at) WHERE customer_id IS NULL;
CREATE INDEX sessions_expiry ON sessions (expires_at);
CREATE INDEX password_resets_expiry ON password_resets (expires_at);
CREATE INDEX sign_in_failures_age ON sign_in_failures (at);
CREATE INDEX outbox_emails_sent ON outbox_emails (sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_id);
CREATE INDEX events_age ON events (created_at);
