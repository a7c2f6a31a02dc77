/* content_db.c: the content tables' reads — sites (by id, slug, host; lists, subtrees,
 * ancestors), columns, articles with both languages and tags, public and staff article
 * lists with cursor paging, placements and revisions. Writes are in content_write.c. */
#include "auth/auth.h"
#include "base/common.h"
#include "base/log.h"
#include "content/content.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The column's text in the arena, or NULL when it is NULL. */
static const char *col_str(sqlite3_stmt *st, int i, struct arena *a)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(st, i)) : NULL;
}

/* ---- sites ---- */

#define SITE_COLS                                                                                  \
	"s.id, s.slug, s.host, s.kind, s.region_code, s.parent_id, s.name_zh, s.name_mn, "         \
	"s.version"

static void site_fill(sqlite3_stmt *st, int c, struct arena *a, struct site *s)
{
	memset(s, 0, sizeof *s);
	s->id = sqlite3_column_int64(st, c);
	s->slug = col_str(st, c + 1, a);
	s->host = col_str(st, c + 2, a);
	s->kind = col_str(st, c + 3, a);
	s->region_code = col_str(st, c + 4, a);
	s->parent_id = sqlite3_column_int64(st, c + 5);
	s->name_zh = col_str(st, c + 6, a);
	s->name_mn = col_str(st, c + 7, a);
	s->version = sqlite3_column_int64(st, c + 8);
	snprintf(s->scope_buf, sizeof s->scope_buf, "site:%" PRId64, s->id);
}

const char *content_site_scope(const struct site *s)
{
	return s->region_code && *s->region_code ? s->region_code : s->scope_buf;
}

const char *content_site_name(const struct site *s, const char *lang)
{
	return lang && strcmp(lang, "mn") == 0 && s->name_mn && *s->name_mn ? s->name_mn
	                                                                    : s->name_zh;
}

static int site_one(struct store *st, struct arena *a, const char *sql, const char *text,
                    int64_t id, struct site *out)
{
	sqlite3_stmt *q = store_stmt(st, sql);
	if (!q)
		return ERR;
	if (text)
		sqlite3_bind_text(q, 1, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(q, 1, id);
	int rc = ERR;
	if (sqlite3_step(q) == SQLITE_ROW) {
		site_fill(q, 0, a, out);
		rc = OK;
	}
	sqlite3_reset(q);
	return rc;
}

int content_site_by_id(struct store *st, struct arena *a, int64_t id, struct site *out)
{
	return site_one(st, a, "SELECT " SITE_COLS " FROM sites s WHERE s.id = ?", NULL, id, out);
}

int content_site_by_slug(struct store *st, struct arena *a, const char *slug, struct site *out)
{
	return site_one(st, a, "SELECT " SITE_COLS " FROM sites s WHERE s.slug = ?", slug, 0, out);
}

int content_site_by_host(struct store *st, struct arena *a, const char *host, struct site *out)
{
	return site_one(st, a, "SELECT " SITE_COLS " FROM sites s WHERE s.host = ?", host, 0, out);
}

/* Collects every row of q (site columns first) into out. */
static int sites_collect(sqlite3_stmt *q, struct arena *a, struct site_list *out)
{
	size_t cap = 0;
	out->items = NULL;
	out->n = 0;
	int r;
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		out->items = arena_grow_array(a, out->items, out->n, &cap, sizeof *out->items);
		site_fill(q, 0, a, &out->items[out->n++]);
	}
	sqlite3_reset(q);
	return r == SQLITE_DONE ? OK : ERR;
}

int content_sites_list(struct store *st, struct arena *a, const char *kind, int64_t parent_id,
                       struct site_list *out)
{
	sqlite3_stmt *q = store_stmt(st, "SELECT " SITE_COLS " FROM sites s"
	                                 " WHERE (?1 IS NULL OR s.kind = ?1)"
	                                 " AND (?2 = 0 OR s.parent_id = ?2"
	                                 "      OR (?2 = -1 AND s.parent_id IS NULL))"
	                                 " ORDER BY s.id");
	if (!q)
		return ERR;
	sqlite3_bind_text(q, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, parent_id);
	return sites_collect(q, a, out);
}

int content_site_subtree(struct store *st, struct arena *a, int64_t site_id, struct site_list *out)
{
	sqlite3_stmt *q = store_stmt(st, "WITH RECURSIVE t(id, depth) AS (SELECT ?1, 0"
	                                 " UNION ALL SELECT c.id, t.depth + 1 FROM sites c"
	                                 " JOIN t ON c.parent_id = t.id)"
	                                 " SELECT " SITE_COLS " FROM t JOIN sites s ON s.id = t.id"
	                                 " ORDER BY t.depth, s.id");
	if (!q)
		return ERR;
	sqlite3_bind_int64(q, 1, site_id);
	return sites_collect(q, a, out);
}

