-- Files imported from the back office run in the background; their progress and bad lines are kept here, so any
-- app server can show them and the merchant can come back to the result.
CREATE TABLE import_jobs (
    id          INTEGER PRIMARY KEY,
    kind        TEXT   NOT NULL CHECK (kind IN ('products', 'prices', 'stock', 'customers')),
    file_name   TEXT   NOT NULL,
    status      TEXT   NOT NULL CHECK (status IN ('running', 'done', 'failed')),
    total       BIGINT NOT NULL,
    done        BIGINT NOT NULL DEFAULT 0,
    ok          BIGINT NOT NULL DEFAULT 0,
    failed      BIGINT NOT NULL DEFAULT 0,
    message     TEXT   NOT NULL DEFAULT '',
    started_by  TEXT   NOT NULL,
    started_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX import_jobs_started ON import_jobs (started_at);

CREATE TABLE import_job_errors (
    job_id  BIGINT NOT NULL REFERENCES import_jobs (id) ON DELETE CASCADE,
    line    BIGINT NOT NULL,
    message TEXT   NOT NULL,
    PRIMARY KEY (job_id, line)
);
