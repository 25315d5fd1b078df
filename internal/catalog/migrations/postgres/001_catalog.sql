-- The Leistungskatalog: services the town offers on request, browsable by
-- topic and life situation. Times are UTC whole seconds.
CREATE TABLE catalog_services (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name_de TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    description_de TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    procedure_de TEXT NOT NULL DEFAULT '',
    procedure_en TEXT NOT NULL DEFAULT '',
    -- The national LeiKa key (14 digits), '' for purely local services.
    leika_key TEXT NOT NULL DEFAULT '',
    for_citizens BOOLEAN NOT NULL DEFAULT TRUE,
    for_businesses BOOLEAN NOT NULL DEFAULT FALSE,
    -- One required document per line.
    documents_de TEXT NOT NULL DEFAULT '',
    documents_en TEXT NOT NULL DEFAULT '',
    fees_de TEXT NOT NULL DEFAULT '',
    fees_en TEXT NOT NULL DEFAULT '',
    -- The fee in euro cents when it is one fixed amount, else NULL.
    fee_cents BIGINT,
    legal_basis TEXT NOT NULL DEFAULT '',
    department_id BIGINT NOT NULL REFERENCES departments(id),
    channel_online BOOLEAN NOT NULL DEFAULT FALSE,
    channel_appointment BOOLEAN NOT NULL DEFAULT FALSE,
    channel_in_person BOOLEAN NOT NULL DEFAULT FALSE,
    -- The online form's ID (served at /forms/{form_id}), '' for none.
    form_id TEXT NOT NULL DEFAULT '',
    -- Synonyms and search words, comma separated.
    keywords_de TEXT NOT NULL DEFAULT '',
    keywords_en TEXT NOT NULL DEFAULT '',
    published BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX catalog_services_department ON catalog_services (department_id);

-- Themen: the subject areas the catalog is browsed by.
CREATE TABLE catalog_topics (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name_de TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    sort_order INTEGER NOT NULL DEFAULT 0
);

-- Lebenslagen: moments in life that need several services.
CREATE TABLE catalog_life_situations (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name_de TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    sort_order INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE catalog_service_topics (
    service_id BIGINT NOT NULL REFERENCES catalog_services(id) ON DELETE CASCADE,
    topic_id BIGINT NOT NULL REFERENCES catalog_topics(id) ON DELETE CASCADE,
    PRIMARY KEY (service_id, topic_id)
);
CREATE INDEX catalog_service_topics_topic ON catalog_service_topics (topic_id);

CREATE TABLE catalog_service_life_situations (
    service_id BIGINT NOT NULL REFERENCES catalog_services(id) ON DELETE CASCADE,
    life_situation_id BIGINT NOT NULL REFERENCES catalog_life_situations(id) ON DELETE CASCADE,
    PRIMARY KEY (service_id, life_situation_id)
);
CREATE INDEX catalog_service_life_situations_life ON catalog_service_life_situations (life_situation_id);

-- One row whose version goes up with every change of the catalog, in the
-- same transaction: each instance's in-memory search index compares it and
-- rebuilds when it moved (another instance may have made the change).
CREATE TABLE catalog_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO catalog_state (id, version) VALUES (1, 1);
