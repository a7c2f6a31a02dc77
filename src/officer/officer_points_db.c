/* officer_points_db.c: reading an officer's own points (balance, held, today, streak, the
 * ledger's newest entries). */
#include "base/common.h"
#include "officer/officer_points.h"

#include <string.h>

int points_summary_get(struct store *s, int64_t officer_id, int32_t today,
                       struct points_summary *out)
{
	*out = (struct points_summary){0};
	char day[11], prev[11];
	points_day_str(today, day);
	points_day_str(today - 1, prev);
	sqlite3_stmt *st = store_stmt(
	    s,
	    "SELECT coalesce(sum(points), 0), coalesce(sum(CASE WHEN day = ?2 THEN points END), 0)"
	    " FROM officer_points WHERE officer_id = ?1 AND held_by IS NULL");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, officer_id);
	sqlite3_bind_text(st, 2, day, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st) == SQLITE_ROW ? OK : ERR;
	if (rc == OK) {
		out->total = sqlite3_column_int64(st, 0);
		out->today = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc != OK)
		return ERR;
	/* held now: entries under flags still open (cleared ones were released, rejected voided) */
	st = store_stmt(s, "SELECT coalesce(sum(p.points), 0) FROM officer_points p"
	                   " JOIN officer_flags f ON f.id = p.held_by"
	                   " WHERE p.officer_id = ? AND f.status = 'open'");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, officer_id);
	rc = sqlite3_step(st) == SQLITE_ROW ? OK : ERR;
	if (rc == OK)
		out->held = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != OK)
		return ERR;
	st = store_stmt(s, "SELECT day, streak FROM officer_signins WHERE officer_id = ?"
	                   " AND day IN (?, ?) ORDER BY day DESC LIMIT 1");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, officer_id);
	sqlite3_bind_text(st, 2, day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, prev, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW) {
		out->signed_today = strcmp((const char *)sqlite3_column_text(st, 0), day) == 0;
		out->streak = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	return OK;
}

int points_entries(struct store *s, struct arena *a, int64_t officer_id, int64_t before_id,
                   int limit, struct points_entry **out)
{
	sqlite3_stmt *st = store_stmt(
	    s, "SELECT id, day, reason, ref_kind, ref_id, points, coalesce(held_by, 0), created_at"
	       " FROM officer_points WHERE officer_id = ? AND (? = 0 OR id < ?)"
	       " ORDER BY id DESC LIMIT ?");
	*out = NULL;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, officer_id);
	sqlite3_bind_int64(st, 2, before_id);
	sqlite3_bind_int64(st, 3, before_id);
	sqlite3_bind_int(st, 4, limit);
	struct points_entry *e = arena_alloc(a, (size_t)(limit > 0 ? limit : 1) * sizeof *e);
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < limit) {
		e[n] = (struct points_entry){
		    .id = sqlite3_column_int64(st, 0),
		    .day = arena_strdup(a, (const char *)sqlite3_column_text(st, 1)),
		    .reason = arena_strdup(a, (const char *)sqlite3_column_text(st, 2)),
		    .ref_kind = arena_strdup(a, (const char *)sqlite3_column_text(st, 3)),
		    .ref_id = sqlite3_column_int64(st, 4),
		    .points = sqlite3_column_int64(st, 5),
		    .held_by = sqlite3_column_int64(st, 6),
		    .created_at = sqlite3_column_int64(st, 7),
		};
		n++;
	}
	sqlite3_reset(st);
	*out = e;
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? n : -1;
}
