-- Why a token stopped working: revoked by an owner, or because the member who made it was
-- removed or is no longer an owner. Shown on the tokens page.
ALTER TABLE api_tokens ADD COLUMN revoked_reason TEXT;
