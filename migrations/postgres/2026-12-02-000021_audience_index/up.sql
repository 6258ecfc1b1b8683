-- Counting an audience (a tag and a category among the active) starts from the tag's links
-- and looks each subscriber up by id. Over a million subscribers those lookups, one heap page
-- each, cost ~100 ms; this covering index answers them from the index alone (~40 ms, measured
-- by benches/subscribers.rs), and makes the planner choose them over a full scan.
CREATE INDEX subscribers_audience ON subscribers (id) INCLUDE (org_id, status, categories);
