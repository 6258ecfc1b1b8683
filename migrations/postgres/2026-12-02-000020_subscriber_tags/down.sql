DROP INDEX subscribers_org_created;
DROP TABLE subscriber_tag_links;
DROP TABLE subscriber_tags;
