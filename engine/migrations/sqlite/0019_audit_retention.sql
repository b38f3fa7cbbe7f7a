-- How long the audit trail keeps its entries: 0 keeps them for good (the default), otherwise at least 30 days.
-- The retention job is the only code that deletes entries.
CREATE TABLE audit_settings (
    id             BIGINT PRIMARY KEY CHECK (id = 1),
    retention_days BIGINT NOT NULL DEFAULT 0 CHECK (retention_days = 0 OR retention_days BETWEEN 30 AND 36500),
    updated_at     BIGINT NOT NULL DEFAULT 0
);
INSERT INTO audit_settings (id) VALUES (1);
