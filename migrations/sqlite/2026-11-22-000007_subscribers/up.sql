-- An organization's email subscribers: its followers. Addresses are stored as typed (the
-- subscription flow normalises them); one row per organization and address.
CREATE TABLE subscribers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'active', 'unsubscribed', 'bounced', 'complained')),
    locale TEXT NOT NULL DEFAULT '',
    digest TEXT NOT NULL DEFAULT 'none' CHECK (digest IN ('none', 'daily', 'weekly')),
    confirmed_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (org_id, email)
);

-- The profile's follower count and every audience query filter by organization and status.
CREATE INDEX subscribers_org_status ON subscribers (org_id, status);
