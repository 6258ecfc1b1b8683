DROP TABLE digest_articles;
DROP TABLE digest_runs;
DROP TABLE deliveries;
DROP TABLE broadcast_tags;
DROP TABLE broadcast_articles;
DROP TABLE broadcasts;
ALTER TABLE organizations DROP COLUMN quota_period;
