/* officer_honour_db.c: the "outstanding officers" selection — officers of an area whose year
 * brought at least min_readers readers, with points in at least min_months months of it,
 * and no fraud flag of that year other than cleared ones; read from the ranking aggregates
 * (officer_rank: the year's and each month's rows) and officer_flags. */
#include "base/common.h"
#include "officer/officer_points.h"

#include <stdio.h>
#include <string.h>

int points_honours(struct store *s, struct arena *a, const struct honour_criteria *c,
                   struct honour_row **out)
{
	*out = NULL;
	int level = rank_level_of(c->area);
	if (level < 0 || c->year < 1970 || c->year > 9999)
		return -1;
	static const char *const cond[] = {"1", "r.league = ?2", "r.county = ?2",
	                                   "r.township = ?2"};
	struct strbuf months;
	strbuf_init(&months);
	for (int m = 1; m <= 12; m++)
		strbuf_printf(&months,
		              "%sEXISTS (SELECT 1 FROM officer_rank WHERE period = 'm%04d-%02d'"
		              " AND officer_id = r.officer_id)",
		              m > 1 ? " + " : "", c->year, m);
	char *sql = arena_printf(
	    a,
	    "SELECT * FROM (SELECT r.officer_id, r.township, r.points, r.shares, r.readers, (%s)"
	    " AS months, (SELECT count(*) FROM officer_flags f WHERE f.officer_id = r.officer_id"
	    " AND f.day BETWEEN ?3 AND ?4 AND f.status <> 'cleared') AS flags"
	    " FROM officer_rank r WHERE r.period = ?1 AND %s AND r.readers >= ?5)"
	    " WHERE months >= ?6 AND flags = 0 ORDER BY readers DESC, points DESC, officer_id"
	    " LIMIT ?7",
	    months.data ? months.data : "0", cond[level]);
	strbuf_free(&months);
	sqlite3_stmt *st = store_stmt(s, sql);
	if (!st)
		return -1;
	char period[16], from[11], to[11];
	snprintf(period, sizeof period, "y%04d", c->year);
	snprintf(from, sizeof from, "%04d-01-01", c->year);
	snprintf(to, sizeof to, "%04d-12-31", c->year);
	sqlite3_bind_text(st, 1, period, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, c->area, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, to, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 5, c->min_readers);
	sqlite3_bind_int(st, 6, c->min_months);
	sqlite3_bind_int(st, 7, c->limit);
	struct honour_row *rows = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rows = arena_grow_array(a, rows, n, &cap, sizeof *rows);
		rows[n++] = (struct honour_row){
		    .officer_id = sqlite3_column_int64(st, 0),
		    .township = arena_strdup(a, (const char *)sqlite3_column_text(st, 1)),
		    .points = sqlite3_column_int64(st, 2),
		    .shares = sqlite3_column_int64(st, 3),
		    .readers = sqlite3_column_int64(st, 4),
		    .months = sqlite3_column_int(st, 5),
		};
	}
	sqlite3_reset(st);
	*out = rows;
	return rc == SQLITE_DONE ? (int)n : -1;
}
