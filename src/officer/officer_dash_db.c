/* officer_dash_db.c: the dashboard's numbers per league — active officers registered
 * (officers, by the status index) and what the period's rankings hold (officer_area_rank). */
#include "base/common.h"
#include "officer/officer_points.h"

#include <string.h>

int points_dash_leagues(struct store *s, struct arena *a, const char *period,
                        struct dash_league **out)
{
	sqlite3_stmt *st = store_stmt(
	    s, "SELECT l.code, coalesce(o.n, 0), coalesce(r.officers, 0), coalesce(r.shares, 0),"
	       " coalesce(r.readers, 0), coalesce(r.points, 0) FROM regions l"
	       " LEFT JOIN (SELECT substr(township_code, 1, 4) AS code, count(*) AS n FROM officers"
	       " WHERE status = 'active' GROUP BY 1) o ON o.code = l.code"
	       " LEFT JOIN officer_area_rank r ON r.period = ? AND r.area = l.code"
	       " WHERE l.level = 'league' ORDER BY l.code");
	*out = NULL;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, period, -1, SQLITE_TRANSIENT);
	struct dash_league *d = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		d = arena_grow_array(a, d, n, &cap, sizeof *d);
		d[n++] = (struct dash_league){
		    .code = arena_strdup(a, (const char *)sqlite3_column_text(st, 0)),
		    .registered = sqlite3_column_int64(st, 1),
		    .active = sqlite3_column_int64(st, 2),
		    .shares = sqlite3_column_int64(st, 3),
		    .readers = sqlite3_column_int64(st, 4),
		    .points = sqlite3_column_int64(st, 5),
		};
	}
	sqlite3_reset(st);
	*out = d;
	return rc == SQLITE_DONE ? (int)n : -1;
}
