/* officer_points_signin.c: the daily sign-in — a row in officer_signins continuing
 * yesterday's streak, and its 'signin' ledger entry (signin points plus streak_step for each
 * day of the streak after the first, up to streak_cap days), counted in the rankings at once. */
#include "base/common.h"
#include "base/log.h"
#include "officer/officer_points.h"

int points_signin_write(sqlite3 *db, void *ctx)
{
	struct points_signin *si = ctx;
	char day[11], prev[11];
	points_day_str(si->day, day);
	points_day_str(si->day - 1, prev);
	si->already = false;
	int rc = ERR;
	sqlite3_stmt *st =
	    store_write_stmt(db, "SELECT (SELECT streak FROM officer_signins WHERE officer_id = ?1"
	                         " AND day = ?2), EXISTS (SELECT 1 FROM officer_signins"
	                         " WHERE officer_id = ?1 AND day = ?3)");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, si->officer_id);
	sqlite3_bind_text(st, 2, prev, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, day, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		si->streak = sqlite3_column_int(st, 0) + 1;
		si->already = sqlite3_column_int(st, 1) != 0;
		rc = OK;
	}
	store_write_stmt_release(db, st);
	if (rc != OK || si->already)
		return ERR;
	int bonus_days =
	    si->streak - 1 < si->rules->streak_cap ? si->streak - 1 : si->rules->streak_cap;
	si->points = si->rules->signin + si->rules->streak_step * bonus_days;
	st = store_write_stmt(db, "INSERT INTO officer_signins VALUES (?, ?, ?, ?)");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, si->officer_id);
	sqlite3_bind_text(st, 2, day, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, si->streak);
	sqlite3_bind_int64(st, 4, si->now_ms);
	rc = sqlite3_step(st) == SQLITE_DONE ? OK : ERR;
	store_write_stmt_release(db, st);
	if (rc != OK)
		goto out;
	st = store_write_stmt(
	    db, "INSERT INTO officer_points(officer_id, day, reason, ref_kind,"
	        " ref_id, points, created_at) VALUES (?, ?, 'signin', 'day', ?, ?, ?)");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, si->officer_id);
	sqlite3_bind_text(st, 2, day, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, si->day);
	sqlite3_bind_int(st, 4, si->points);
	sqlite3_bind_int64(st, 5, si->now_ms);
	rc = sqlite3_step(st) == SQLITE_DONE ? OK : ERR;
	store_write_stmt_release(db, st);
	if (rc != OK)
		goto out;
	struct rank_delta d = {si->officer_id, si->township, si->day, si->points, 0, 0, 1};
	rc = rank_apply(db, &d, 1);
out:
	if (rc != OK)
		log_msg(LOG_ERROR, "points.signin", "%s", sqlite3_errmsg(db));
	return rc;
}
