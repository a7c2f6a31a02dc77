/* reads_db.c: the SQL of reading counts — the batch upsert the flusher hands to the writer,
 * totals per article, site, column and day, and the "most read" list. Owns reads_daily;
 * reads the content module's articles table only for an article's column. */
#include "base/common.h"
#include "base/log.h"
#include "reads/reads.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

void reads_day_format(int32_t day, char out[11])
{
	time_t t = (time_t)day * 86400;
	struct tm tm;
	gmtime_r(&t, &tm);
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)(tm.tm_year + 1900) % 10000u,
	         (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u);
}

int reads_batch_write(sqlite3 *db, void *ctx)
{
	const struct reads_batch *b = ctx;
	sqlite3_stmt *st = store_write_stmt(
	    db,
	    "INSERT INTO reads_daily(article_id, site_id, day, count) VALUES (?, ?, ?, ?)"
	    " ON CONFLICT(article_id, site_id, day) DO UPDATE SET count = count + excluded.count");
	if (!st)
		return ERR;
	int rc = OK;
	for (size_t i = 0; i < b->n && rc == OK; i++) {
		char day[11];
		reads_day_format(b->rows[i].day, day);
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, b->rows[i].article_id);
		sqlite3_bind_int64(st, 2, b->rows[i].site_id);
		sqlite3_bind_text(st, 3, day, 10, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 4, b->rows[i].count);
		if (sqlite3_step(st) != SQLITE_DONE) {
			log_msg(LOG_ERROR, "reads.write", "%s", sqlite3_errmsg(db));
			rc = ERR;
		}
	}
	store_write_stmt_release(db, st);
	return rc;
}

/* Sums reads_daily rows where `where_col` = id (or the day) between from and to. */
static int64_t total(struct store *s, const char *sql, int64_t id, const char *from, const char *to)
{
	sqlite3_stmt *st = store_stmt(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, from ? from : "0000-00-00", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, to ? to : "9999-99-99", -1, SQLITE_TRANSIENT);
	int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

int64_t reads_total_article(struct store *s, int64_t article_id, const char *from, const char *to)
{
	return total(s,
	             "SELECT COALESCE(SUM(count), 0) FROM reads_daily"
	             " WHERE article_id = ?1 AND day BETWEEN ?2 AND ?3",
	             article_id, from, to);
}

int64_t reads_total_site(struct store *s, int64_t site_id, const char *from, const char *to)
{
	return total(s,
	             "SELECT COALESCE(SUM(count), 0) FROM reads_daily"
	             " WHERE site_id = ?1 AND day BETWEEN ?2 AND ?3",
	             site_id, from, to);
}

int64_t reads_total_column(struct store *s, int64_t column_id, const char *from, const char *to)
{
	return total(s,
	             "SELECT COALESCE(SUM(r.count), 0) FROM reads_daily r"
	             " JOIN articles a ON a.id = r.article_id"
	             " WHERE a.column_id = ?1 AND r.day BETWEEN ?2 AND ?3",
	             column_id, from, to);
}

int64_t reads_total_day(struct store *s, const char *day)
{
	return total(s,
	             "SELECT COALESCE(SUM(count), 0) FROM reads_daily"
	             " WHERE ?1 = ?1 AND day BETWEEN ?2 AND ?3",
	             0, day, day);
}

int reads_most(struct store *s, struct arena *a, int64_t site_id, int64_t column_id,
               const char *since, int limit, struct reads_top **out)
{
	*out = NULL;
	sqlite3_stmt *st = store_stmt(
	    s, "SELECT r.article_id, SUM(r.count) AS n FROM reads_daily r"
	       " JOIN articles a ON a.id = r.article_id"
	       " WHERE (?1 = 0 OR r.site_id = ?1) AND (?2 = 0 OR a.column_id = ?2) AND r.day >= ?3"
	       "   AND a.status = 'published'"
	       " GROUP BY r.article_id ORDER BY n DESC, r.article_id DESC LIMIT ?4");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, site_id);
	sqlite3_bind_int64(st, 2, column_id);
	sqlite3_bind_text(st, 3, since ? since : "0000-00-00", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 4, limit > 0 ? limit : 10);
	size_t n = 0, cap = 0;
	struct reads_top *items = NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		items = arena_grow_array(a, items, n, &cap, sizeof *items);
		items[n++] =
		    (struct reads_top){sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1)};
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	*out = items;
	return (int)n;
}
