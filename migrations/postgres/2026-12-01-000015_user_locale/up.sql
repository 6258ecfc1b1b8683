-- The language a user chose for the dashboard (a BCP 47 tag: en, zh-Hans, zh-Hant). NULL
-- until they choose one: the dashboard then follows the browser's Accept-Language, else the
-- organization's language.
ALTER TABLE users ADD COLUMN locale TEXT;
