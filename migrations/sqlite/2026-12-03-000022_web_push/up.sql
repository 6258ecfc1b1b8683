-- Following by web push. A browser's push subscription (RFC 8030: the push service's endpoint,
-- and the keys RFC 8291 encrypts to) registered for one organization: anonymous, or tied to a
-- subscriber when registered from their preference page. One browser has one endpoint per site,
-- so the same endpoint may follow several organizations (one row each). failures counts
-- refusals in a row; the push service saying the subscription is gone (404, 410) deletes it.
CREATE TABLE push_subscriptions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    subscriber_id INTEGER REFERENCES subscribers (id) ON DELETE SET NULL,
    endpoint TEXT NOT NULL,
    p256dh TEXT NOT NULL,
    auth TEXT NOT NULL,
    language TEXT NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    last_sent_at TIMESTAMP,
    test_sent_at TIMESTAMP,
    UNIQUE (org_id, endpoint)
);
CREATE INDEX push_subscriptions_subscriber ON push_subscriptions (subscriber_id);

-- Notifications waiting to be pushed, and what became of them: the same lease-and-claim queue
-- as outgoing_mail. payload is the JSON the service worker shows, encrypted only when sent (a
-- fresh key per message, as RFC 8291 wants); topic lets a newer notification replace an older
-- one still waiting at the push service.
CREATE TABLE outgoing_push (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    subscription_id INTEGER NOT NULL REFERENCES push_subscriptions (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    topic TEXT,
    urgency TEXT NOT NULL DEFAULT 'normal'
        CHECK (urgency IN ('very-low', 'low', 'normal', 'high')),
    ttl INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP,
    claim TEXT,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);
CREATE INDEX outgoing_push_due ON outgoing_push (status, next_attempt_at);
CREATE INDEX outgoing_push_subscription ON outgoing_push (subscription_id);
