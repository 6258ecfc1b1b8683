-- Tags an organization puts on its subscribers for segments (hometown, interest …): at most 100
-- per organization and 20 per subscriber (WeChat's limits), enforced by db::subscriber_tags.
CREATE TABLE subscriber_tags (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (org_id, name)
);

CREATE TABLE subscriber_tag_links (
    subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES subscriber_tags (id) ON DELETE CASCADE,
    PRIMARY KEY (subscriber_id, tag_id)
);
-- Audiences start from a tag: its subscribers, in id order.
CREATE INDEX subscriber_tag_links_tag ON subscriber_tag_links (tag_id, subscriber_id);
-- The list's newest-first order and the growth figures.
CREATE INDEX subscribers_org_created ON subscribers (org_id, created_at);
