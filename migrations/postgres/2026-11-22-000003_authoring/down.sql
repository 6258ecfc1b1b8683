ALTER TABLE article_revisions DROP COLUMN autosave;
DROP TABLE api_tokens;
ALTER TABLE articles DROP COLUMN excerpt;
