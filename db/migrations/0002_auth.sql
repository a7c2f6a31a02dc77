-- 0002_auth: accounts, grants (role × scope), sessions, API tokens, login attempts.
-- Times are milliseconds since the Unix epoch (INTEGER) where code compares them.

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	login         TEXT NOT NULL UNIQUE COLLATE NOCASE,
	name_zh       TEXT NOT NULL DEFAULT '',
	name_mn       TEXT NOT NULL DEFAULT '',
	region_code   TEXT NOT NULL DEFAULT '15' REFERENCES regions(code), -- the unit the person belongs to
	phone_enc     BLOB,                    -- libsodium secretbox: nonce || ciphertext
	phone_index   BLOB,                    -- keyed BLAKE2b of the normalised number, for lookup
	password_hash TEXT NOT NULL,           -- argon2id encoded string
	status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'locked', 'disabled')),
	lang          TEXT NOT NULL DEFAULT 'zh' CHECK (lang IN ('zh', 'mn')),
	locked_until  INTEGER NOT NULL DEFAULT 0, -- temporary lock after repeated failures
	password_changed_at INTEGER NOT NULL DEFAULT 0,
	created_at    INTEGER NOT NULL,
	version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX users_phone_index ON users(phone_index);
CREATE INDEX users_region ON users(region_code);

CREATE TABLE grants (
	id         INTEGER PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	role       TEXT NOT NULL,
	scope      TEXT NOT NULL,            -- a region code (covers its subtree) or "site:<id>"
	created_at INTEGER NOT NULL,
	created_by INTEGER REFERENCES users(id),
	UNIQUE (user_id, role, scope)
);

CREATE TABLE sessions (
	id          INTEGER PRIMARY KEY,
	token_hash  BLOB NOT NULL UNIQUE,     -- BLAKE2b of the cookie token; the token itself is never stored
	user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	csrf        TEXT NOT NULL,
	created_at  INTEGER NOT NULL,
	last_seen   INTEGER NOT NULL,
	expires_at  INTEGER NOT NULL,         -- absolute lifetime
	ip          TEXT NOT NULL DEFAULT '',
	user_agent  TEXT NOT NULL DEFAULT '',
	revoked_at  INTEGER
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
	id          INTEGER PRIMARY KEY,
	token_hash  BLOB NOT NULL UNIQUE,
	user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	name        TEXT NOT NULL,
	role        TEXT NOT NULL,            -- the token acts with this one role ...
	scope       TEXT NOT NULL,            -- ... in this scope, within the owner's grants
	created_at  INTEGER NOT NULL,
	last_used   INTEGER,
	revoked_at  INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE login_attempts (
	id      INTEGER PRIMARY KEY,
	account TEXT NOT NULL,                -- lower-cased login as typed
	ip      TEXT NOT NULL,
	at      INTEGER NOT NULL,
	ok      INTEGER NOT NULL
);
CREATE INDEX login_attempts_account ON login_attempts(account, at);
CREATE INDEX login_attempts_ip ON login_attempts(ip, at);
