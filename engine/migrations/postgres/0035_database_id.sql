-- A random name for this database: a search index kept on disk records it, so an app server reopens an index only
-- for the database it was built from, never for a new or restored one that happens to be at the same version.
ALTER TABLE catalog_clock ADD COLUMN database_id TEXT NOT NULL DEFAULT '';
UPDATE catalog_clock SET database_id = md5(random()::text || clock_timestamp()::text);
