-- 0014_phone: verified phone numbers, one-time SMS codes, and the SMS outbox.
-- Times are milliseconds since the Unix epoch.

-- When the account's phone number was last proven by an SMS code; NULL = not verified.
ALTER TABLE users ADD COLUMN phone_verified_at INTEGER;
-- A verified number belongs to one account (phone sign-in finds the account by it).
CREATE UNIQUE INDEX users_phone_verified ON users(phone_index) WHERE phone_verified_at IS NOT NULL;

-- One-time codes sent by SMS (owned by auth). The code itself is never stored: code_hash is
-- a keyed BLAKE2b of (id, code), so the table cannot be brute-forced without the key file.
CREATE TABLE phone_codes (
	id          INTEGER PRIMARY KEY,
	phone_index BLOB NOT NULL,              -- users.phone_index of the number the code went to
	purpose     TEXT NOT NULL CHECK (purpose IN ('signin', 'verify')),
	user_id     INTEGER REFERENCES users(id) ON DELETE CASCADE, -- 'verify': the account asking
	code_hash   BLOB NOT NULL,
	ip          TEXT NOT NULL,
	created_at  INTEGER NOT NULL,
	expires_at  INTEGER NOT NULL,
	attempts    INTEGER NOT NULL DEFAULT 0, -- wrong codes entered against this one
	used_at     INTEGER                     -- accepted once; never again
);
CREATE INDEX phone_codes_phone ON phone_codes(phone_index, created_at);
CREATE INDEX phone_codes_ip ON phone_codes(ip, created_at);

-- Messages waiting for the SMS gateway (owned by sms). Number and text are sealed like
-- users.phone_enc, because the text carries a code.
CREATE TABLE sms_outbox (
	id         INTEGER PRIMARY KEY,
	phone_enc  BLOB NOT NULL,
	body_enc   BLOB NOT NULL,
	created_at INTEGER NOT NULL,
	sent_at    INTEGER,                     -- handed to the gateway
	attempts   INTEGER NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sms_outbox_pending ON sms_outbox(id) WHERE sent_at IS NULL;
