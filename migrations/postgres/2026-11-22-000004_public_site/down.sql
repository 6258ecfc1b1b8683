DROP INDEX articles_public;
DROP TABLE page_views;
ALTER TABLE organizations DROP COLUMN content_version;
