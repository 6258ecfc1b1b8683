ALTER TABLE organizations DROP COLUMN avatar_media_id;
