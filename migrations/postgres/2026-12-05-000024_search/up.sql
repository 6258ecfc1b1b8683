-- Who applies the search outbox: one holder at a time (the server's sync worker, or
-- `qiao reindex`, which holds it while it builds a new index so nothing is applied to the old
-- one meanwhile). A lease: a holder that dies loses it when locked_until passes.
CREATE TABLE search_state (
    name TEXT PRIMARY KEY,
    holder TEXT,
    locked_until TIMESTAMP NOT NULL
);
INSERT INTO search_state (name, holder, locked_until) VALUES ('sync', NULL, '1970-01-01 00:00:00');

CREATE INDEX search_outbox_article ON search_outbox (article_id);

-- What readers searched for, per organization and UTC day; no personal data (no address, no
-- user): counted in memory and added here in batches.
CREATE TABLE search_queries (
    org_id BIGINT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    day DATE NOT NULL,
    query TEXT NOT NULL,
    searches BIGINT NOT NULL DEFAULT 0,
    zero_results BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, day, query)
);
CREATE INDEX search_queries_day ON search_queries (day);
