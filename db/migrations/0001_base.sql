-- 0001_base: the administrative region tree and reader feedback.

CREATE TABLE regions (
	code     TEXT PRIMARY KEY,                 -- GB/T 2260 style statistical code
	level    TEXT NOT NULL CHECK (level IN ('province', 'league', 'county', 'township', 'village')),
	parent   TEXT REFERENCES regions(code),
	name_zh  TEXT NOT NULL,
	name_mn  TEXT,                             -- traditional Mongolian script, where known
	pinyin   TEXT NOT NULL DEFAULT '',         -- lowercase toneless syllables without spaces
	initials TEXT NOT NULL DEFAULT ''          -- first letter of each syllable
) WITHOUT ROWID;
CREATE INDEX regions_parent ON regions(parent, code);

CREATE TABLE feedback (
	id          INTEGER PRIMARY KEY,
	created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
	lang        TEXT NOT NULL CHECK (lang IN ('zh', 'mn')),
	body        TEXT NOT NULL,
	contact     TEXT,                          -- optional; personal data
	region_code TEXT REFERENCES regions(code),
	status      TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'read', 'answered', 'spam'))
);
CREATE INDEX feedback_created ON feedback(created_at);
