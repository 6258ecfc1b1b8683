-- An organization's avatar, chosen from its media library.
ALTER TABLE organizations ADD COLUMN avatar_media_id BIGINT REFERENCES media (id) ON DELETE SET NULL;
