/* media_db.c: the media table's SQL (migration 0005_media) and the reads of article_media;
 * nothing else touches them (the attachment writes are in media_attach.c). */
#include "media/media.h"
#include "base/common.h"

#include <string.h>

#define MEDIA_COLUMNS "id, scope, sha256, kind, mime, filename, bytes, uploaded_by, uploaded_at"

int media_insert(sqlite3 *db, void *ctx)
{
	struct media_new *m = ctx;
	struct media_row *r = &m->row;
	sqlite3_stmt *st = store_write_stmt(
	    db, "INSERT INTO media(scope, sha256, kind, mime, bytes, filename, uploaded_by,"
	        " uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(sha256) DO NOTHING");
	if (!st)
		return ERR;
	sqlite3_bind_text(st, 1, r->scope, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, r->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, r->mime, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, r->bytes);
	sqlite3_bind_text(st, 6, r->filename ? r->filename : "", -1, SQLITE_STATIC);
	if (r->uploaded_by > 0)
		sqlite3_bind_int64(st, 7, r->uploaded_by);
	else
		sqlite3_bind_null(st, 7);
	sqlite3_bind_int64(st, 8, r->uploaded_at);
	int rc = sqlite3_step(st);
	store_write_stmt_release(db, st);
	if (rc != SQLITE_DONE)
		return ERR;
	m->created = sqlite3_changes(db) > 0;
	st = store_write_stmt(db, "SELECT " MEDIA_COLUMNS " FROM media WHERE sha256 = ?");
	if (!st)
		return ERR;
	sqlite3_bind_text(st, 1, r->sha256, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		r->id = sqlite3_column_int64(st, 0);
		/* an earlier upload of the same bytes: report what is stored */
		if (!m->created) {
			r->bytes = sqlite3_column_int64(st, 6);
			r->uploaded_by = sqlite3_column_int64(st, 7);
			r->uploaded_at = sqlite3_column_int64(st, 8);
		}
	}
	store_write_stmt_release(db, st);
	return rc == SQLITE_ROW ? OK : ERR;
}

static const char *col_text(struct arena *a, sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return arena_strdup(a, t ? (const char *)t : "");
}

static void row_read(struct arena *a, sqlite3_stmt *st, struct media_row *r)
{
	r->id = sqlite3_column_int64(st, 0);
	r->scope = col_text(a, st, 1);
	r->sha256 = col_text(a, st, 2);
	r->kind = col_text(a, st, 3);
	r->mime = col_text(a, st, 4);
	r->filename = col_text(a, st, 5);
	r->bytes = sqlite3_column_int64(st, 6);
	r->uploaded_by = sqlite3_column_int64(st, 7);
	r->uploaded_at = sqlite3_column_int64(st, 8);
}

int media_by_id(struct store *s, struct arena *a, int64_t id, struct media_row *out)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT " MEDIA_COLUMNS " FROM media WHERE id = ?");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		row_read(a, st, out);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? OK : ERR;
}

int media_by_sha(struct store *s, struct arena *a, const char *sha, struct media_row *out)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT " MEDIA_COLUMNS " FROM media WHERE sha256 = ?");
	if (!st)
		return ERR;
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		row_read(a, st, out);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? OK : ERR;
}

int media_article_list(struct store *s, struct arena *a, int64_t article_id, struct media_row **out,
                       size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = store_stmt(s, "SELECT m.id, m.scope, m.sha256, m.kind, m.mime,"
	                                 " m.filename, m.bytes, m.uploaded_by, m.uploaded_at"
	                                 " FROM article_media am JOIN media m ON m.id = am.media_id"
	                                 " WHERE am.article_id = ? ORDER BY am.position, m.id");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, article_id);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = arena_grow_array(a, *out, *n, &cap, sizeof **out);
		row_read(a, st, &(*out)[(*n)++]);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? OK : ERR;
}

/* The WHERE clause for f's scopes (a region scope covers the region codes it prefixes; a
 * site scope only itself), with parameters ?1.. for the scopes. */
static const char *scope_where(struct arena *a, const struct media_filter *f)
{
	struct strbuf w;
	strbuf_init(&w);
	strbuf_puts(&w, "(0");
	for (size_t i = 0; i < f->nscopes; i++)
		strbuf_printf(&w,
		              " OR scope = ?%zu OR (?%zu NOT LIKE 'site:%%' AND scope NOT LIKE"
		              " 'site:%%' AND substr(scope, 1, length(?%zu)) = ?%zu)",
		              i + 1, i + 1, i + 1, i + 1);
	strbuf_putc(&w, ')');
	char *out = arena_strdup(a, w.data);
	strbuf_free(&w);
	return out;
}

static void bind_scopes(sqlite3_stmt *st, const struct media_filter *f)
{
	for (size_t i = 0; i < f->nscopes; i++)
		sqlite3_bind_text(st, (int)i + 1, f->scopes[i], -1, SQLITE_TRANSIENT);
}

int media_list(struct store *s, struct arena *a, const struct media_filter *f,
               struct media_row **out, size_t *n, int64_t *total)
{
	*out = NULL;
	*n = 0;
	*total = 0;
	const char *where = scope_where(a, f);
	int k = (int)f->nscopes;
	sqlite3_stmt *st =
	    store_stmt(s, arena_printf(a, "SELECT count(*) FROM media WHERE %s", where));
	if (!st)
		return ERR;
	bind_scopes(st, f);
	if (sqlite3_step(st) == SQLITE_ROW)
		*total = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	st = store_stmt(s, arena_printf(a,
	                                "SELECT " MEDIA_COLUMNS " FROM media WHERE %s AND id > ?%d"
	                                " ORDER BY id LIMIT ?%d",
	                                where, k + 1, k + 2));
	if (!st)
		return ERR;
	bind_scopes(st, f);
	sqlite3_bind_int64(st, k + 1, f->after_id);
	sqlite3_bind_int(st, k + 2, f->limit);
	*out = arena_alloc(a, sizeof **out * (size_t)f->limit);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < (size_t)f->limit)
		row_read(a, st, &(*out)[(*n)++]);
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? OK : ERR;
}
