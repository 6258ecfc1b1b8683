-- How readers see the organization's Chinese articles at their plain address: '' as written,
-- 'hans' in Simplified, 'hant' in Traditional characters (each article is also at
-- ?script=hans and ?script=hant). hant_words chooses the Traditional wording: 'hant' as
-- written, 'tw' Taiwan's words (軟體, 計程車), 'hk' Hong Kong's.
ALTER TABLE organizations ADD COLUMN reader_script TEXT NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN hant_words TEXT NOT NULL DEFAULT 'hant';
