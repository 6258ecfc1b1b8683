ALTER TABLE users DROP COLUMN created_by_org_id;