int content_site_ancestors(struct store *st, struct arena *a, int64_t site_id,
                           struct site_list *out)
{
	sqlite3_stmt *q = store_stmt(st, "WITH RECURSIVE t(id, depth) AS ("
	                                 " SELECT parent_id, 1 FROM sites WHERE id = ?1"
	                                 " UNION ALL SELECT c.parent_id, t.depth + 1 FROM sites c"
	                                 " JOIN t ON c.id = t.id WHERE c.parent_id IS NOT NULL)"
	                                 " SELECT " SITE_COLS " FROM t JOIN sites s ON s.id = t.id"
	                                 " ORDER BY t.depth");
	if (!q)
		return ERR;
	sqlite3_bind_int64(q, 1, site_id);
	return sites_collect(q, a, out);
}

/* ---- columns ---- */

static void column_fill(sqlite3_stmt *q, struct arena *a, struct content_column *c)
{
	c->id = sqlite3_column_int64(q, 0);
	c->slug = col_str(q, 1, a);
	c->name_zh = col_str(q, 2, a);
	c->name_mn = col_str(q, 3, a);
	c->sort = sqlite3_column_int(q, 4);
	c->tv = sqlite3_column_int(q, 5) != 0;
}

int content_columns(struct store *st, struct arena *a, int64_t site_id, struct content_column **out,
                    size_t *n)
{
	sqlite3_stmt *q =
	    site_id ? store_stmt(st, "SELECT c.id, c.slug, c.name_zh, c.name_mn, sc.sort, c.tv"
	                             " FROM site_columns sc JOIN columns c ON c.id = sc.column_id"
	                             " WHERE sc.site_id = ? ORDER BY sc.sort, c.id")
	            : store_stmt(st, "SELECT id, slug, name_zh, name_mn, sort, tv FROM columns"
	                             " ORDER BY sort, id");
	if (!q)
		return ERR;
	if (site_id)
		sqlite3_bind_int64(q, 1, site_id);
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int r;
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		*out = arena_grow_array(a, *out, *n, &cap, sizeof **out);
		column_fill(q, a, &(*out)[(*n)++]);
	}
	sqlite3_reset(q);
	return r == SQLITE_DONE ? OK : ERR;
}

int content_column_by_slug(struct store *st, struct arena *a, const char *slug,
                           struct content_column *out)
{
	sqlite3_stmt *q = store_stmt(
	    st, "SELECT id, slug, name_zh, name_mn, sort, tv FROM columns WHERE slug = ?");
	if (!q)
		return ERR;
	sqlite3_bind_text(q, 1, slug, -1, SQLITE_STATIC);
	int rc = ERR;
	if (sqlite3_step(q) == SQLITE_ROW) {
		column_fill(q, a, out);
		rc = OK;
	}
	sqlite3_reset(q);
	return rc;
}

const char *content_column_name(const struct content_column *c, const char *lang)
{
	return lang && strcmp(lang, "mn") == 0 && c->name_mn && *c->name_mn ? c->name_mn
	                                                                    : c->name_zh;
}

/* ---- articles ---- */

#define ARTICLE_COLS                                                                               \
	"a.id, a.site_id, s.slug, a.column_id, c.slug, a.status, a.publish_at, "                   \
	"a.unpublish_at, a.published_at, a.cover_id, a.created_by, a.created_at, "                 \
	"a.updated_at, a.version"
#define ARTICLE_JOINS " JOIN sites s ON s.id = a.site_id JOIN columns c ON c.id = a.column_id"

static void article_fill(sqlite3_stmt *q, struct arena *a, struct article *ar)
{
	memset(ar, 0, sizeof *ar);
	ar->id = sqlite3_column_int64(q, 0);
	ar->site_id = sqlite3_column_int64(q, 1);
	ar->site_slug = col_str(q, 2, a);
	ar->column_id = sqlite3_column_int64(q, 3);
	ar->column_slug = col_str(q, 4, a);
	ar->status = col_str(q, 5, a);
	ar->publish_at = sqlite3_column_int64(q, 6);
	ar->unpublish_at = sqlite3_column_int64(q, 7);
	ar->published_at = sqlite3_column_int64(q, 8);
	ar->cover_id = sqlite3_column_int64(q, 9);
	ar->created_by = sqlite3_column_int64(q, 10);
	ar->created_at = sqlite3_column_int64(q, 11);
	ar->updated_at = sqlite3_column_int64(q, 12);
	ar->version = sqlite3_column_int64(q, 13);
}

