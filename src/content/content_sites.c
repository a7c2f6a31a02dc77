/* content_sites.c: sites and columns as admins manage them — the check of a site's fields,
 * the scope that manages a site, and the write closures that create and change sites, set
 * the columns a site shows (and their order) and add global columns. Each closure runs in
 * the writer's transaction; ERR rolls back what it did and says why in `result`. */
#include "base/common.h"
#include "base/utf8.h"
#include "content/content.h"
#include "content/content_internal.h"
#include "region/region.h"
#include "text/text.h"

#include <ctype.h>
#include <string.h>

#define HOST_MAX 253

bool content_slug_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 1 || n > CONTENT_SLUG_MAX ||
	    !(islower((unsigned char)s[0]) || isdigit((unsigned char)s[0])))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '-'))
			return false;
	return true;
}

/* Lowercase labels of a-z 0-9 - separated by dots, at least two labels. */
static bool host_valid(const char *s)
{
	size_t n = strlen(s), label = 0;
	bool dot = false;
	if (n > HOST_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '.') {
			if (label == 0 || s[i - 1] == '-')
				return false;
			label = 0;
			dot = true;
		} else if (islower((unsigned char)c) || isdigit((unsigned char)c) ||
		           (c == '-' && label > 0)) {
			if (++label > 63)
				return false;
		} else {
			return false;
		}
	}
	return dot && label > 0 && s[n - 1] != '-';
}

const char *content_name_clean(struct arena *a, const char *in)
{
	struct strbuf sb;
	strbuf_init(&sb);
	text_normalize(in, strlen(in), &sb);
	const char *s = sb.data ? sb.data : "";
	size_t b = 0, e = sb.len;
	while (b < e && isspace((unsigned char)s[b]))
		b++;
	while (e > b && isspace((unsigned char)s[e - 1]))
		e--;
	const char *out =
	    utf8_length(s + b, e - b) <= CONTENT_NAME_MAX ? arena_strndup(a, s + b, e - b) : NULL;
	strbuf_free(&sb);
	return out;
}

static int refuse(const char **field, const char **key, const char *f, const char *k)
{
	*field = f;
	*key = k;
	return ERR;
}

int content_site_check(struct store *st, struct arena *a, struct site_fields *f, const char **field,
                       const char **key)
{
	static const struct {
		const char *kind;
		size_t code_len; /* 0: optional, any length */
	} kinds[] = {
	    {"region", 2}, {"league", 4}, {"county", 6}, {"society", 0}, {"institution", 0}};
	if (!f->slug || !*f->slug)
		return refuse(field, key, "slug", "error.required");
	if (!content_slug_valid(f->slug))
		return refuse(field, key, "slug", "content.error.slug_invalid");
	if (f->host && !*f->host)
		f->host = NULL;
	if (f->host && !host_valid(f->host))
		return refuse(field, key, "host", "content.error.host_invalid");
	size_t k = ARRAY_LEN(kinds);
	for (size_t i = 0; f->kind && i < ARRAY_LEN(kinds); i++)
		if (strcmp(f->kind, kinds[i].kind) == 0)
			k = i;
	if (k == ARRAY_LEN(kinds))
		return refuse(field, key, "kind", "error.invalid_value");
	if (f->region_code && !*f->region_code)
		f->region_code = NULL;
	if (!f->region_code && kinds[k].code_len)
		return refuse(field, key, "region", "error.required");
	if (f->region_code && ((kinds[k].code_len && strlen(f->region_code) != kinds[k].code_len) ||
	                       !region_exists(st, f->region_code)))
		return refuse(field, key, "region", "error.unknown_region");
	if (!f->parent_id && strcmp(f->kind, "region") != 0)
		return refuse(field, key, "parent", "error.required");
	if (!f->name_zh || !*f->name_zh)
		return refuse(field, key, "name_zh", "error.required");
	if (!(f->name_zh = content_name_clean(a, f->name_zh)) || !*f->name_zh)
		return refuse(field, key, "name_zh",
		              f->name_zh ? "error.required" : "error.too_long");
	if (!(f->name_mn = content_name_clean(a, f->name_mn ? f->name_mn : "")))
		return refuse(field, key, "name_mn", "error.too_long");
	return OK;
}

