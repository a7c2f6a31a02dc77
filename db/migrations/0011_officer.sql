-- 0011_officer: information officers (src/officer), their personal share links and the
-- visits through them. The three tables are the schema contract with the points module
-- (migration 0012): columns here are never renamed or dropped. Times are ms since epoch;
-- `day` is the calendar day in Asia/Shanghai. share_visits rows are written in batches by
-- the in-memory visit queue (a crash loses at most officer.flush_ms of visits); bots, link
-- previewers, HEAD and prefetch requests are not written.

CREATE TABLE officers (
	id            INTEGER PRIMARY KEY,
	user_id       INTEGER NOT NULL UNIQUE REFERENCES users(id),
	township_code TEXT NOT NULL REFERENCES regions(code),   -- 9-digit township
	org           TEXT NOT NULL DEFAULT '',                 -- optional organisation
	status        TEXT NOT NULL DEFAULT 'pending'
	              CHECK (status IN ('pending','active','suspended','rejected')),
	bio_zh        TEXT NOT NULL DEFAULT '',
	bio_mn        TEXT NOT NULL DEFAULT '',
	created_at    INTEGER NOT NULL,                         -- ms since epoch
	confirmed_at  INTEGER,
	confirmed_by  INTEGER REFERENCES users(id)
);
CREATE INDEX officers_township ON officers(township_code, status);
CREATE INDEX officers_status ON officers(status, township_code);

CREATE TABLE share_links (
	id          INTEGER PRIMARY KEY,
	code        TEXT NOT NULL UNIQUE,           -- the <code> of /r/<code>: short, random, no personal data
	officer_id  INTEGER NOT NULL REFERENCES officers(id),
	target_kind TEXT NOT NULL CHECK (target_kind IN ('article','quiz')),
	target_id   INTEGER NOT NULL,
	created_at  INTEGER NOT NULL,
	UNIQUE (officer_id, target_kind, target_id)
);

CREATE TABLE share_visits (                   -- one row per counted-or-excluded visit
	id             INTEGER PRIMARY KEY,         -- increasing: offpoints consumes visits by id cursor
	link_id        INTEGER NOT NULL REFERENCES share_links(id),  -- the link actually opened
	officer_id     INTEGER NOT NULL REFERENCES officers(id),     -- attributed officer (original one when a reader forwards within the window)
	target_kind    TEXT NOT NULL,
	target_id      INTEGER NOT NULL,
	channel        TEXT NOT NULL DEFAULT '',    -- e.g. 'link','qr','wechat'
	reader_hash    BLOB NOT NULL,               -- daily-rotating keyed hash of the reader's cookie token
	net_hash       BLOB NOT NULL,               -- keyed hash of the client's /24 (IPv4) or /48 (IPv6); never the address
	self_click     INTEGER NOT NULL DEFAULT 0,  -- the reader is the officer
	at             INTEGER NOT NULL,            -- ms since epoch
	day            TEXT NOT NULL                -- YYYY-MM-DD, Asia/Shanghai
);
CREATE INDEX share_visits_officer_day ON share_visits(officer_id, day);
CREATE INDEX share_visits_link ON share_visits(link_id);
