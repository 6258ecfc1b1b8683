DROP TABLE outgoing_push;
DROP TABLE push_subscriptions;
