DROP TABLE search_queries;
DROP INDEX search_outbox_article;
DROP TABLE search_state;