/* Reads the language versions (bodies when with_body) and tags of ar. */
static int article_details(struct store *st, struct arena *a, struct article *ar, bool with_body)
{
	sqlite3_stmt *q = store_stmt(st, "SELECT lang, title, summary, body, author, source"
	                                 " FROM article_texts WHERE article_id = ?");
	if (!q)
		return ERR;
	sqlite3_bind_int64(q, 1, ar->id);
	int r;
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		struct article_text *t = arena_alloc(a, sizeof *t);
		t->title = col_str(q, 1, a);
		t->summary = col_str(q, 2, a);
		t->body = with_body ? col_str(q, 3, a) : NULL;
		t->author = col_str(q, 4, a);
		t->source = col_str(q, 5, a);
		const char *lang = (const char *)sqlite3_column_text(q, 0);
		if (lang && strcmp(lang, "mn") == 0)
			ar->mn = t;
		else
			ar->zh = t;
	}
	sqlite3_reset(q);
	if (r != SQLITE_DONE)
		return ERR;
	q = store_stmt(st, "SELECT tag FROM article_tags WHERE article_id = ? ORDER BY tag");
	if (!q)
		return ERR;
	sqlite3_bind_int64(q, 1, ar->id);
	size_t cap = 0;
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		ar->tags = arena_grow_array(a, ar->tags, ar->ntags, &cap, sizeof *ar->tags);
		ar->tags[ar->ntags++] = col_str(q, 0, a);
	}
	sqlite3_reset(q);
	return r == SQLITE_DONE ? OK : ERR;
}

int content_article_get(struct store *st, struct arena *a, int64_t id, struct article *out)
{
	sqlite3_stmt *q = store_stmt(st, "SELECT " ARTICLE_COLS " FROM articles a" ARTICLE_JOINS
	                                 " WHERE a.id = ?");
	if (!q)
		return ERR;
	sqlite3_bind_int64(q, 1, id);
	int rc = ERR;
	if (sqlite3_step(q) == SQLITE_ROW) {
		article_fill(q, a, out);
		rc = OK;
	}
	sqlite3_reset(q);
	return rc == OK ? article_details(st, a, out, true) : ERR;
}

int content_next_due(struct store *st, int64_t *next_ms)
{
	*next_ms = 0;
	sqlite3_stmt *q =
	    store_stmt(st, "SELECT min(t) FROM (SELECT min(publish_at) AS t FROM articles"
	                   " WHERE status = 'review' AND publish_at IS NOT NULL UNION ALL"
	                   " SELECT min(unpublish_at) FROM articles WHERE status = 'published'"
	                   " AND unpublish_at IS NOT NULL)");
	if (!q)
		return ERR;
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*next_ms = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? OK : ERR;
}

bool content_article_public(const struct article *a, int64_t now_ms)
{
	return strcmp(a->status, "published") == 0 &&
	       (!a->unpublish_at || a->unpublish_at > now_ms);
}

bool content_article_visible(struct store *st, int64_t site_id, int64_t article_id, int64_t now_ms)
{
	sqlite3_stmt *q = store_stmt(st, "SELECT 1 FROM placements p JOIN articles a"
	                                 " ON a.id = p.article_id WHERE p.site_id = ?1"
	                                 " AND p.article_id = ?2 AND p.hidden = 0"
	                                 " AND a.status = 'published'"
	                                 " AND (a.unpublish_at IS NULL OR a.unpublish_at > ?3)");
	if (!q)
		return false;
	sqlite3_bind_int64(q, 1, site_id);
	sqlite3_bind_int64(q, 2, article_id);
	sqlite3_bind_int64(q, 3, now_ms);
	bool ok = sqlite3_step(q) == SQLITE_ROW;
	sqlite3_reset(q);
	return ok;
}

/* Parameters shared by the list queries: ?1 site, ?2 column, ?3 lang, ?4 tag, ?5 status,
 * ?6 now, ?7 allowed home sites (JSON array) or NULL for all, ?8/?9 cursor, ?10 limit. */
#define FILTER_COMMON                                                                              \
	" AND (?2 = 0 OR a.column_id = ?2)"                                                        \
	" AND (?3 IS NULL OR EXISTS (SELECT 1 FROM article_texts t"                                \
	"      WHERE t.article_id = a.id AND t.lang = ?3))"                                        \
	" AND (?4 IS NULL OR EXISTS (SELECT 1 FROM article_tags g"                                 \
	"      WHERE g.article_id = a.id AND g.tag = ?4))"
