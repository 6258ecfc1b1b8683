-- PostgreSQL gets a covering index for audience counts here. SQLite needs none: a subscriber's
-- id is its rowid, so looking one up by id already reads the row itself from the table's own
-- b-tree. (Migration folders are named alike on both backends.)
SELECT 1;
