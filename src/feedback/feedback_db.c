/* feedback_db.c: the feedback table's SQL; nothing else touches it. */
#include "feedback/feedback.h"
#include "base/common.h"
#include "base/log.h"

int feedback_insert(sqlite3 *db, void *ctx)
{
	struct feedback *f = ctx;
	int rc = ERR;
	sqlite3_stmt *st = store_write_stmt(db, "INSERT INTO feedback(lang, body, contact,"
	                                        " region_code) VALUES (?, ?, ?, ?)");
	if (!st)
		goto out;
	sqlite3_bind_text(st, 1, f->lang, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, f->body, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, f->contact, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, f->region_code, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto out;
	f->id = sqlite3_last_insert_rowid(db);
	rc = OK;
out:
	if (rc != OK)
		log_msg(LOG_ERROR, "feedback.insert", "%s", sqlite3_errmsg(db));
	store_write_stmt_release(db, st);
	return rc;
}
