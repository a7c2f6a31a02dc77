-- 0009_quiz_campaigns: quiz campaigns (what is drawn from the bank, when, for whom), their
-- member lists, attempts with the questions and option order picked at start, and the
-- prize draws. Times are milliseconds since the Unix epoch. The bank (quiz_questions,
-- quiz_options, quiz_accepted_answers) is migration 0008.

CREATE TABLE quiz_campaigns (
	id               INTEGER PRIMARY KEY,
	title_zh         TEXT NOT NULL DEFAULT '',
	title_mn         TEXT NOT NULL DEFAULT '',
	rules_zh         TEXT NOT NULL DEFAULT '',
	rules_mn         TEXT NOT NULL DEFAULT '',
	region_code      TEXT NOT NULL REFERENCES regions(code), -- shown in this subtree; managers' scope
	sites            TEXT NOT NULL DEFAULT '',  -- site ids (comma-separated) it is shown on; '' = none chosen
	opens_at         INTEGER NOT NULL,
	closes_at        INTEGER NOT NULL,
	time_limit_s     INTEGER NOT NULL DEFAULT 600 CHECK (time_limit_s BETWEEN 10 AND 86400),
	attempts_allowed INTEGER NOT NULL DEFAULT 1 CHECK (attempts_allowed BETWEEN 1 AND 100),
	counting         TEXT NOT NULL DEFAULT 'best' CHECK (counting IN ('best', 'last')),
	pass_mark        INTEGER NOT NULL,          -- score needed for the prize draw
	audience         TEXT NOT NULL DEFAULT 'public' CHECK (audience IN ('public', 'members')),
	shuffle          INTEGER NOT NULL DEFAULT 1 CHECK (shuffle IN (0, 1)), -- questions and options per attempt
	prizes           INTEGER NOT NULL DEFAULT 0 CHECK (prizes >= 0), -- winners the draw picks
	seed             BLOB NOT NULL,             -- 32 random bytes; secret until the draw
	commitment       TEXT NOT NULL,             -- hex SHA-256 of seed, public from creation
	version          INTEGER NOT NULL DEFAULT 1,
	created_by       INTEGER REFERENCES users(id),
	created_at       INTEGER NOT NULL,
	updated_at       INTEGER NOT NULL,
	CHECK (title_zh <> '' OR title_mn <> ''),
	CHECK (closes_at > opens_at)
);
CREATE INDEX quiz_campaigns_region ON quiz_campaigns(region_code);

-- How an attempt's questions are drawn: `count` active questions of `category`.
CREATE TABLE quiz_campaign_draws (
	campaign_id INTEGER NOT NULL REFERENCES quiz_campaigns(id) ON DELETE CASCADE,
	category    TEXT NOT NULL,
	count       INTEGER NOT NULL CHECK (count BETWEEN 1 AND 200),
	PRIMARY KEY (campaign_id, category)
) WITHOUT ROWID;

-- Who may take part in an audience='members' campaign (an uploaded member list).
CREATE TABLE quiz_campaign_members (
	campaign_id INTEGER NOT NULL REFERENCES quiz_campaigns(id) ON DELETE CASCADE,
	user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	PRIMARY KEY (campaign_id, user_id)
) WITHOUT ROWID;

CREATE TABLE quiz_attempts (
	id          INTEGER PRIMARY KEY,
	campaign_id INTEGER NOT NULL REFERENCES quiz_campaigns(id),
	user_id     INTEGER NOT NULL REFERENCES users(id),
	region_code TEXT NOT NULL,                -- the participant's region at start
	status      TEXT NOT NULL CHECK (status IN ('active', 'finished', 'expired')),
	started_at  INTEGER NOT NULL,
	deadline_at INTEGER NOT NULL,
	finished_at INTEGER,
	score       INTEGER,                      -- sum of item points once finished/expired
	max_score   INTEGER NOT NULL,
	duration_ms INTEGER,
	token_hash  BLOB NOT NULL,                -- BLAKE2b of the attempt token (rotated on resume)
	net_hash    BLOB,                         -- keyed hash of the client's /24 (/48), never the address
	excluded    INTEGER NOT NULL DEFAULT 0 CHECK (excluded IN (0, 1)), -- by the manager's review
	exclude_note TEXT NOT NULL DEFAULT '',
	CHECK ((status = 'active') = (finished_at IS NULL)),
	CHECK ((status = 'active') = (score IS NULL))
);
CREATE UNIQUE INDEX quiz_attempts_one_active ON quiz_attempts(campaign_id, user_id)
	WHERE status = 'active';
CREATE INDEX quiz_attempts_user ON quiz_attempts(user_id, campaign_id);
CREATE INDEX quiz_attempts_campaign ON quiz_attempts(campaign_id, status);

CREATE TABLE quiz_attempt_items (
	attempt_id       INTEGER NOT NULL REFERENCES quiz_attempts(id) ON DELETE CASCADE,
	position         INTEGER NOT NULL,        -- 1-based display order
	question_id      INTEGER NOT NULL REFERENCES quiz_questions(id),
	question_version INTEGER NOT NULL,
	option_order     TEXT NOT NULL DEFAULT '', -- option ids in display order, comma-separated
	answer           TEXT,                     -- chosen option ids (comma-separated) or fill-in text
	points           INTEGER,                  -- scored when answered, NULL = unanswered
	max_points       INTEGER NOT NULL DEFAULT 1,
	answered_at      INTEGER,
	PRIMARY KEY (attempt_id, position),
	CHECK ((answer IS NULL) = (points IS NULL))
) WITHOUT ROWID;

-- A prize draw: the seed revealed, the frozen eligible list (attempt ids, one per line, in
-- ascending order) and its SHA-256, and the winners (attempt ids in draw order).
CREATE TABLE quiz_draws (
	campaign_id INTEGER PRIMARY KEY REFERENCES quiz_campaigns(id),
	drawn_at    INTEGER NOT NULL,
	drawn_by    INTEGER REFERENCES users(id),
	eligible    TEXT NOT NULL,
	list_hash   TEXT NOT NULL,
	winners     TEXT NOT NULL
);
