-- Invitations are rows of their own, bound to one organization and one account, with a random
-- token of which only the SHA-256 is kept: single-use (accepted_at), revocable (revoked_at) and
-- expiring (expires_at). A membership exists only once an invitation is accepted.
CREATE TABLE invitations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'author', 'contributor')),
    token_sha256 TEXT NOT NULL UNIQUE,
    invited_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    accepted_at TIMESTAMP,
    revoked_at TIMESTAMP
);

-- One open invitation per organization and account: a new link replaces the old one.
CREATE UNIQUE INDEX invitations_open ON invitations (org_id, user_id)
    WHERE accepted_at IS NULL AND revoked_at IS NULL;
CREATE INDEX invitations_user ON invitations (user_id);

-- Memberships of accounts that never set a password came from the old signed links, which any
-- organization could obtain for any pending account. They become expired invitations (their
-- token digest matches no token), so an owner sends a new link and the person accepts it.
INSERT INTO invitations (org_id, user_id, role, token_sha256, created_at, expires_at)
SELECT m.org_id, m.user_id, m.role, 'retired:' || m.org_id || ':' || m.user_id,
       m.created_at, m.created_at
FROM memberships m JOIN users u ON u.id = m.user_id
WHERE u.password_hash IS NULL;

DELETE FROM memberships WHERE user_id IN (SELECT id FROM users WHERE password_hash IS NULL);
