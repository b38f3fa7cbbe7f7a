-- Customer service shops as a buyer: such a session names the member of staff who started it, so every page shows
-- it and every action of the session is written to the audit trail under that member's name.
ALTER TABLE sessions ADD COLUMN acting_staff_id BIGINT REFERENCES staff (id) ON DELETE CASCADE;
