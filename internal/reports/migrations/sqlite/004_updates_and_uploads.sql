-- Open311 updates (mySociety's POST servicerequestupdates) by the
-- client's update_id: a client that posts the same update again, after a
-- timeout say, gets the first receipt and nothing happens twice.
CREATE TABLE report_api_updates (
    client_id INTEGER NOT NULL REFERENCES report_api_clients(id) ON DELETE CASCADE,
    update_id TEXT NOT NULL,
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    event_id INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (client_id, update_id)
);

-- The Open311 client that made a change, for the history.
ALTER TABLE report_events ADD COLUMN api_client_id INTEGER REFERENCES report_api_clients(id) ON DELETE SET NULL;

-- Photo files that may have lost (or never got) a report: written for a
-- draft, or left by an erased report. The sweep deletes a file once its
-- row is older than a day and no photo refers to it (keys are content
-- hashes, so two photos may share one file).
CREATE TABLE report_blobs (
    blob_key TEXT PRIMARY KEY,
    touched_at TIMESTAMP NOT NULL
);
CREATE INDEX report_blobs_touched ON report_blobs(touched_at);
-- The sweep asks whether a photo still refers to a file as either size.
CREATE INDEX report_photos_thumb ON report_photos(thumb_key);
