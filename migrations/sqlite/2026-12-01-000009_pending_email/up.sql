-- A changed account address waits here until the new address confirms it (the confirmation
-- email arrives with the mail transport); until then the old address stays in force.
ALTER TABLE users ADD COLUMN pending_email TEXT;
ALTER TABLE users ADD COLUMN pending_email_at TIMESTAMP;
