-- Requests counted for rate limits (forms that send mail to an address typed
-- in), keyed by what is limited, e.g. 'mail-to:<email>', 'mail-from:<ip>'.
CREATE TABLE rate_events (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX rate_events_key_at ON rate_events(key, at);
