-- Mail waiting to be sent, and what became of it. A request never talks to a mail server: it
-- writes the whole message here (in the recipient's language, already rendered) in the same
-- transaction as whatever caused it, and the mail worker sends it. A row is claimed with a
-- lease (status 'sending', locked_until); a worker that dies mid-send leaves the lease to
-- expire and the row goes back to 'pending', so a crash re-sends at most what was in flight.
-- 4xx answers and timeouts retry with capped exponential backoff; 5xx fails the row.
CREATE TABLE outgoing_mail (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER REFERENCES organizations (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    message_id TEXT NOT NULL UNIQUE,
    message TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);
-- The worker's claim: due pending rows, oldest first; expired leases.
CREATE INDEX outgoing_mail_due ON outgoing_mail (status, next_attempt_at);
CREATE INDEX outgoing_mail_recipient ON outgoing_mail (recipient, kind, created_at);
