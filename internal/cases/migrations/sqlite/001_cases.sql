-- Cases (Vorgänge): one per sent form. Times are UTC whole seconds
-- (compared as text by SQLite). JSON columns are always read and written
-- whole. Personal data (applicant_*, answers, summary, messages, files) is
-- erased retention_days after closed_at; the row stays for statistics.
CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    -- Human-friendly, e.g. "K7M-3PQ9"; alphabet without I, O, 0, 1.
    reference TEXT NOT NULL UNIQUE,
    form_id TEXT NOT NULL,
    form_version INTEGER NOT NULL,
    service TEXT NOT NULL DEFAULT '',
    title_de TEXT NOT NULL DEFAULT '',
    title_en TEXT NOT NULL DEFAULT '',
    department_id INTEGER NOT NULL REFERENCES departments(id),
    account_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    applicant_name TEXT NOT NULL DEFAULT '',
    applicant_email TEXT NOT NULL DEFAULT '',
    lang TEXT NOT NULL DEFAULT 'de',
    -- SHA-256 (hex) of the guest's private link token; NULL for accounts
    -- and once personal data is erased.
    access_hash TEXT UNIQUE,
    answers TEXT NOT NULL DEFAULT '{}',
    -- {"de":[Line...],"en":[Line...]}
    summary TEXT NOT NULL DEFAULT '{}',
    -- The form version's ordered statuses, [{"key","label":{"de","en"},"closing"}].
    statuses TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL,
    assignee_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    due_at TIMESTAMP,
    -- Set while paused; the deadline stops and is extended on resume.
    paused_at TIMESTAMP,
    pause_reason TEXT NOT NULL DEFAULT '',
    paused_days INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    closed_at TIMESTAMP,
    retention_days INTEGER NOT NULL DEFAULT 365,
    erased_at TIMESTAMP
);
-- The department inbox: all cases newest or oldest first; open ones by
-- age or by deadline (partial: closed cases are most of a long history).
CREATE INDEX cases_inbox ON cases(department_id, created_at, id);
CREATE INDEX cases_open ON cases(department_id, created_at, id) WHERE closed_at IS NULL;
CREATE INDEX cases_due ON cases(department_id, due_at, id) WHERE closed_at IS NULL;
CREATE INDEX cases_status ON cases(department_id, status, created_at, id);
CREATE INDEX cases_form ON cases(department_id, form_id, created_at, id);
CREATE INDEX cases_assignee ON cases(assignee_id, created_at, id) WHERE assignee_id IS NOT NULL;
-- An admin's inbox over all departments.
CREATE INDEX cases_created ON cases(created_at, id);
-- "Mein Rathaus": a citizen's cases.
CREATE INDEX cases_account ON cases(account_id, created_at) WHERE account_id IS NOT NULL;
-- Retention looks for closed cases with personal data left.
CREATE INDEX cases_retention ON cases(closed_at) WHERE erased_at IS NULL AND closed_at IS NOT NULL;

-- The forms that cases came from, per department, kept at intake: the
-- inbox offers their titles and statuses as filters without scanning the
-- cases. statuses are the latest version's.
CREATE TABLE case_forms (
    form_id TEXT PRIMARY KEY,
    department_id INTEGER NOT NULL REFERENCES departments(id),
    service TEXT NOT NULL DEFAULT '',
    title_de TEXT NOT NULL DEFAULT '',
    title_en TEXT NOT NULL DEFAULT '',
    statuses TEXT NOT NULL DEFAULT '[]',
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX case_forms_department ON case_forms(department_id);

-- The timeline. public = shown to the citizen; internal_note never is.
-- kind: submitted, status, assigned, claimed, paused, resumed, message,
-- document_requested, document_uploaded, decision, closed, erased, ...
CREATE TABLE case_events (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    public BOOLEAN NOT NULL DEFAULT FALSE,
    from_status TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT '',
    public_note TEXT NOT NULL DEFAULT '',
    internal_note TEXT NOT NULL DEFAULT '',
    -- Staff member or citizen account; NULL for guests and the system.
    actor_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    -- staff | citizen | system
    actor_kind TEXT NOT NULL DEFAULT 'system',
    -- The message, document or request the event is about, if any.
    ref_id INTEGER,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX case_events_case ON case_events(case_id, id);

CREATE TABLE case_messages (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    from_staff BOOLEAN NOT NULL,
    author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    -- When the other side read it (staff opening the case page / citizen the case).
    read_at TIMESTAMP
);
CREATE INDEX case_messages_case ON case_messages(case_id, id);

CREATE TABLE case_document_requests (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    description TEXT NOT NULL,
    requested_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    fulfilled_at TIMESTAMP
);
CREATE INDEX case_document_requests_case ON case_document_requests(case_id, id);

-- Files: answer = uploaded with the form (field = its answer path),
-- request/upload = sent by the citizen (request_id set when asked for),
-- decision = the department's decision document (shown to the citizen).
CREATE TABLE case_documents (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('answer', 'request', 'upload', 'decision')),
    field TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    blob TEXT NOT NULL,
    request_id INTEGER REFERENCES case_document_requests(id) ON DELETE SET NULL,
    from_staff BOOLEAN NOT NULL DEFAULT FALSE,
    author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX case_documents_case ON case_documents(case_id, id);
