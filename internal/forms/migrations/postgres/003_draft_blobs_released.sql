-- Content keys of draft files whose row went, however it went: a draft
-- deleted with its account (ON DELETE CASCADE), expired, replaced or
-- removed. The hourly purge deletes the content when nothing refers to it
-- any more, then the row; without this list a cascade would leave the file
-- in the blob store with nothing pointing at it.
CREATE TABLE draft_blobs_released (
    blob TEXT PRIMARY KEY
);
CREATE FUNCTION draft_files_release() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO draft_blobs_released (blob) VALUES (OLD.blob) ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;
-- Row triggers fire for cascaded deletes too.
CREATE TRIGGER draft_files_release AFTER DELETE ON draft_files
    FOR EACH ROW EXECUTE FUNCTION draft_files_release();
