-- actor_id has no foreign key on purpose: entries outlive deleted accounts.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TIMESTAMP NOT NULL,
    actor_id INTEGER,
    action TEXT NOT NULL,
    object_type TEXT NOT NULL DEFAULT '',
    object_id TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_actor ON audit_log(actor_id, id);
CREATE INDEX audit_log_object ON audit_log(object_type, object_id, id);
CREATE INDEX audit_log_at ON audit_log(at);

-- Append-only in the database itself, so no code path (or hand-typed SQL)
-- can rewrite history.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
