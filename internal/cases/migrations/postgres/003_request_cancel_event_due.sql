-- Closing a case withdraws its open document requests (cancelled_at): the
-- citizen reads that nothing more is needed, and a reopened case does not
-- ask again for what the department has already decided without.
ALTER TABLE case_document_requests ADD COLUMN cancelled_at TIMESTAMPTZ;

-- The deadline an event set, shown on the timeline: a resumed case's
-- deadline moved by the days it waited.
ALTER TABLE case_events ADD COLUMN due_at TIMESTAMPTZ;
