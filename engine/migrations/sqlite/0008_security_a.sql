-- An order line never ships more than was ordered, whichever code path writes it: the engine refuses such a
-- shipment first, and this keeps a mistake in it (or a hand-made UPDATE) from recording units that never existed.
-- SQLite cannot add a CHECK to an existing table, so triggers stand in for it.
CREATE TRIGGER order_lines_shipped_within_quantity_insert BEFORE INSERT ON order_lines
WHEN NEW.shipped < 0 OR NEW.shipped > NEW.quantity
BEGIN
    SELECT RAISE(ABORT, 'order_lines: shipped must be between 0 and quantity');
END;

CREATE TRIGGER order_lines_shipped_within_quantity_update BEFORE UPDATE OF shipped, quantity ON order_lines
WHEN NEW.shipped < 0 OR NEW.shipped > NEW.quantity
BEGIN
    SELECT RAISE(ABORT, 'order_lines: shipped must be between 0 and quantity');
END;

-- The token of the mailer's claim on a message: only the claim that holds it may send it or mark it sent.
ALTER TABLE outbox_emails ADD COLUMN claim_token TEXT;