#define PUBLIC_FROM                                                                                \
	" FROM placements p JOIN articles a ON a.id = p.article_id" ARTICLE_JOINS                  \
	" WHERE p.site_id = ?1 AND p.hidden = 0 AND a.status = 'published'"                        \
	" AND (a.unpublish_at IS NULL OR a.unpublish_at > ?6)" FILTER_COMMON                       \
	" AND ?5 IS NULL AND ?7 IS NULL"
#define STAFF_FROM                                                                                 \
	" FROM articles a" ARTICLE_JOINS " WHERE (?1 = 0 OR a.site_id = ?1)"                       \
	" AND (?5 IS NULL OR a.status = ?5)"                                                       \
	" AND (?7 IS NULL OR a.site_id IN (SELECT value FROM json_each(?7)))" FILTER_COMMON        \
	" AND ?6 IS NOT NULL"

static const char *const list_sql[2][2] = {
    {"SELECT " ARTICLE_COLS PUBLIC_FROM " AND (?8 IS NULL OR (a.published_at, a.id) < (?8, ?9))"
     " ORDER BY a.published_at DESC, a.id DESC LIMIT ?10",
     "SELECT count(*)" PUBLIC_FROM " AND ?8 IS NULL AND ?9 IS NULL AND ?10 IS NOT NULL"},
    {"SELECT " ARTICLE_COLS STAFF_FROM " AND (?8 IS NULL OR (a.updated_at, a.id) < (?8, ?9))"
     " ORDER BY a.updated_at DESC, a.id DESC LIMIT ?10",
     "SELECT count(*)" STAFF_FROM " AND ?8 IS NULL AND ?9 IS NULL AND ?10 IS NOT NULL"},
};

/* Parses a cursor "<time>.<id>"; ERR when malformed. */
static int cursor_parse(const char *c, int64_t *ts, int64_t *id)
{
	char *end;
	long long t = strtoll(c, &end, 10);
	if (end == c || *end != '.' || t < 0)
		return ERR;
	const char *p = end + 1;
	long long i = strtoll(p, &end, 10);
	if (end == p || *end || i <= 0)
		return ERR;
	*ts = t;
	*id = i;
	return OK;
}

/* The ids of the sites whose scope one of f's scopes covers, as a JSON array. */
static const char *allowed_sites(struct store *st, struct arena *a, const struct article_filter *f)
{
	struct site_list all;
	if (content_sites_list(st, a, NULL, 0, &all) != OK)
		return NULL;
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_putc(&sb, '[');
	bool first = true;
	for (size_t i = 0; i < all.n; i++) {
		const char *scope = content_site_scope(&all.items[i]);
		for (size_t j = 0; j < f->nscopes; j++) {
			if (auth_scope_covers(f->scopes[j], scope)) {
				strbuf_printf(&sb, "%s%" PRId64, first ? "" : ",", all.items[i].id);
				first = false;
				break;
			}
		}
	}
	strbuf_putc(&sb, ']');
	const char *r = arena_strndup(a, sb.data, sb.len);
	strbuf_free(&sb);
	return r;
}

static void list_bind(sqlite3_stmt *q, const struct article_filter *f, const char *allowed,
                      bool cursor, int64_t cts, int64_t cid, int limit)
{
	sqlite3_bind_int64(q, 1, f->site_id);
	sqlite3_bind_int64(q, 2, f->column_id);
	sqlite3_bind_text(q, 3, f->lang, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, f->tag, -1, SQLITE_STATIC);
	if (f->staff)
		sqlite3_bind_text(q, 5, f->status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 6, f->now_ms);
	if (f->staff && allowed)
		sqlite3_bind_text(q, 7, allowed, -1, SQLITE_STATIC);
	if (cursor) {
		sqlite3_bind_int64(q, 8, cts);
		sqlite3_bind_int64(q, 9, cid);
	}
	sqlite3_bind_int(q, 10, limit);
}

int content_articles_list(struct store *st, struct arena *a, const struct article_filter *f,
                          struct article_page *out, bool *bad_cursor)
{
	memset(out, 0, sizeof *out);
	if (bad_cursor)
		*bad_cursor = false;
	int64_t cts = 0, cid = 0;
	bool cursor = f->cursor && *f->cursor;
	if (cursor && cursor_parse(f->cursor, &cts, &cid) != OK) {
		if (bad_cursor)
			*bad_cursor = true;
		return ERR;
	}
	int limit = f->limit < 1 ? 20 : f->limit > CONTENT_PAGE_MAX ? CONTENT_PAGE_MAX : f->limit;
	const char *allowed = NULL;
	if (f->staff && !f->all_scopes && !(allowed = allowed_sites(st, a, f)))
		return ERR;
	int k = f->staff ? 1 : 0;

