-- Link tokens a draft had before it was continued at a new address (the
-- mailed resume link, an account's list of drafts). A tab still open at an
-- old address is told where the draft went instead of "page not found".
-- Only hashes; the rows go with their draft.
CREATE TABLE draft_moves (
    token_hash TEXT PRIMARY KEY,
    draft_id BIGINT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    moved_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX draft_moves_draft ON draft_moves(draft_id);
