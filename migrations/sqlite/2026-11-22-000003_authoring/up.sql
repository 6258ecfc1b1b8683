-- The summary shown in lists, feeds and emails: the editor's, or the start of the body.
ALTER TABLE articles ADD COLUMN excerpt TEXT NOT NULL DEFAULT '';

-- API tokens: only a SHA-256 of the secret is kept; the token is shown once.
CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_sha256 TEXT NOT NULL UNIQUE,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP,
    UNIQUE (org_id, name)
);

-- Autosaves refresh the newest autosave revision instead of adding one every few seconds.
ALTER TABLE article_revisions ADD COLUMN autosave BOOLEAN NOT NULL DEFAULT FALSE;
