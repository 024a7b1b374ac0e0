-- The SHA-256 (hex) of the secret token in the URL Everifin sends the payer back to: a return
-- without the token changes nothing. The token itself is never stored.
ALTER TABLE everifin_process ADD COLUMN return_token_sha256 VARCHAR(64);
