-- An order line never ships more than was ordered, whichever code path writes it: the engine refuses such a
-- shipment first, and this keeps a mistake in it (or a hand-made UPDATE) from recording units that never existed.
ALTER TABLE order_lines ADD CONSTRAINT order_lines_shipped_within_quantity
    CHECK (shipped >= 0 AND shipped <= quantity);

-- The token of the mailer's claim on a message: only the claim that holds it may send it or mark it sent.
ALTER TABLE outbox_emails ADD COLUMN claim_token TEXT;
