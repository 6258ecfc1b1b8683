-- Bumped in the same transaction as any change that public pages show, so every instance
-- can tell its cached pages of the organization are stale.
ALTER TABLE organizations ADD COLUMN content_version BIGINT NOT NULL DEFAULT 0;

-- Views per article per day, flushed from memory in batches (never a write per request).
CREATE TABLE page_views (
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    day DATE NOT NULL,
    views BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, day)
);

CREATE INDEX articles_public ON articles (status, published_at);
