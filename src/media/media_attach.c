/* media_attach.c: the write closures of the article_media table (migration 0005_media) —
 * attach media to an article (a new upload or a media row from the library) after its last
 * attachment, and detach it. The list is read in media_db.c. */
#include "base/common.h"
#include "base/log.h"
#include "media/media.h"

#include <string.h>

/* Runs st (bound) to its end and releases it; the sqlite3_step result. */
static int run(sqlite3 *db, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	store_write_stmt_release(db, st);
	return rc;
}

int media_attach(sqlite3 *db, void *ctx)
{
	struct media_attach *at = ctx;
	at->result = MEDIA_ATTACH_UNKNOWN;
	if (at->upload && media_insert(db, &at->m) != OK)
		return ERR;
	sqlite3_stmt *st = store_write_stmt(
	    db, "SELECT (SELECT count(*) FROM media WHERE id = ?2),"
	        " (SELECT count(*) FROM articles WHERE id = ?1),"
	        " (SELECT count(*) FROM article_media WHERE article_id = ?1 AND media_id = ?2)");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, at->article_id);
	sqlite3_bind_int64(st, 2, at->m.row.id);
	int media = 0, article = 0, attached = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		media = sqlite3_column_int(st, 0);
		article = sqlite3_column_int(st, 1);
		attached = sqlite3_column_int(st, 2);
	}
	store_write_stmt_release(db, st);
	if (!media || !article)
		return ERR;
	if (attached) {
		at->result = MEDIA_ATTACH_DUPLICATE;
		return ERR;
	}
	st = store_write_stmt(db, "INSERT INTO article_media(article_id, media_id, position)"
	                          " SELECT ?1, ?2, coalesce(max(position), 0) + 1"
	                          " FROM article_media WHERE article_id = ?1");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, at->article_id);
	sqlite3_bind_int64(st, 2, at->m.row.id);
	if (run(db, st) != SQLITE_DONE) {
		log_msg(LOG_ERROR, "media.attach", "%s", sqlite3_errmsg(db));
		return ERR;
	}
	at->result = MEDIA_ATTACH_OK;
	return OK;
}

int media_detach(sqlite3 *db, void *ctx)
{
	struct media_detach *d = ctx;
	sqlite3_stmt *st =
	    store_write_stmt(db, "DELETE FROM article_media WHERE article_id = ? AND media_id = ?");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, d->article_id);
	sqlite3_bind_int64(st, 2, d->media_id);
	if (run(db, st) != SQLITE_DONE)
		return ERR;
	d->result = sqlite3_changes(db) ? MEDIA_ATTACH_OK : MEDIA_ATTACH_UNKNOWN;
	return d->result == MEDIA_ATTACH_OK ? OK : ERR;
}