const char *content_site_admin_scope(struct store *st, struct arena *a, const struct site *s)
{
	if (s->region_code)
		return s->region_code;
	struct site_list up;
	if (content_site_ancestors(st, a, s->id, &up) == OK)
		for (size_t i = 0; i < up.n; i++)
			if (up.items[i].region_code)
				return up.items[i].region_code;
	return arena_strdup(a, content_site_scope(s));
}

/* ---- write closures ---- */

/* Whether a site other than id (0: any) has this value in column col ("slug" or "host"). */
static bool taken(sqlite3 *db, const char *col, const char *value, int64_t id)
{
	bool found = false;
	if (!value)
		return false;
	sqlite3_stmt *st = strcmp(col, "slug") == 0
	                       ? ST(db, "SELECT 1 FROM sites WHERE slug = ? AND id <> ?")
	                       : ST(db, "SELECT 1 FROM sites WHERE host = ? AND id <> ?");
	if (st) {
		sqlite3_bind_text(st, 1, value, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, id);
	}
	content_step_int(db, st, &found);
	return found;
}

/* INVALID (ERR) when the slug or host is another site's or the parent is unknown or, for an
 * existing site id, the site itself or below it. */
static int site_refs_check(sqlite3 *db, int64_t id, const char *slug, const char *host,
                           int64_t parent_id, enum content_result *result, const char **field,
                           const char **key)
{
	bool found = false;
	*result = CONTENT_INVALID;
	if (taken(db, "slug", slug, id))
		return refuse(field, key, "slug", "content.error.slug_taken");
	if (taken(db, "host", host, id))
		return refuse(field, key, "host", "content.error.host_taken");
	if (parent_id) {
		sqlite3_stmt *st = ST(db, "SELECT 1 FROM sites WHERE id = ?");
		if (st)
			sqlite3_bind_int64(st, 1, parent_id);
		content_step_int(db, st, &found);
		if (!found)
			return refuse(field, key, "parent", "content.error.unknown_site");
	}
	if (id && parent_id) {
		/* is parent_id the site itself or one of the sites below it? */
		sqlite3_stmt *st = ST(db, "WITH RECURSIVE t(id) AS (SELECT ?1 UNION ALL"
		                          " SELECT s.id FROM sites s JOIN t ON s.parent_id = t.id)"
		                          " SELECT 1 FROM t WHERE id = ?2");
		if (st) {
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_int64(st, 2, parent_id);
		}
		content_step_int(db, st, &found);
		if (found)
			return refuse(field, key, "parent", "content.error.parent_cycle");
	}
	*result = CONTENT_OK;
	return OK;
}

/* Binds ?1..?7 to slug, host, kind, region_code, parent_id, name_zh, name_mn. */
static void bind_site(sqlite3_stmt *st, const struct site_fields *f)
{
	sqlite3_bind_text(st, 1, f->slug, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, f->host, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, f->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, f->region_code, -1, SQLITE_STATIC);
	content_bind_opt_int(st, 5, f->parent_id);
	sqlite3_bind_text(st, 6, f->name_zh, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, f->name_mn ? f->name_mn : "", -1, SQLITE_STATIC);
}

