-- 0007_reads: reading counts (src/reads). One row per article, site it was read on and day
-- (Beijing time, "YYYY-MM-DD"); the in-memory aggregator adds to count with an upsert every
-- reads.flush_seconds, so a crash loses at most the views of the last interval. No foreign
-- keys: counts of a deleted article stay until they are pruned, and a flush never fails
-- because an article went away meanwhile.
CREATE TABLE reads_daily (
	article_id INTEGER NOT NULL,
	site_id    INTEGER NOT NULL,
	day        TEXT NOT NULL CHECK (length(day) = 10),
	count      INTEGER NOT NULL CHECK (count >= 0),
	PRIMARY KEY (article_id, site_id, day)
) WITHOUT ROWID;
CREATE INDEX reads_daily_site ON reads_daily(site_id, day);
CREATE INDEX reads_daily_day ON reads_daily(day);
