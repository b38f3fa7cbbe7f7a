-- Two-factor sign-in for staff (TOTP, RFC 6238). The secret is sealed under the shop's key like webhook secrets;
-- it is set when enrolment starts and counts only once `totp_enabled_at` is set by a first correct code.
-- `totp_last_step` is the last time step accepted, so a code seen over a shoulder cannot be used again.
ALTER TABLE staff ADD COLUMN totp_secret TEXT;
ALTER TABLE staff ADD COLUMN totp_enabled_at BIGINT;
ALTER TABLE staff ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;

-- One-time recovery codes for a lost phone; only hashes are kept.
CREATE TABLE staff_recovery_codes (
    staff_id  BIGINT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    code_hash TEXT   NOT NULL,
    used_at   BIGINT,
    PRIMARY KEY (staff_id, code_hash)
);

-- A one-time token is a link to choose a password, or the few minutes between a right password and its second
-- factor.
ALTER TABLE staff_tokens ADD COLUMN purpose TEXT NOT NULL DEFAULT 'password';

-- The roles whose members must sign in with a second factor. Owners are on the list from the start.
CREATE TABLE staff_two_factor_roles (
    role TEXT PRIMARY KEY
);
INSERT INTO staff_two_factor_roles (role) VALUES ('owner');