	sqlite3_stmt *q = store_stmt(st, list_sql[k][1]);
	if (!q)
		return ERR;
	list_bind(q, f, allowed, false, 0, 0, 1);
	if (sqlite3_step(q) != SQLITE_ROW) {
		sqlite3_reset(q);
		return ERR;
	}
	out->total = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);

	q = store_stmt(st, list_sql[k][0]);
	if (!q)
		return ERR;
	list_bind(q, f, allowed, cursor, cts, cid, limit + 1);
	size_t cap = 0;
	int r;
	bool more = false;
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		if (out->n == (size_t)limit) {
			more = true;
			break;
		}
		out->items = arena_grow_array(a, out->items, out->n, &cap, sizeof *out->items);
		article_fill(q, a, &out->items[out->n++]);
	}
	sqlite3_reset(q);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return ERR;
	for (size_t i = 0; i < out->n; i++)
		if (article_details(st, a, &out->items[i], f->with_body) != OK)
			return ERR;
	if (more && out->n) {
		const struct article *last = &out->items[out->n - 1];
		out->next =
		    arena_printf(a, "%" PRId64 ".%" PRId64,
		                 f->staff ? last->updated_at : last->published_at, last->id);
	}
	return OK;
}

/* ---- placements, revisions ---- */

int content_placements(struct store *st, struct arena *a, int64_t article_id,
                       struct placement **out, size_t *n)
{
	sqlite3_stmt *q = store_stmt(st, "SELECT p.site_id, s.slug, p.origin, p.hidden,"
	                                 " p.placed_by, p.placed_at FROM placements p"
	                                 " JOIN sites s ON s.id = p.site_id"
	                                 " WHERE p.article_id = ? ORDER BY p.site_id");
	if (!q)
		return ERR;
	sqlite3_bind_int64(q, 1, article_id);
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int r;
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		*out = arena_grow_array(a, *out, *n, &cap, sizeof **out);
		struct placement *p = &(*out)[(*n)++];
		p->article_id = article_id;
		p->site_id = sqlite3_column_int64(q, 0);
		p->site_slug = col_str(q, 1, a);
		p->origin = col_str(q, 2, a);
		p->hidden = sqlite3_column_int(q, 3) != 0;
		p->placed_by = sqlite3_column_int64(q, 4);
		p->placed_at = sqlite3_column_int64(q, 5);
	}
	sqlite3_reset(q);
	return r == SQLITE_DONE ? OK : ERR;
}

static void revision_fill(sqlite3_stmt *q, struct arena *a, struct revision *r)
{
	r->id = sqlite3_column_int64(q, 0);
	r->article_id = sqlite3_column_int64(q, 1);
	r->version = sqlite3_column_int64(q, 2);
	r->user_id = sqlite3_column_int64(q, 3);
	r->at = sqlite3_column_int64(q, 4);
	r->snapshot = col_str(q, 5, a);
}

int content_revisions_list(struct store *st, struct arena *a, int64_t article_id,
                           struct revision **out, size_t *n)
{
	sqlite3_stmt *q = store_stmt(st, "SELECT id, article_id, version, user_id, at, snapshot"
	                                 " FROM revisions WHERE article_id = ?"
	                                 " ORDER BY version DESC");
	if (!q)
		return ERR;
	sqlite3_bind_int64(q, 1, article_id);
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int r;
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		*out = arena_grow_array(a, *out, *n, &cap, sizeof **out);
		revision_fill(q, a, &(*out)[(*n)++]);
	}
	sqlite3_reset(q);
	return r == SQLITE_DONE ? OK : ERR;
}

int content_revision_get(struct store *st, struct arena *a, int64_t article_id, int64_t version,
                         struct revision *out)
{
	sqlite3_stmt *q = store_stmt(st, "SELECT id, article_id, version, user_id, at, snapshot"
	                                 " FROM revisions WHERE article_id = ? AND version = ?");
	if (!q)
		return ERR;
	sqlite3_bind_int64(q, 1, article_id);
	sqlite3_bind_int64(q, 2, version);
	int rc = ERR;
	if (sqlite3_step(q) == SQLITE_ROW) {
		revision_fill(q, a, out);
		rc = OK;
	}
	sqlite3_reset(q);
	return rc;
}
