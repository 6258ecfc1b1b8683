-- Sessions with a server-side identity: the cookie carries a random id of which only the
-- SHA-256 is kept here, so logout, a password change and an expiry end a session even when
-- its cookie was copied.
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_sha256 TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_last_seen ON sessions (last_seen_at);

-- Failed logins per submitted address and client network, whether or not an account has that
-- address (so the answer tells nobody which accounts exist), with a delay that grows with each
-- failure instead of a lock anyone could set on someone else's account.
CREATE TABLE login_failures (
    email TEXT NOT NULL,
    client TEXT NOT NULL,
    failures INTEGER NOT NULL,
    blocked_until TIMESTAMP,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (email, client)
);
CREATE INDEX login_failures_updated ON login_failures (updated_at);

ALTER TABLE users DROP COLUMN failed_logins;
ALTER TABLE users DROP COLUMN locked_until;
