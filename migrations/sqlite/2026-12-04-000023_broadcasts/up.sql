-- Broadcasts and digests (flows 2 and 3 of DESIGN.md).
--
-- quota_period turns the organization's broadcast quota on: at most broadcast_quota broadcasts
-- per subscriber (and per browser) per local day or month; 'off' (the default) sends to all.
ALTER TABLE organizations ADD COLUMN quota_period TEXT NOT NULL DEFAULT 'off'
    CHECK (quota_period IN ('off', 'day', 'month'));

-- A broadcast: 1-8 articles in order (broadcast_articles), to an audience (everyone, or those
-- with one of broadcast_tags when by_tags, and/or following one of the categories bits), by
-- email (channels bit 1) and/or push (bit 2). A digest run is a broadcast of kind 'digest',
-- whose articles are chosen per recipient when sent. status moves draft -> scheduled ->
-- sending (<-> paused) -> sent | failed, or -> cancelled; warning says what changed without
-- the editor (an article unpublished before a scheduled send).
CREATE TABLE broadcasts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    kind TEXT NOT NULL DEFAULT 'broadcast' CHECK (kind IN ('broadcast', 'digest')),
    title TEXT NOT NULL,
    channels INTEGER NOT NULL CHECK (channels BETWEEN 1 AND 3),
    by_tags BOOLEAN NOT NULL DEFAULT FALSE,
    categories INTEGER NOT NULL DEFAULT 0 CHECK (categories BETWEEN 0 AND 7),
    status TEXT NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'scheduled', 'sending', 'paused', 'sent', 'failed', 'cancelled')),
    scheduled_at TIMESTAMP,
    started_at TIMESTAMP,
    finished_at TIMESTAMP,
    warning TEXT NOT NULL DEFAULT '',
    digest_since TIMESTAMP,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX broadcasts_due ON broadcasts (status, scheduled_at);
CREATE INDEX broadcasts_org ON broadcasts (org_id, created_at);

CREATE TABLE broadcast_articles (
    broadcast_id INTEGER NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position BETWEEN 1 AND 8),
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (broadcast_id, position),
    UNIQUE (broadcast_id, article_id)
);
CREATE INDEX broadcast_articles_article ON broadcast_articles (article_id);

CREATE TABLE broadcast_tags (
    broadcast_id INTEGER NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES subscriber_tags (id) ON DELETE CASCADE,
    PRIMARY KEY (broadcast_id, tag_id)
);

-- One row per recipient and channel of a broadcast, materialized once when it starts (the
-- UNIQUE key makes a second materialization add nothing). recipient_id is a subscriber's id
-- for 'email' and a push subscription's for 'push'; one that is gone by the time its row is
-- sent is skipped. The worker claims due rows under a lease (claim, locked_until); a lease
-- that runs out puts the row back to pending.
CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    broadcast_id INTEGER NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'push')),
    recipient_id INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'in_flight', 'sent', 'failed', 'skipped', 'cancelled')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP,
    claim TEXT,
    last_error TEXT,
    sent_at TIMESTAMP,
    UNIQUE (broadcast_id, channel, recipient_id)
);
CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at, id);
CREATE INDEX deliveries_progress ON deliveries (broadcast_id, status);
CREATE INDEX deliveries_recipient ON deliveries (recipient_id, channel);

-- One digest per organization, frequency and local period ('2026-12-02', '2026-W49'): the
-- UNIQUE key is what makes it happen once, whichever instance's tick gets there first.
CREATE TABLE digest_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    frequency TEXT NOT NULL CHECK (frequency IN ('daily', 'weekly')),
    period TEXT NOT NULL,
    due_at TIMESTAMP NOT NULL,
    broadcast_id INTEGER REFERENCES broadcasts (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (org_id, frequency, period)
);

-- Articles a digest sent to a subscriber (a broadcast's are known from its deliveries), so no
-- digest repeats one.
CREATE TABLE digest_articles (
    subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    sent_at TIMESTAMP NOT NULL,
    PRIMARY KEY (subscriber_id, article_id)
);
