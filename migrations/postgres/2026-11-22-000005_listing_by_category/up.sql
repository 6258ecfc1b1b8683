-- A profile's category tab counts and lists one category of an organization's published
-- articles: without this index the database read every published article's row to check its
-- category (100–200 ms per page at 100,000 articles, benches/site.sh); with it, it counts index
-- entries and reads the newest ones in order.
CREATE INDEX articles_listing_category ON articles (org_id, status, category, published_at);
