/* reads.h: reading counts. Each article view counts once per reader per day: the reader is
 * the signed-in session or API token, else the random `tala_reader` cookie (no personal
 * data), else — for a first visit without the cookie — a keyed hash of the client address and
 * User-Agent that never leaves memory. Views are de-duplicated and summed in memory and
 * flushed in batches through the writer every reads.flush_seconds (default 10) and at
 * shutdown, into reads_daily (article, site, day) with an upsert.
 *
 * Durability: counts are acknowledged to nobody, so they are kept in memory until the next
 * flush. A crash (kill -9, power loss) loses at most the counts of the last flush interval;
 * a clean shutdown (SIGTERM) flushes them. A day is a calendar day in Beijing time (UTC+8).
 *
 * The de-duplication set is exact (64-bit keyed hashes of reader and article) and bounded:
 * READS_SET_MAX entries per day (32 MiB); past that, further views of the day are counted
 * without de-duplication (logged once). It is emptied when the day changes. */
#ifndef TALA_READS_H
#define TALA_READS_H

#include "base/arena.h"
#include "http/http.h"
#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define READS_COOKIE          "tala_reader"
#define READS_SET_MAX         (1u << 22)
#define READS_FLUSH_S_DEFAULT 10

struct reads;

/* Returns a new aggregator writing through s; when flush_seconds > 0 a thread flushes it
 * that often. Free with reads_free. */
struct reads *reads_new(struct store *s, int flush_seconds);
/* Stops the flusher, flushes what is pending (waits for the commit) and frees r. */
void reads_free(struct reads *r);
/* Counts one view of article_id on site_id by reader (any bytes identifying it) at unix time
 * now_s; returns true when it counted, false when this reader already read it that day. */
bool reads_count(struct reads *r, const char *reader, size_t n, int64_t article_id, int64_t site_id,
                 int64_t now_s);
/* Writes the pending counts in one write closure and waits for its commit. Returns OK, or
 * ERR (the counts are kept for the next flush). */
int reads_flush(struct reads *r);
/* Returns the number of views counted in memory and not yet flushed. */
int64_t reads_pending(struct reads *r);
/* Writes the day of unix time s in Beijing time as "YYYY-MM-DD" into out. */
void reads_day(int64_t s, char out[11]);
/* Writes day (days since 1970-01-01) as "YYYY-MM-DD" into out. */
void reads_day_format(int32_t day, char out[11]);

/* ---- the running server's aggregator (app.c starts and stops it) ---- */

/* Starts the process's aggregator for app's store (flush_seconds <= 0: the default). */
void reads_start(struct app *app, int flush_seconds);
/* Flushes and stops it; called at shutdown while the store is still open. */
void reads_stop(void);
/* Counts rq's view of article_id as placed on site_id (the article page calls this). */
void reads_record(struct app *app, struct req *rq, int64_t article_id, int64_t site_id);
/* Sets the tala_reader cookie (random, 128 bits, one year) when rq has none; article pages
 * call it before reads_record so the next view is recognised. */
void reads_cookie(struct req *rq, struct resp *rs);

/* ---- totals (reads_db.c), from what has been flushed ---- */

/* Day range: from/to "YYYY-MM-DD" inclusive; NULL means unbounded. Each returns the sum of
 * views, or -1 on error. */
int64_t reads_total_article(struct store *s, int64_t article_id, const char *from, const char *to);
int64_t reads_total_site(struct store *s, int64_t site_id, const char *from, const char *to);
int64_t reads_total_column(struct store *s, int64_t column_id, const char *from, const char *to);
int64_t reads_total_day(struct store *s, const char *day);

struct reads_top {
	int64_t article_id;
	int64_t count;
};
/* Fills *out (arena) with at most limit articles most read on site_id (0: every site) in
 * column_id (0: any column) since day `since` (NULL: ever), most read first (ties: newer
 * id first); returns their number, or -1 on error. */
int reads_most(struct store *s, struct arena *a, int64_t site_id, int64_t column_id,
               const char *since, int limit, struct reads_top **out);

/* Write closure (ctx: struct reads_batch *) upserting a batch into reads_daily. */
struct reads_row {
	int64_t article_id, site_id;
	int32_t day; /* days since 1970-01-01, Beijing time */
	int64_t count;
};
struct reads_batch {
	const struct reads_row *rows;
	size_t n;
};
int reads_batch_write(sqlite3 *db, void *ctx);

#endif
