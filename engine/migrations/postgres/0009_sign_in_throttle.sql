-- Failed sign-ins are counted per account and client address, so a stranger's guessing slows only the stranger
-- and never locks the account's owner out. Rows from before carry no address and simply age out of the window.
ALTER TABLE sign_in_failures ADD COLUMN client TEXT NOT NULL DEFAULT '';
CREATE INDEX sign_in_failures_client ON sign_in_failures (email, client, at);
