-- Requests counted for rate limits (forms that send mail to an address typed
-- in), keyed by what is limited, e.g. 'mail-to:<email>', 'mail-from:<ip>'.
CREATE TABLE rate_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL
);
CREATE INDEX rate_events_key_at ON rate_events(key, at);
