-- The legal pages (Impressum, Datenschutzerklärung, Barrierefreiheitserklärung)
-- as the town wrote them, one row per page and language. A missing row means
-- the built-in default text is shown.
CREATE TABLE pages (
    slug TEXT NOT NULL,
    lang TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    PRIMARY KEY (slug, lang)
);

-- Feedback on barriers (BITV 2.0 § 7 feedback mechanism).
CREATE TABLE accessibility_feedback (
    id INTEGER PRIMARY KEY,
    message TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    page_url TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    done_at TIMESTAMP,
    done_by INTEGER REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX accessibility_feedback_open ON accessibility_feedback(done_at, created_at);

-- Settings of the town as key/value pairs: town_name, state (Bundesland).
CREATE TABLE town_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
