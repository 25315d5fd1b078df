-- More private links for a guest: every mail about a case carries its own
-- (only hashes are stored, so a link cannot be repeated). The confirmation's
-- stays in cases.access_hash; all of them open the case for as long as the
-- case exists, also after its personal data is erased (they show that).
CREATE TABLE case_access_tokens (
    -- SHA-256 (hex) of the token.
    hash TEXT PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX case_access_tokens_case ON case_access_tokens(case_id);
