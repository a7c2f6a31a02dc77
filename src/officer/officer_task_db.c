/* officer_task_db.c: sharing tasks' SQL — a county's designated articles (or quizzes) for a
 * day with their points (officer_tasks, migration 0012). The points job reads them itself
 * (officer_points.c) when it rates a visit. */
#include "base/common.h"
#include "base/log.h"
#include "officer/officer_points.h"

#include <string.h>

int points_task_insert(sqlite3 *db, void *ctx)
{
	struct points_task_new *t = ctx;
	t->duplicate = false;
	sqlite3_stmt *st = store_write_stmt(
	    db, "INSERT OR IGNORE INTO officer_tasks(county_code, day, target_kind, target_id,"
	        " points, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return ERR;
	sqlite3_bind_text(st, 1, t->county, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, t->day, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, t->target_kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, t->target_id);
	sqlite3_bind_int64(st, 5, t->points);
	if (t->by_user)
		sqlite3_bind_int64(st, 6, t->by_user);
	else
		sqlite3_bind_null(st, 6);
	sqlite3_bind_int64(st, 7, t->now_ms);
	int rc = sqlite3_step(st) == SQLITE_DONE ? OK : ERR;
	if (rc == OK && sqlite3_changes(db) == 0) {
		t->duplicate = true;
		rc = ERR;
	} else if (rc == OK) {
		t->id = sqlite3_last_insert_rowid(db);
	} else {
		log_msg(LOG_ERROR, "task.insert", "%s", sqlite3_errmsg(db));
	}
	store_write_stmt_release(db, st);
	return rc;
}

int points_tasks_list(struct store *s, struct arena *a, const char *county, const char *day,
                      struct points_task **out)
{
	sqlite3_stmt *st = store_stmt(
	    s,
	    "SELECT id, county_code, day, target_kind, target_id, points FROM officer_tasks"
	    " WHERE county_code = ? AND (?2 IS NULL OR day = ?2) ORDER BY day DESC, id LIMIT 500");
	*out = NULL;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, county, -1, SQLITE_TRANSIENT);
	if (day)
		sqlite3_bind_text(st, 2, day, -1, SQLITE_TRANSIENT);
	struct points_task *t = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		t = arena_grow_array(a, t, n, &cap, sizeof *t);
		t[n++] = (struct points_task){
		    .id = sqlite3_column_int64(st, 0),
		    .county = arena_strdup(a, (const char *)sqlite3_column_text(st, 1)),
		    .day = arena_strdup(a, (const char *)sqlite3_column_text(st, 2)),
		    .target_kind = arena_strdup(a, (const char *)sqlite3_column_text(st, 3)),
		    .target_id = sqlite3_column_int64(st, 4),
		    .points = sqlite3_column_int64(st, 5),
		};
	}
	sqlite3_reset(st);
	*out = t;
	return rc == SQLITE_DONE ? (int)n : -1;
}

bool points_task_done(struct store *s, int64_t officer_id, int64_t task_id)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT 1 FROM officer_points WHERE officer_id = ?"
	                                 " AND reason = 'task' AND ref_id = ?");
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, officer_id);
	sqlite3_bind_int64(st, 2, task_id);
	bool done = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return done;
}
