-- The form engine. Times are UTC whole seconds.

-- Every valid definition ever installed, one row per version. The running
-- version of a form is its active row; only valid definitions are stored.
CREATE TABLE form_versions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    form_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    source TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL,
    active BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (form_id, version),
    UNIQUE (form_id, sha256)
);
CREATE UNIQUE INDEX form_versions_running ON form_versions(form_id) WHERE active;

-- A form being filled in. Only SHA-256 hashes of the draft's link token and
-- of the mailed resume token are stored. answers is formdef's Answers JSON,
-- which keeps mistyped values as typed, so a page shows them again.
CREATE TABLE drafts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    resume_hash TEXT UNIQUE,
    form_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    account_id BIGINT REFERENCES users(id) ON DELETE CASCADE,
    email TEXT NOT NULL DEFAULT '',
    lang TEXT NOT NULL DEFAULT 'de',
    answers TEXT NOT NULL DEFAULT '{}',
    page TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    sent_at TIMESTAMPTZ,
    -- What the case intake answered, for the confirmation page.
    receipt TEXT NOT NULL DEFAULT ''
);
CREATE INDEX drafts_account ON drafts(account_id, updated_at) WHERE account_id IS NOT NULL;
CREATE INDEX drafts_expiry ON drafts(expires_at);

-- Files uploaded into a draft, stored in the blob store by content.
CREATE TABLE draft_files (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    draft_id BIGINT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    blob TEXT NOT NULL,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX draft_files_draft ON draft_files(draft_id, id);
CREATE INDEX draft_files_blob ON draft_files(blob);
