ALTER TABLE users DROP COLUMN pending_email_at;
ALTER TABLE users DROP COLUMN pending_email;
