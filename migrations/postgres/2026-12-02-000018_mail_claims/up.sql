-- Which claim holds a message being sent: a worker records what became of the message only
-- under its own claim, so a worker whose lease ran out (and whose message another worker took
-- over) cannot mark it sent, failed or due again.
ALTER TABLE outgoing_mail ADD COLUMN claim TEXT;
