-- 0012_officer_points: information officers' points (src/officer/officer_points*.c,
-- officer_rank*, officer_task*, officer_fraud*). Points are an append-only ledger: one row
-- per entry with a reason and a reference; a correction, a release or a voiding is a new
-- row, never an UPDATE or DELETE (triggers refuse both). Entries are derived from
-- share_visits (migration 0011) incrementally: a background job reads the visits after
-- officer_points_cursor.last_visit_id in id order, through the writer, and adds the entries
-- and the ranking aggregates of the batch in the same transaction. Days are "YYYY-MM-DD"
-- in Asia/Shanghai, as share_visits.day.

-- fraud flags: one per officer, day and kind; while a flag of (officer, day) is open or
-- rejected, that officer's new entries of that day are written held (held_by = the flag)
-- and count for nothing; clearing adds a 'release' entry per held entry, rejecting a 'void'
CREATE TABLE officer_flags (
	id            INTEGER PRIMARY KEY,
	officer_id    INTEGER NOT NULL REFERENCES officers(id),
	township_code TEXT NOT NULL,              -- the officer's, for the reviewers' scope
	day           TEXT NOT NULL,
	kind          TEXT NOT NULL CHECK (kind IN ('self_click', 'click_farm', 'repeat')),
	detail        TEXT NOT NULL DEFAULT '',   -- counts and ids that raised it; no personal data
	visit_id      INTEGER NOT NULL,           -- the share_visits row that raised it
	status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'cleared', 'rejected')),
	created_at    INTEGER NOT NULL,
	reviewed_at   INTEGER,
	reviewed_by   INTEGER REFERENCES users(id),
	UNIQUE (officer_id, day, kind)
);
CREATE INDEX officer_flags_status ON officer_flags(status, township_code, id);
CREATE INDEX officer_flags_day ON officer_flags(day);

-- sharing tasks: a county's designated articles for a day; sharing one (a visit through the
-- officer's link on that day) earns the task's points once per officer
CREATE TABLE officer_tasks (
	id          INTEGER PRIMARY KEY,
	county_code TEXT NOT NULL REFERENCES regions(code),
	day         TEXT NOT NULL CHECK (length(day) = 10),
	target_kind TEXT NOT NULL CHECK (target_kind IN ('article', 'quiz')),
	target_id   INTEGER NOT NULL,
	points      INTEGER NOT NULL CHECK (points > 0),
	created_by  INTEGER REFERENCES users(id),
	created_at  INTEGER NOT NULL,
	UNIQUE (county_code, day, target_kind, target_id)
);
CREATE INDEX officer_tasks_day ON officer_tasks(day, county_code);

-- the ledger
CREATE TABLE officer_points (
	id         INTEGER PRIMARY KEY,
	officer_id INTEGER NOT NULL REFERENCES officers(id),
	day        TEXT NOT NULL,                 -- the day the entry counts for
	reason     TEXT NOT NULL CHECK (reason IN
	           ('share', 'reader', 'task', 'signin', 'release', 'void', 'correction')),
	ref_kind   TEXT NOT NULL,                 -- link, visit, task, day, entry, note
	ref_id     INTEGER NOT NULL,
	points     INTEGER NOT NULL,
	held_by    INTEGER REFERENCES officer_flags(id),
	created_at INTEGER NOT NULL
);
CREATE INDEX officer_points_officer ON officer_points(officer_id, id);
CREATE INDEX officer_points_held ON officer_points(held_by) WHERE held_by IS NOT NULL;
-- a share (ref: link), a task (ref: task) and a sign-in (ref: day number) earn once
CREATE UNIQUE INDEX officer_points_once ON officer_points(officer_id, reason, ref_id)
	WHERE reason IN ('share', 'task', 'signin');
CREATE TRIGGER officer_points_no_update BEFORE UPDATE ON officer_points
BEGIN SELECT RAISE(ABORT, 'officer_points is append-only'); END;
CREATE TRIGGER officer_points_no_delete BEFORE DELETE ON officer_points
BEGIN SELECT RAISE(ABORT, 'officer_points is append-only'); END;

