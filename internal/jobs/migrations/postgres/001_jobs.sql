-- Durable background work. A worker claims a row by taking a lease
-- (locked_until); a worker that dies loses the lease and another one takes
-- the job over. Periodic jobs are one row per kind (unique_key), moved
-- forward by every_seconds after each run.
CREATE TABLE jobs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT 'null',
    status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'done', 'failed')),
    run_at TIMESTAMPTZ NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 10 CHECK (max_attempts > 0),
    last_error TEXT NOT NULL DEFAULT '',
    locked_until TIMESTAMPTZ,
    locked_by TEXT NOT NULL DEFAULT '',
    every_seconds INTEGER NOT NULL DEFAULT 0,
    unique_key TEXT UNIQUE,
    done_at TIMESTAMPTZ
);
-- Only queued rows are searched for due work; finished rows are kept for a
-- while for diagnosis and then purged by done_at.
CREATE INDEX jobs_due ON jobs(run_at) WHERE status = 'queued';
CREATE INDEX jobs_finished ON jobs(done_at) WHERE status <> 'queued';
