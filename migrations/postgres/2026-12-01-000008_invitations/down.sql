INSERT INTO memberships (org_id, user_id, role, created_at)
SELECT i.org_id, i.user_id, i.role, i.created_at
FROM invitations i JOIN users u ON u.id = i.user_id
WHERE u.password_hash IS NULL AND i.accepted_at IS NULL AND i.revoked_at IS NULL;

DROP TABLE invitations;
