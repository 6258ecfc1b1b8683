DROP TABLE search_outbox;
DROP TABLE article_revisions;
DROP TABLE article_tags;
DROP TABLE tags;
DROP TABLE article_slug_redirects;
DROP TABLE articles;
DROP TABLE media;