int content_site_insert(sqlite3 *db, void *ctx)
{
	struct site_new *n = ctx;
	if (site_refs_check(db, 0, n->slug, n->host, n->parent_id, &n->result, &n->field,
	                    &n->error_key) != OK)
		return ERR;
	sqlite3_stmt *st =
	    ST(db, "INSERT INTO sites(slug, host, kind, region_code, parent_id, name_zh, name_mn,"
	           " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return ERR;
	bind_site(st, &(struct site_fields){n->slug, n->host, n->kind, n->region_code, n->name_zh,
	                                    n->name_mn, n->parent_id});
	sqlite3_bind_int64(st, 8, n->now_ms);
	if (content_step_done(db, st) != OK)
		return ERR;
	n->id = sqlite3_last_insert_rowid(db);
	st = ST(db, "INSERT INTO site_columns(site_id, column_id, sort)"
	            " SELECT ?, id, sort FROM columns");
	if (st)
		sqlite3_bind_int64(st, 1, n->id);
	return content_step_done(db, st);
}

/* STALE or NOT_FOUND (ERR) unless site id is at version; OK when it is. */
static int version_check(sqlite3 *db, int64_t id, int64_t version, enum content_result *result)
{
	bool found;
	sqlite3_stmt *st = ST(db, "SELECT version FROM sites WHERE id = ?");
	if (st)
		sqlite3_bind_int64(st, 1, id);
	int64_t v = content_step_int(db, st, &found);
	*result = !found ? CONTENT_NOT_FOUND : v != version ? CONTENT_STALE : CONTENT_OK;
	return *result == CONTENT_OK ? OK : ERR;
}

int content_site_update(sqlite3 *db, void *ctx)
{
	struct site_edit *e = ctx;
	const struct site_fields *f = &e->f;
	if (version_check(db, e->id, e->version, &e->result) != OK ||
	    site_refs_check(db, e->id, f->slug, f->host, f->parent_id, &e->result, &e->field,
	                    &e->error_key) != OK)
		return ERR;
	sqlite3_stmt *st = ST(db, "UPDATE sites SET slug = ?, host = ?, kind = ?, region_code = ?,"
	                          " parent_id = ?, name_zh = ?, name_mn = ?, version = version + 1"
	                          " WHERE id = ?");
	if (!st)
		return ERR;
	bind_site(st, f);
	sqlite3_bind_int64(st, 8, e->id);
	if (content_step_done(db, st) != OK)
		return ERR;
	e->new_version = e->version + 1;
	return OK;
}

int content_site_columns_set(sqlite3 *db, void *ctx)
{
	struct site_columns_set *c = ctx;
	if (version_check(db, c->site_id, c->version, &c->result) != OK)
		return ERR;
	sqlite3_stmt *st = ST(db, "DELETE FROM site_columns WHERE site_id = ?");
	if (st)
		sqlite3_bind_int64(st, 1, c->site_id);
	if (content_step_done(db, st) != OK)
		return ERR;
	for (size_t i = 0; i < c->n; i++) {
		st = ST(db, "INSERT INTO site_columns(site_id, column_id, sort) VALUES (?, ?, ?)");
		if (st) {
			sqlite3_bind_int64(st, 1, c->site_id);
			sqlite3_bind_int64(st, 2, c->column_ids[i]);
			sqlite3_bind_int(st, 3, c->sorts[i]);
		}
		if (content_step_done(db, st) != OK) {
			c->result = CONTENT_INVALID; /* an unknown or repeated column */
			return ERR;
		}
	}
	st = ST(db, "UPDATE sites SET version = version + 1 WHERE id = ?");
	if (st)
		sqlite3_bind_int64(st, 1, c->site_id);
	if (content_step_done(db, st) != OK)
		return ERR;
	c->new_version = c->version + 1;
	return OK;
}

int content_column_insert(sqlite3 *db, void *ctx)
{
	struct column_new *n = ctx;
	bool found;
	sqlite3_stmt *st = ST(db, "SELECT 1 FROM columns WHERE slug = ?");
	if (st)
		sqlite3_bind_text(st, 1, n->slug, -1, SQLITE_STATIC);
	content_step_int(db, st, &found);
	if (found) {
		n->result = CONTENT_INVALID;
		return refuse(&n->field, &n->error_key, "column_slug", "content.error.slug_taken");
	}
	st = ST(db, "INSERT INTO columns(slug, name_zh, name_mn, sort)"
	            " SELECT ?, ?, ?, coalesce(max(sort), 0) + 10 FROM columns");
	if (!st)
		return ERR;
	sqlite3_bind_text(st, 1, n->slug, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, n->name_zh, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, n->name_mn, -1, SQLITE_STATIC);
	if (content_step_done(db, st) != OK)
		return ERR;
	n->id = sqlite3_last_insert_rowid(db);
	if (!n->site_id)
		return OK;
	st = ST(db, "INSERT INTO site_columns(site_id, column_id, sort) SELECT ?1, ?2,"
	            " coalesce((SELECT max(sort) FROM site_columns WHERE site_id = ?1), 0) + 10");
	if (st) {
		sqlite3_bind_int64(st, 1, n->site_id);
		sqlite3_bind_int64(st, 2, n->id);
	}
	return content_step_done(db, st);
}
