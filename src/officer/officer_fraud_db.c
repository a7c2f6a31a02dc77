/* officer_fraud_db.c: fraud flags' SQL — the review (clear: a 'release' entry per held
 * entry, counted in the rankings on the held entry's day; reject: a 'void' entry per held
 * entry, worth 0) and the reviewers' list. Flags themselves are raised by the points job
 * (officer_points.c). */
#include "base/common.h"
#include "base/log.h"
#include "officer/officer_points.h"

#include <stdlib.h>
#include <string.h>

int points_flag_review(sqlite3 *db, void *ctx)
{
	struct flag_review *r = ctx;
	r->not_open = false;
	r->entries = 0;
	bool clear = strcmp(r->status, "cleared") == 0;
	sqlite3_stmt *st = store_write_stmt(
	    db, "UPDATE officer_flags SET status = ?, reviewed_at = ?, reviewed_by = ?"
	        " WHERE id = ? AND status = 'open' RETURNING officer_id, township_code");
	if (!st)
		return ERR;
	sqlite3_bind_text(st, 1, clear ? "cleared" : "rejected", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, r->now_ms);
	if (r->by_user)
		sqlite3_bind_int64(st, 3, r->by_user);
	else
		sqlite3_bind_null(st, 3);
	sqlite3_bind_int64(st, 4, r->flag_id);
	char township[16] = "";
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		snprintf(township, sizeof township, "%s", (const char *)sqlite3_column_text(st, 1));
	store_write_stmt_release(db, st);
	if (step != SQLITE_ROW) {
		r->not_open = step == SQLITE_DONE;
		return ERR;
	}
	/* one new entry per held entry, in the held entry's day */
	int rc = ERR;
	struct rank_delta *d = NULL;
	size_t n = 0, cap = 0;
	st = store_write_stmt(db, "SELECT id, officer_id, day, reason, points FROM officer_points"
	                          " WHERE held_by = ? ORDER BY id");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, r->flag_id);
	struct {
		int64_t id, officer, points;
		int32_t day;
		char day_s[11];
		bool share, reader;
	} *held = NULL;
	int step2;
	while ((step2 = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			void *p = realloc(held, cap * sizeof *held);
			if (!p)
				abort();
			held = p;
		}
		held[n].id = sqlite3_column_int64(st, 0);
		held[n].officer = sqlite3_column_int64(st, 1);
		snprintf(held[n].day_s, sizeof held[n].day_s, "%s",
		         (const char *)sqlite3_column_text(st, 2));
		held[n].day = points_day_num(held[n].day_s);
		const char *reason = (const char *)sqlite3_column_text(st, 3);
		held[n].share = strcmp(reason, "share") == 0;
		held[n].reader = strcmp(reason, "reader") == 0;
		held[n].points = sqlite3_column_int64(st, 4);
		n++;
	}
	store_write_stmt_release(db, st);
	if (step2 != SQLITE_DONE)
		goto out;
	if (clear) {
		d = calloc(n ? n : 1, sizeof *d);
		if (!d)
			abort();
	}
	for (size_t i = 0; i < n; i++) {
		st = store_write_stmt(db, "INSERT INTO officer_points(officer_id, day, reason,"
		                          " ref_kind, ref_id, points, created_at)"
		                          " VALUES (?, ?, ?, 'entry', ?, ?, ?)");
		if (!st)
			goto out;
		sqlite3_bind_int64(st, 1, held[i].officer);
		sqlite3_bind_text(st, 2, held[i].day_s, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, clear ? "release" : "void", -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, held[i].id);
		sqlite3_bind_int64(st, 5, clear ? held[i].points : 0);
		sqlite3_bind_int64(st, 6, r->now_ms);
		int ok = sqlite3_step(st) == SQLITE_DONE;
		store_write_stmt_release(db, st);
		if (!ok)
			goto out;
		if (clear)
			d[i] = (struct rank_delta){
			    held[i].officer, township, held[i].day, held[i].points, held[i].share,
			    held[i].reader,  1};
	}
	r->entries = (int64_t)n;
	rc = clear ? rank_apply(db, d, n) : OK;
out:
	if (rc != OK)
		log_msg(LOG_ERROR, "fraud.review", "%s", sqlite3_errmsg(db));
	free(held);
	free(d);
	return rc;
}

int points_flags_list(struct store *s, struct arena *a, const char *area, const char *status,
                      int64_t after_id, int limit, struct points_flag **out)
{
	sqlite3_stmt *st = store_stmt(
	    s,
	    "SELECT id, officer_id, township_code, day, kind, detail, visit_id, status,"
	    " created_at, coalesce(reviewed_at, 0), coalesce(reviewed_by, 0),"
	    " (SELECT coalesce(sum(points), 0) FROM officer_points WHERE held_by = f.id)"
	    " FROM officer_flags f WHERE status = ?1 AND substr(township_code, 1, length(?2)) = ?2"
	    " AND id > ?3 ORDER BY id LIMIT ?4");
	*out = NULL;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, status, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, area, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, after_id);
	sqlite3_bind_int(st, 4, limit);
	struct points_flag *f = arena_alloc(a, (size_t)(limit > 0 ? limit : 1) * sizeof *f);
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < limit) {
		f[n] = (struct points_flag){
		    .id = sqlite3_column_int64(st, 0),
		    .officer_id = sqlite3_column_int64(st, 1),
		    .township = arena_strdup(a, (const char *)sqlite3_column_text(st, 2)),
		    .day = arena_strdup(a, (const char *)sqlite3_column_text(st, 3)),
		    .kind = arena_strdup(a, (const char *)sqlite3_column_text(st, 4)),
		    .detail = arena_strdup(a, (const char *)sqlite3_column_text(st, 5)),
		    .visit_id = sqlite3_column_int64(st, 6),
		    .status = arena_strdup(a, (const char *)sqlite3_column_text(st, 7)),
		    .created_at = sqlite3_column_int64(st, 8),
		    .reviewed_at = sqlite3_column_int64(st, 9),
		    .reviewed_by = sqlite3_column_int64(st, 10),
		    .held_points = sqlite3_column_int64(st, 11),
		};
		n++;
	}
	sqlite3_reset(st);
	*out = f;
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? n : -1;
}

int points_flag_get(struct store *s, struct arena *a, int64_t id, struct points_flag *out)
{
	sqlite3_stmt *st =
	    store_stmt(s, "SELECT township_code, status FROM officer_flags WHERE id = ?");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, id);
	int rc = ERR;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*out = (struct points_flag){
		    .id = id,
		    .township = arena_strdup(a, (const char *)sqlite3_column_text(st, 0)),
		    .status = arena_strdup(a, (const char *)sqlite3_column_text(st, 1)),
		};
		rc = OK;
	}
	sqlite3_reset(st);
	return rc;
}
