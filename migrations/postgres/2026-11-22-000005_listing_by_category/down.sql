DROP INDEX articles_listing_category;
