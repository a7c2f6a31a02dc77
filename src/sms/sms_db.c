/* sms_db.c: the SQL of the sms_outbox table (queue, pending list, sent/failed marks). Nothing
 * else touches the table. */
#include "sms/sms_internal.h"
#include "base/common.h"
#include "base/log.h"

#include <string.h>

int sms_enqueue(sqlite3 *db, const void *phone_enc, size_t phone_len, const void *body_enc,
                size_t body_len, int64_t now_ms, int64_t *id)
{
	sqlite3_stmt *st = store_write_stmt(
	    db, "INSERT INTO sms_outbox(phone_enc, body_enc, created_at) VALUES (?,?,?)");
	if (!st)
		return ERR;
	sqlite3_bind_blob(st, 1, phone_enc, (int)phone_len, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, body_enc, (int)body_len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now_ms);
	int rc = sqlite3_step(st) == SQLITE_DONE ? OK : ERR;
	if (rc != OK)
		log_msg(LOG_ERROR, "sms.sql", "%s", sqlite3_errmsg(db));
	else if (id)
		*id = sqlite3_last_insert_rowid(db);
	store_write_stmt_release(db, st);
	if (rc != OK)
		return ERR;
	/* sent messages are kept SMS_KEEP_MS: each new one removes up to SMS_PURGE of the
	 * oldest sent before that, by primary key (no scan) */
	st = store_write_stmt(db, "DELETE FROM sms_outbox WHERE id IN (SELECT id FROM sms_outbox"
	                          " ORDER BY id LIMIT ?2) AND sent_at < ?1");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, now_ms - SMS_KEEP_MS);
	sqlite3_bind_int(st, 2, SMS_PURGE);
	rc = sqlite3_step(st) == SQLITE_DONE ? OK : ERR;
	store_write_stmt_release(db, st);
	return rc;
}

size_t sms_pending(struct store *s, struct arena *a, sms_open_fn open, struct sms_message *out,
                   size_t cap)
{
	sqlite3_stmt *st =
	    store_stmt(s, "SELECT id, phone_enc, body_enc, created_at FROM sms_outbox"
	                  " WHERE sent_at IS NULL AND attempts < ? ORDER BY id LIMIT ?");
	if (!st)
		return 0;
	sqlite3_bind_int(st, 1, SMS_MAX_ATTEMPTS);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)cap);
	size_t n = 0;
	while (n < cap && sqlite3_step(st) == SQLITE_ROW) {
		struct sms_message *m = &out[n];
		m->id = sqlite3_column_int64(st, 0);
		m->phone = open(a, sqlite3_column_blob(st, 1), (size_t)sqlite3_column_bytes(st, 1));
		m->body = open(a, sqlite3_column_blob(st, 2), (size_t)sqlite3_column_bytes(st, 2));
		m->created_ms = sqlite3_column_int64(st, 3);
		n++;
	}
	sqlite3_reset(st);
	return n;
}

int sms_mark(sqlite3 *db, void *ctx)
{
	struct sms_mark *mk = ctx;
	sqlite3_stmt *st = store_write_stmt(
	    db, mk->sent ? "UPDATE sms_outbox SET sent_at = ?, attempts = attempts + 1 WHERE id = ?"
	                 : "UPDATE sms_outbox SET last_error = ?, attempts = attempts + 1"
	                   " WHERE id = ?");
	if (!st)
		return ERR;
	if (mk->sent)
		sqlite3_bind_int64(st, 1, mk->now_ms);
	else
		sqlite3_bind_text(st, 1, mk->error, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, mk->id);
	int rc = sqlite3_step(st) == SQLITE_DONE ? OK : ERR;
	store_write_stmt_release(db, st);
	return rc;
}
