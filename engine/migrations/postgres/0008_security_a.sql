-- An order line never ships more than was ordered, whichever code path writes it: the engine refuses such a
-- shipment first, and this keeps a mistake in it (or a hand-made UPDATE) from recording units that never existed.
ALTER TABLE order_lines ADD CONSTRAINT order_lines_shipped_within_quantity
    CHECK (shipped >= 0 AND shipped <= quantity);
