-- Preview links to a draft, stored so the editor lists and revokes them; only the token's
-- SHA-256 is kept. (The signed links made before this migration stop working.)
CREATE TABLE preview_links (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    token_sha256 TEXT NOT NULL UNIQUE,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE INDEX preview_links_article ON preview_links (article_id);