-- where the job is in share_visits
CREATE TABLE officer_points_cursor (
	id            INTEGER PRIMARY KEY CHECK (id = 1),
	last_visit_id INTEGER NOT NULL,
	updated_at    INTEGER NOT NULL
);
INSERT INTO officer_points_cursor VALUES (1, 0, 0);

-- unique readers per officer, item and day (a reader's hash rotates daily)
CREATE TABLE officer_readers (
	officer_id  INTEGER NOT NULL,
	day         TEXT NOT NULL,
	target_kind TEXT NOT NULL,
	target_id   INTEGER NOT NULL,
	reader_hash BLOB NOT NULL,
	PRIMARY KEY (officer_id, target_kind, target_id, day, reader_hash)
) WITHOUT ROWID;

-- per officer, item and day: visits and distinct readers (the repeat rule)
CREATE TABLE officer_item_days (
	officer_id  INTEGER NOT NULL,
	target_kind TEXT NOT NULL,
	target_id   INTEGER NOT NULL,
	day         TEXT NOT NULL,
	visits      INTEGER NOT NULL,
	readers     INTEGER NOT NULL,
	PRIMARY KEY (officer_id, target_kind, target_id, day)
) WITHOUT ROWID;

-- self-clicks per officer and day (the self-click rule)
CREATE TABLE officer_self_clicks (
	officer_id INTEGER NOT NULL,
	day        TEXT NOT NULL,
	clicks     INTEGER NOT NULL,
	PRIMARY KEY (officer_id, day)
) WITHOUT ROWID;

-- daily sign-ins and the streak they continue
CREATE TABLE officer_signins (
	officer_id INTEGER NOT NULL REFERENCES officers(id),
	day        TEXT NOT NULL,
	streak     INTEGER NOT NULL CHECK (streak >= 1),
	at         INTEGER NOT NULL,
	PRIMARY KEY (officer_id, day)
) WITHOUT ROWID;

-- rankings: effective points (held entries excluded), shares and readers per officer and
-- period ('a' all time, 'y2026', 'm2026-11', 'w2026-11-23' = the week from that Monday),
-- kept with each ledger batch; the township/county/league are the officer's when the row
-- was made
CREATE TABLE officer_rank (
	period     TEXT NOT NULL,
	officer_id INTEGER NOT NULL,
	township   TEXT NOT NULL,
	county     TEXT NOT NULL,
	league     TEXT NOT NULL,
	points     INTEGER NOT NULL DEFAULT 0,
	shares     INTEGER NOT NULL DEFAULT 0,
	readers    INTEGER NOT NULL DEFAULT 0,
	entries    INTEGER NOT NULL CHECK (entries > 0), -- ledger entries counted in the row
	PRIMARY KEY (period, officer_id)
) WITHOUT ROWID;
CREATE INDEX officer_rank_region ON officer_rank(period, points DESC, officer_id);
CREATE INDEX officer_rank_league ON officer_rank(period, league, points DESC, officer_id);
CREATE INDEX officer_rank_county ON officer_rank(period, county, points DESC, officer_id);
CREATE INDEX officer_rank_township ON officer_rank(period, township, points DESC, officer_id);

-- the same per area (region '15', league, county, township) and period; officers = those
-- with a row in officer_rank for the period within the area
CREATE TABLE officer_area_rank (
	period   TEXT NOT NULL,
	area     TEXT NOT NULL,
	officers INTEGER NOT NULL DEFAULT 0,
	points   INTEGER NOT NULL DEFAULT 0,
	shares   INTEGER NOT NULL DEFAULT 0,
	readers  INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (period, area)
) WITHOUT ROWID;

-- the click-farm rule looks back over share_visits by time
CREATE INDEX share_visits_at ON share_visits(at);
