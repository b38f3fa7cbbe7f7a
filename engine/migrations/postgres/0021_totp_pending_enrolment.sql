-- A started two-factor enrolment is kept for a few minutes, its recovery codes sealed under the shop's key, so a
-- page rendered twice, reloaded or opened in a second tab shows the same secret and codes instead of replacing
-- them (the code from the app would then match a secret nobody sees). Both are cleared once the enrolment is
-- confirmed or reset.
ALTER TABLE staff ADD COLUMN totp_pending_codes TEXT;
ALTER TABLE staff ADD COLUMN totp_pending_at BIGINT;
