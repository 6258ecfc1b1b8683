-- The organization whose invitation created an account that has no password yet: only its
-- invitations may set that password, so no other organization, however long it waits, ever
-- holds a way into the account. Set once, when the account is created.
ALTER TABLE users ADD COLUMN created_by_org_id BIGINT REFERENCES organizations (id) ON DELETE SET NULL;

UPDATE users SET created_by_org_id = (
    SELECT i.org_id FROM invitations i WHERE i.user_id = users.id
    ORDER BY i.created_at, i.id LIMIT 1
) WHERE password_hash IS NULL;
