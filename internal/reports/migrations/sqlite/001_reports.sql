-- The Mängelmelder. Categories are Open311 services, reports are service
-- requests. Times are UTC whole seconds (compared as text by SQLite).
CREATE TABLE report_categories (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    group_de TEXT NOT NULL DEFAULT '',
    group_en TEXT NOT NULL DEFAULT '',
    name_de TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    description_de TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    department_id INTEGER REFERENCES departments(id) ON DELETE SET NULL,
    keywords TEXT NOT NULL DEFAULT '',
    first_reaction_days INTEGER NOT NULL DEFAULT 0,
    closure_days INTEGER NOT NULL DEFAULT 0,
    -- The Open311 attributes as a JSON array: always read and written whole.
    attributes TEXT NOT NULL DEFAULT '[]',
    not_our_job_de TEXT NOT NULL DEFAULT '',
    not_our_job_en TEXT NOT NULL DEFAULT '',
    notify_department BOOLEAN NOT NULL DEFAULT FALSE,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    sort_order INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Open311 clients; only a SHA-256 of the key is stored.
CREATE TABLE report_api_clients (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    key_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    last_used_at TIMESTAMP
);

CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    ref TEXT NOT NULL UNIQUE,
    category_id INTEGER NOT NULL REFERENCES report_categories(id),
    department_id INTEGER REFERENCES departments(id) ON DELETE SET NULL,
    status TEXT NOT NULL CHECK (status IN ('new', 'checking', 'in_progress', 'planned', 'done', 'not_responsible', 'rejected', 'duplicate')),
    lat REAL,
    lon REAL,
    address TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL,
    answers TEXT NOT NULL DEFAULT '{}',
    -- Personal data, erased after the retention period.
    reporter_name TEXT NOT NULL DEFAULT '',
    reporter_email TEXT NOT NULL DEFAULT '',
    lang TEXT NOT NULL DEFAULT 'de',
    -- SHA-256 of the private manage token; NULL once personal data is erased.
    manage_token_hash TEXT UNIQUE,
    supporters INTEGER NOT NULL DEFAULT 0,
    merged_into INTEGER REFERENCES reports(id),
    first_reaction_due TIMESTAMP,
    closure_due TIMESTAMP,
    first_reaction_at TIMESTAMP,
    public_note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    closed_at TIMESTAMP,
    erased_at TIMESTAMP,
    published BOOLEAN NOT NULL DEFAULT TRUE,
    source TEXT NOT NULL DEFAULT 'web',
    api_client_id INTEGER REFERENCES report_api_clients(id) ON DELETE SET NULL,
    CHECK ((lat IS NULL) = (lon IS NULL))
);
-- Newest first (public list, map, Open311 default). It covers the columns
-- public filters test, so a walk over the newest reports in a large bbox
-- reads only the index.
CREATE INDEX reports_created ON reports(created_at, published, status, category_id, lat, lon);
-- Open311 sync: updated_after / updated_before.
CREATE INDEX reports_updated ON reports(updated_at);
-- The department inbox: filter by department and status, sort by age.
CREATE INDEX reports_inbox ON reports(department_id, status, created_at);
CREATE INDEX reports_category ON reports(category_id, status);
CREATE INDEX reports_closure_due ON reports(closure_due) WHERE closure_due IS NOT NULL;
-- Retention looks for closed reports with personal data left.
CREATE INDEX reports_retention ON reports(closed_at) WHERE erased_at IS NULL AND closed_at IS NOT NULL;
CREATE INDEX reports_merged_into ON reports(merged_into) WHERE merged_into IS NOT NULL;

-- The spatial index for bbox and radius queries. R*Tree keeps 32-bit
-- floats rounded outwards, so it is a pre-filter: queries check the exact
-- lat/lon of reports afterwards. Triggers keep it in the same transaction
-- as the report.
CREATE VIRTUAL TABLE reports_rtree USING rtree(id, min_lat, max_lat, min_lon, max_lon);
CREATE TRIGGER reports_rtree_insert AFTER INSERT ON reports WHEN NEW.lat IS NOT NULL BEGIN
    INSERT INTO reports_rtree (id, min_lat, max_lat, min_lon, max_lon) VALUES (NEW.id, NEW.lat, NEW.lat, NEW.lon, NEW.lon);
END;
CREATE TRIGGER reports_rtree_update AFTER UPDATE OF lat, lon ON reports BEGIN
    DELETE FROM reports_rtree WHERE id = OLD.id;
    INSERT INTO reports_rtree (id, min_lat, max_lat, min_lon, max_lon)
        SELECT NEW.id, NEW.lat, NEW.lat, NEW.lon, NEW.lon WHERE NEW.lat IS NOT NULL;
END;
CREATE TRIGGER reports_rtree_delete AFTER DELETE ON reports BEGIN
    DELETE FROM reports_rtree WHERE id = OLD.id;
END;

CREATE TABLE report_photos (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    blob_key TEXT NOT NULL DEFAULT '',
    thumb_key TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    width INTEGER NOT NULL DEFAULT 0,
    height INTEGER NOT NULL DEFAULT 0,
    released BOOLEAN NOT NULL DEFAULT FALSE,
    by_staff BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX report_photos_report ON report_photos(report_id);
CREATE INDEX report_photos_blob ON report_photos(blob_key);

-- People following a report. The token is kept in clear because every
-- status mail carries the unsubscribe link; it grants nothing else.
CREATE TABLE report_subscribers (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    lang TEXT NOT NULL DEFAULT 'de',
    token TEXT NOT NULL UNIQUE,
    confirmed BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (report_id, email)
);

CREATE TABLE report_events (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    at TIMESTAMP NOT NULL,
    by_kind TEXT NOT NULL,
    actor_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    public BOOLEAN NOT NULL DEFAULT FALSE,
    from_status TEXT NOT NULL DEFAULT '',
    to_status TEXT NOT NULL DEFAULT '',
    public_note TEXT NOT NULL DEFAULT '',
    internal_note TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT '',
    old_value TEXT NOT NULL DEFAULT '',
    new_value TEXT NOT NULL DEFAULT '',
    related_ref TEXT NOT NULL DEFAULT '',
    photo_id INTEGER,
    fixed BOOLEAN
);
CREATE INDEX report_events_report ON report_events(report_id, id);
-- Open311 servicerequestupdates lists public events by time.
CREATE INDEX report_events_at ON report_events(at);
