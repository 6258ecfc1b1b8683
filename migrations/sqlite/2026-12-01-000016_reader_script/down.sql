ALTER TABLE organizations DROP COLUMN hant_words;
ALTER TABLE organizations DROP COLUMN reader_script;
