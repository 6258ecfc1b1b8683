-- Following by email. A subscriber is pending until they confirm through the link in the
-- confirmation message (confirm_sent_at: the last one sent, at most one per ten minutes);
-- categories is a set of bits (1 culture, 2 news, 4 promotion: all by default); paused_until
-- holds mail back until then; bounces counts hard bounces towards suppression; source says how
-- the address came (form, import, api, dashboard). The welcome message goes once (welcomed_at).
ALTER TABLE subscribers ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE subscribers ADD COLUMN categories INTEGER NOT NULL DEFAULT 7;
ALTER TABLE subscribers ADD COLUMN paused_until TIMESTAMP;
ALTER TABLE subscribers ADD COLUMN confirm_sent_at TIMESTAMP;
ALTER TABLE subscribers ADD COLUMN welcomed_at TIMESTAMP;
ALTER TABLE subscribers ADD COLUMN unsubscribed_at TIMESTAMP;
ALTER TABLE subscribers ADD COLUMN bounces INTEGER NOT NULL DEFAULT 0;
ALTER TABLE subscribers ADD COLUMN source TEXT NOT NULL DEFAULT 'form';

-- Addresses an organization never mails: they bounced, complained or unsubscribed. Kept apart
-- from subscribers so that deleting a subscriber or importing the address again cannot undo it;
-- only the person confirming a new subscription themselves lifts an 'unsubscribed' entry.
CREATE TABLE suppressions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    reason TEXT NOT NULL CHECK (reason IN ('bounced', 'complained', 'unsubscribed')),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (org_id, email)
);

-- What bounce and complaint webhooks reported, as received.
CREATE TABLE mail_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    provider TEXT NOT NULL,
    message_id TEXT,
    email TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('bounce', 'complaint', 'unsubscribe', 'delivery')),
    permanent BOOLEAN NOT NULL,
    payload TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX mail_events_email ON mail_events (email, created_at);

-- The welcome message an organization sends once to each confirmed follower.
ALTER TABLE organizations ADD COLUMN welcome_subject TEXT NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN welcome_markdown TEXT NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN welcome_html TEXT NOT NULL DEFAULT '';
