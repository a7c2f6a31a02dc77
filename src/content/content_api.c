/* content_api.c: /api/v1/sites and /api/v1/articles — public reads of published articles
 * placed on a site, staff lists and drafts within the reader's scopes, and the writes
 * (create, update with a version check, workflow transitions, push to a subtree, pull,
 * local take-down, revisions and restore). Input is parsed and checked here, in one place;
 * permissions are checked against the scope of the site concerned (content_site_scope). */
#include "auth/auth.h"
#include "base/clock.h"
#include "base/common.h"
#include "base/i18n.h"
#include "content/content.h"
#include "content/content_http.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- JSON out ---- */

static json_t *time_json(int64_t ms)
{
	if (!ms)
		return json_null();
	char buf[32];
	clock_format_rfc3339(ms, buf);
	return json_string(buf);
}

static json_t *text_json(const struct article_text *t)
{
	if (!t)
		return json_null();
	json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "title", t->title ? t->title : "", "summary",
	                      t->summary ? t->summary : "", "author", t->author ? t->author : "",
	                      "source", t->source ? t->source : "");
	if (t->body)
		json_object_set_new(o, "body", json_string(t->body));
	return o;
}

json_t *content_article_json(const struct article *a)
{
	json_t *tags = json_array();
	for (size_t i = 0; i < a->ntags; i++)
		json_array_append_new(tags, json_string(a->tags[i]));
	return json_pack("{s:I, s:s, s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
	                 "id", (json_int_t)a->id, "site", a->site_slug, "column", a->column_slug,
	                 "status", a->status, "version", (json_int_t)a->version, "zh",
	                 text_json(a->zh), "mn", text_json(a->mn), "tags", tags, "cover",
	                 a->cover_id ? json_integer(a->cover_id) : json_null(), "published_at",
	                 time_json(a->published_at), "publish_at", time_json(a->publish_at),
	                 "unpublish_at", time_json(a->unpublish_at), "created_at",
	                 time_json(a->created_at), "updated_at", time_json(a->updated_at));
}

json_t *content_site_json(const struct site *s, const char *parent_slug)
{
	char path[CONTENT_SLUG_MAX + 8];
	snprintf(path, sizeof path, "/s/%s/", s->slug);
	return json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:{s:s, s:s}, s:s}", "id",
	                 (json_int_t)s->id, "slug", s->slug, "kind", s->kind, "region",
	                 s->region_code ? json_string(s->region_code) : json_null(), "parent",
	                 parent_slug ? json_string(parent_slug) : json_null(), "host",
	                 s->host ? json_string(s->host) : json_null(), "name", "zh", s->name_zh,
	                 "mn", s->name_mn ? s->name_mn : "", "path", path);
}

/* ---- errors ---- */

/* 400 naming the field (JSON name in "field", its label in the caller's language). */
static int reply_field(struct req *rq, struct resp *rs, const char *field, const char *key)
{
	const char *code = strncmp(key, "error.", 6) == 0            ? key + 6
	                   : strncmp(key, "content.error.", 14) == 0 ? key + 14
	                                                             : "invalid_value";
	char label[64];
	snprintf(label, sizeof label, "content.field.%s", field ? field : "");
	const char *detail = field && i18n_has(rq->lang, label) ? i18n(rq->lang, label) : field;
	return reply_error_detail(rq, rs, 400, code, field, key, detail);
}

static int reply_forbidden(struct req *rq, struct resp *rs)
{
	return reply_error(rq, rs, 403, "forbidden", NULL, "error.forbidden");
}

static int reply_not_found(struct req *rq, struct resp *rs, const char *field)
{
	return reply_error(rq, rs, 404, "not_found", field,
	                   field && strcmp(field, "site") == 0 ? "content.error.unknown_site"
	                                                       : "content.error.unknown_article");
}

/* The reply for a write closure's outcome other than OK. */
static int reply_result(struct req *rq, struct resp *rs, enum content_result r, const char *field,
                        const char *key)
{
	switch (r) {
	case CONTENT_INVALID:
		return reply_field(rq, rs, field, key ? key : "error.invalid_value");
	case CONTENT_NOT_FOUND:
		return reply_not_found(rq, rs, field);
	case CONTENT_STALE:
		return reply_error(rq, rs, 409, "stale", "version", "content.error.stale");
	case CONTENT_CONFLICT:
		return reply_error(rq, rs, 409, "conflict", NULL, "content.error.conflict");
	case CONTENT_OK:
		break;
	}
	return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
}

/* ---- input ---- */

static const struct principal *who(struct req *rq)
{
	return auth_principal(rq);
}

/* Reads an RFC 3339 UTC time ("2026-03-01T08:00:00Z") or ms into *ms; null/absent = 0. */
static int json_time(json_t *v, int64_t *ms)
{
	*ms = 0;
	if (!v || json_is_null(v))
		return OK;
	if (json_is_integer(v)) {
		*ms = json_integer_value(v);
		return *ms >= 0 ? OK : ERR;
	}
	const char *s = json_string_value(v);
	struct tm tm = {0};
	const char *end = s ? strptime(s, "%Y-%m-%dT%H:%M:%S", &tm) : NULL;
	if (!end)
		return ERR;
	if (*end == '.')
		while (*++end >= '0' && *end <= '9')
			;
	if (strcmp(end, "Z") != 0)
		return ERR;
	*ms = (int64_t)timegm(&tm) * 1000;
	return OK;
}

/* One language object of the body into *out (NULL when absent or null). */
static int json_lang(struct req *rq, json_t *body, const char *lang, struct article_text **out,
                     const char **field)
{
	json_t *o = json_object_get(body, lang);
	*out = NULL;
	if (!o || json_is_null(o))
		return OK;
	if (!json_is_object(o)) {
		*field = lang;
		return ERR;
	}
	struct article_text *t = arena_alloc(rq->arena, sizeof *t);
	static const char *const keys[] = {"title", "summary", "body", "author", "source"};
	const char **dst[] = {&t->title, &t->summary, &t->body, &t->author, &t->source};
	for (size_t i = 0; i < ARRAY_LEN(keys); i++) {
		json_t *v = json_object_get(o, keys[i]);
		if (v && !json_is_string(v) && !json_is_null(v)) {
			*field = arena_printf(rq->arena, "%s.%s", lang, keys[i]);
			return ERR;
		}
		*dst[i] = json_string_value(v);
	}
	*out = t;
	return OK;
}

/* The article fields of a create/update body into in; replies 400/404 itself. */
static int parse_input(struct req *rq, struct resp *rs, struct article_input *in)
{
	json_t *b = rq->json;
	const char *field = NULL;
	if (!json_is_object(b))
		return reply_field(rq, rs, NULL, "error.invalid_value"), ERR;
	if (json_lang(rq, b, "zh", &in->zh, &field) != OK ||
	    json_lang(rq, b, "mn", &in->mn, &field) != OK)
		return reply_field(rq, rs, field, "error.invalid_value"), ERR;
	json_t *col = json_object_get(b, "column");
	struct content_column c;
	if (!col || json_is_null(col))
		return reply_field(rq, rs, "column", "error.required"), ERR;
	if (!json_is_string(col) ||
	    content_column_by_slug(rq->app->store, rq->arena, json_string_value(col), &c) != OK)
		return reply_field(rq, rs, "column", "content.error.unknown_column"), ERR;
	in->column_id = c.id;
	json_t *tags = json_object_get(b, "tags");
	if (tags && !json_is_null(tags)) {
		if (!json_is_array(tags) || json_array_size(tags) > CONTENT_TAGS_MAX)
			return reply_field(rq, rs, "tags", "content.error.too_many_tags"), ERR;
		in->ntags = json_array_size(tags);
		in->tags = arena_alloc(rq->arena, (in->ntags + 1) * sizeof *in->tags);
		for (size_t i = 0; i < in->ntags; i++)
			if (!(in->tags[i] = json_string_value(json_array_get(tags, i))))
				return reply_field(rq, rs, "tags", "error.invalid_value"), ERR;
	}
	json_t *cover = json_object_get(b, "cover");
	if (cover && !json_is_null(cover) &&
	    (!json_is_integer(cover) || json_integer_value(cover) <= 0))
		return reply_field(rq, rs, "cover", "error.invalid_value"), ERR;
	in->cover_id = cover ? json_integer_value(cover) : 0;
	if (in->cover_id && !content_cover_valid(rq, in->cover_id))
		return reply_field(rq, rs, "cover", "content.error.cover"), ERR;
	if (json_time(json_object_get(b, "publish_at"), &in->publish_at) != OK)
		return reply_field(rq, rs, "publish_at", "error.invalid_value"), ERR;
	if (json_time(json_object_get(b, "unpublish_at"), &in->unpublish_at) != OK)
		return reply_field(rq, rs, "unpublish_at", "error.invalid_value"), ERR;
	const char *key = NULL;
	if (content_article_check(rq->arena, in, &field, &key) != OK)
		return reply_field(rq, rs, field, key), ERR;
	return OK;
}

/* A site named by a JSON string member (404 when unknown, 400 when missing). */
static int body_site(struct req *rq, struct resp *rs, const char *member, struct site *s)
{
	json_t *v = json_is_object(rq->json) ? json_object_get(rq->json, member) : NULL;
	if (!v || json_is_null(v))
		return reply_field(rq, rs, member, "error.required"), ERR;
	if (!json_is_string(v))
		return reply_field(rq, rs, member, "error.invalid_value"), ERR;
	if (content_site_by_slug(rq->app->store, rq->arena, json_string_value(v), s) != OK)
		return reply_not_found(rq, rs, "site"), ERR;
	return OK;
}

/* The article of the path and its home site; replies 404 itself. */
static int path_article(struct req *rq, struct resp *rs, struct article *a, struct site *home)
{
	if (content_req_article(rq, a, home) != OK)
		return reply_not_found(rq, rs, NULL), ERR;
	return OK;
}

/* ---- sites ---- */

/* The slug of the parent of s among list (or read), NULL for the root. */
static const char *parent_slug(struct req *rq, const struct site *s)
{
	struct site p;
	if (!s->parent_id || content_site_by_id(rq->app->store, rq->arena, s->parent_id, &p) != OK)
		return NULL;
	return p.slug;
}

/* GET /api/v1/sites?kind=&parent= */
static int api_sites(struct req *rq, struct resp *rs)
{
	const char *kind = req_query(rq, "kind");
	const char *parent = req_query(rq, "parent");
	static const char *const kinds[] = {"region", "league", "county", "society", "institution"};
	if (kind && *kind) {
		bool ok = false;
		for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
			ok |= strcmp(kinds[i], kind) == 0;
		if (!ok)
			return reply_field(rq, rs, "kind", "error.invalid_value");
	} else {
		kind = NULL;
	}
	int64_t pid = 0;
	struct site ps;
	if (parent && *parent) {
		if (content_site_by_slug(rq->app->store, rq->arena, parent, &ps) != OK)
			return reply_not_found(rq, rs, "site");
		pid = ps.id;
	}
	struct site_list l;
	if (content_sites_list(rq->app->store, rq->arena, kind, pid, &l) != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	/* slugs by id, for the parent member */
	json_t *items = json_array();
	struct site_list all;
	bool have_all = content_sites_list(rq->app->store, rq->arena, NULL, 0, &all) == OK;
	for (size_t i = 0; i < l.n; i++) {
		const char *ps_slug = NULL;
		for (size_t j = 0; have_all && j < all.n && !ps_slug; j++)
			if (all.items[j].id == l.items[i].parent_id)
				ps_slug = all.items[j].slug;
		json_array_append_new(items, content_site_json(&l.items[i], ps_slug));
	}
	return reply_json(
	    rs, 200,
	    json_pack("{s:o, s:I, s:n}", "items", items, "total", (json_int_t)l.n, "next"));
}

/* GET /api/v1/sites/:slug */
static int api_site(struct req *rq, struct resp *rs)
{
	struct site s;
	if (content_site_by_slug(rq->app->store, rq->arena, req_param(rq, "slug"), &s) != OK)
		return reply_not_found(rq, rs, "site");
	json_t *j = content_site_json(&s, parent_slug(rq, &s));
	struct content_column *cols;
	size_t n;
	json_t *ja = json_array();
	if (content_columns(rq->app->store, rq->arena, s.id, &cols, &n) == OK)
		for (size_t i = 0; i < n; i++)
			json_array_append_new(ja,
			                      json_pack("{s:s, s:{s:s, s:s}, s:b}", "slug",
			                                cols[i].slug, "name", "zh", cols[i].name_zh,
			                                "mn", cols[i].name_mn, "tv", cols[i].tv));
	json_object_set_new(j, "columns", ja);
	return reply_json(rs, 200, j);
}

/* ---- article reads ---- */

/* GET /api/v1/articles?site=&column=&lang=&tag=&status=&cursor=&limit= */
static int api_articles(struct req *rq, struct resp *rs)
{
	struct store *st = rq->app->store;
	int64_t now = clock_wall_ms();
	struct article_filter f = {.now_ms = now};
	const char *v;
	struct site s;
	if ((v = req_query(rq, "site")) && *v) {
		if (content_site_by_slug(st, rq->arena, v, &s) != OK)
			return reply_not_found(rq, rs, "site");
		f.site_id = s.id;
	}
	struct content_column c;
	if ((v = req_query(rq, "column")) && *v) {
		if (content_column_by_slug(st, rq->arena, v, &c) != OK)
			return reply_field(rq, rs, "column", "content.error.unknown_column");
		f.column_id = c.id;
	}
	if ((v = req_query(rq, "lang")) && *v) {
		if (strcmp(v, "zh") != 0 && strcmp(v, "mn") != 0)
			return reply_field(rq, rs, "lang", "error.invalid_value");
		f.lang = v;
	}
	if ((v = req_query(rq, "tag")) && *v)
		f.tag = v;
	if ((v = req_query(rq, "limit")) && *v) {
		char *end;
		long n = strtol(v, &end, 10);
		if (*end || n < 1 || n > CONTENT_PAGE_MAX)
			return reply_field(rq, rs, "limit", "error.invalid_value");
		f.limit = (int)n;
	}
	f.cursor = req_query(rq, "cursor");
	if ((v = req_query(rq, "status")) && *v) {
		if (strcmp(v, "any") != 0 && !content_status_valid(v))
			return reply_field(rq, rs, "status", "error.invalid_value");
		const char **scopes;
		f.nscopes = auth_scopes(who(rq), "content.read_drafts", rq->arena, &scopes);
		if (!f.nscopes)
			return reply_forbidden(rq, rs);
		f.scopes = scopes;
		f.staff = true;
		f.status = strcmp(v, "any") == 0 ? NULL : v;
	} else if (!f.site_id) {
		struct site_list roots;
		if (content_sites_list(st, rq->arena, NULL, -1, &roots) != OK || !roots.n)
			return reply_not_found(rq, rs, "site");
		f.site_id = roots.items[0].id;
	}
	struct article_page pg;
	bool bad_cursor;
	if (content_articles_list(st, rq->arena, &f, &pg, &bad_cursor) != OK)
		return bad_cursor
		           ? reply_field(rq, rs, "cursor", "error.invalid_value")
		           : reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	json_t *items = json_array();
	for (size_t i = 0; i < pg.n; i++)
		json_array_append_new(items, content_article_json(&pg.items[i]));
	return reply_json(rs, 200,
	                  json_pack("{s:o, s:I, s:o}", "items", items, "total",
	                            (json_int_t)pg.total, "next",
	                            pg.next ? json_string(pg.next) : json_null()));
}

/* GET /api/v1/articles/:id — drafts only for readers of drafts in the home site's scope. */
static int api_article(struct req *rq, struct resp *rs)
{
	struct article a;
	struct site home;
	int64_t now = clock_wall_ms();
	if (path_article(rq, rs, &a, &home) != OK)
		return OK;
	if (!content_article_public(&a, now) &&
	    !auth_can(who(rq), "content.read_drafts", content_site_scope(&home)))
		return reply_not_found(rq, rs, NULL);
	return reply_json(rs, 200, content_article_json(&a));
}

/* ---- article writes ---- */

/* Answers a save once committed: 201/200 with the article as stored. */
static int saved(struct req *rq, struct resp *rs)
{
	struct article_save *s = rq->write_ctx;
	if (rq->write_result != OK)
		return reply_result(rq, rs, s->result, s->field, s->error_key);
	content_touch();
	struct article a;
	if (content_article_get(rq->app->store, rq->arena, s->new_id, &a) != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	if (!s->id)
		resp_header(rs, "Location",
		            arena_printf(rq->arena, "/api/v1/articles/%" PRId64, s->new_id));
	return reply_json(rs, s->id ? 200 : 201, content_article_json(&a));
}

/* POST /api/v1/articles */
static int api_article_create(struct req *rq, struct resp *rs)
{
	struct site s;
	if (body_site(rq, rs, "site", &s) != OK)
		return OK;
	if (!auth_can(who(rq), "content.edit", content_site_scope(&s)))
		return reply_forbidden(rq, rs);
	struct article_save *sv = arena_alloc(rq->arena, sizeof *sv);
	if (parse_input(rq, rs, &sv->in) != OK)
		return OK;
	sv->in.site_id = s.id;
	sv->user_id = content_req_user(rq);
	sv->now_ms = clock_wall_ms();
	content_audit_note(rq, "article.create", &sv->new_id, &s, NULL);
	return req_write(rq, content_article_save, sv, saved);
}

/* PUT /api/v1/articles/:id {"version", ...} */
static int api_article_update(struct req *rq, struct resp *rs)
{
	struct article a;
	struct site home;
	if (path_article(rq, rs, &a, &home) != OK)
		return OK;
	if (!auth_can(who(rq), "content.edit", content_site_scope(&home)))
		return reply_forbidden(rq, rs);
	json_t *ver = json_is_object(rq->json) ? json_object_get(rq->json, "version") : NULL;
	if (!ver || json_is_null(ver))
		return reply_field(rq, rs, "version", "error.required");
	if (!json_is_integer(ver) || json_integer_value(ver) < 1)
		return reply_field(rq, rs, "version", "error.invalid_value");
	struct article_save *sv = arena_alloc(rq->arena, sizeof *sv);
	if (parse_input(rq, rs, &sv->in) != OK)
		return OK;
	sv->id = a.id;
	sv->version = json_integer_value(ver);
	sv->in.site_id = a.site_id;
	sv->user_id = content_req_user(rq);
	sv->now_ms = clock_wall_ms();
	content_audit_note(rq, "article.update", &sv->new_id, &home,
	                   arena_printf(rq->arena, "version %" PRId64, sv->version + 1));
	return req_write(rq, content_article_save, sv, saved);
}

static int transitioned(struct req *rq, struct resp *rs)
{
	struct article_transition *t = rq->write_ctx;
	if (rq->write_result != OK)
		return reply_result(rq, rs, t->result, NULL, NULL);
	content_touch();
	struct article a;
	if (content_article_get(rq->app->store, rq->arena, t->id, &a) != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	return reply_json(rs, 200, content_article_json(&a));
}

/* POST /api/v1/articles/:id/transition {"to", "version"?, "publish_at"?, "unpublish_at"?} */
static int api_article_transition(struct req *rq, struct resp *rs)
{
	struct article a;
	struct site home;
	if (path_article(rq, rs, &a, &home) != OK)
		return OK;
	json_t *b = rq->json;
	const char *to = json_is_object(b) ? json_string_value(json_object_get(b, "to")) : NULL;
	if (!to)
		return reply_field(rq, rs, "to", "error.required");
	if (!content_status_valid(to))
		return reply_field(rq, rs, "to", "error.invalid_value");
	const char *perm = content_transition_perm(a.status, to);
	if (!perm)
		return reply_error(rq, rs, 409, "conflict", "to", "content.error.conflict");
	if (!auth_can(who(rq), perm, content_site_scope(&home)))
		return reply_forbidden(rq, rs);
	struct article_transition *t = arena_alloc(rq->arena, sizeof *t);
	json_t *ver = json_object_get(b, "version");
	if (ver && !json_is_null(ver) && (!json_is_integer(ver) || json_integer_value(ver) < 1))
		return reply_field(rq, rs, "version", "error.invalid_value");
	t->version = ver ? json_integer_value(ver) : 0;
	if (json_time(json_object_get(b, "publish_at"), &t->publish_at) != OK)
		return reply_field(rq, rs, "publish_at", "error.invalid_value");
	if (json_time(json_object_get(b, "unpublish_at"), &t->unpublish_at) != OK)
		return reply_field(rq, rs, "unpublish_at", "error.invalid_value");
	t->id = a.id;
	t->to = to;
	t->user_id = content_req_user(rq);
	t->now_ms = clock_wall_ms();
	content_audit_note(rq, "article.transition", &t->id, &home,
	                   arena_printf(rq->arena, "%s -> %s", a.status, to));
	return req_write(rq, content_article_transition, t, transitioned);
}

static int pushed(struct req *rq, struct resp *rs)
{
	struct article_push *p = rq->write_ctx;
	if (rq->write_result != OK)
		return reply_result(rq, rs, p->result, NULL, NULL);
	content_touch();
	return reply_json(
	    rs, 200, json_pack("{s:I, s:i}", "id", (json_int_t)p->article_id, "placed", p->placed));
}

/* POST /api/v1/articles/:id/push {"to_subtree_of": slug} */
static int api_article_push(struct req *rq, struct resp *rs)
{
	struct article a;
	struct site home, from;
	if (path_article(rq, rs, &a, &home) != OK ||
	    body_site(rq, rs, "to_subtree_of", &from) != OK)
		return OK;
	if (!auth_can(who(rq), "content.publish", content_site_scope(&from)))
		return reply_forbidden(rq, rs);
	struct article_push *p = arena_alloc(rq->arena, sizeof *p);
	p->article_id = a.id;
	p->from_site_id = from.id;
	p->user_id = content_req_user(rq);
	p->now_ms = clock_wall_ms();
	content_audit_note(rq, "article.push", &p->article_id, &from,
	                   arena_printf(rq->arena, "to the sites below %s", from.slug));
	return req_write(rq, content_article_push, p, pushed);
}

static int placed(struct req *rq, struct resp *rs)
{
	enum content_result *r = rq->write_ctx; /* the first member of each placement struct */
	if (rq->write_result != OK)
		return reply_result(rq, rs, *r, NULL, NULL);
	content_touch();
	return reply_json(rs, 200, json_pack("{s:b}", "ok", 1));
}

/* POST /api/v1/articles/:id/hide {"site": slug, "hidden": true|false} */
static int api_article_hide(struct req *rq, struct resp *rs)
{
	struct article a;
	struct site home, s;
	if (path_article(rq, rs, &a, &home) != OK || body_site(rq, rs, "site", &s) != OK)
		return OK;
	json_t *hv = json_object_get(rq->json, "hidden");
	if (hv && !json_is_boolean(hv))
		return reply_field(rq, rs, "hidden", "error.invalid_value");
	if (!auth_can(who(rq), "content.publish", content_site_scope(&s)))
		return reply_forbidden(rq, rs);
	struct article_hide *h = arena_alloc(rq->arena, sizeof *h);
	*h = (struct article_hide){.article_id = a.id,
	                           .site_id = s.id,
	                           .hidden = !hv || json_is_true(hv),
	                           .user_id = content_req_user(rq)};
	content_audit_note(rq, h->hidden ? "article.hide" : "article.show", &h->article_id, &s,
	                   arena_printf(rq->arena, "on %s", s.slug));
	return req_write(rq, content_article_hide, h, placed);
}

/* POST /api/v1/articles/:id/pull {"site": slug} */
static int api_article_pull(struct req *rq, struct resp *rs)
{
	struct article a;
	struct site home, s;
	if (path_article(rq, rs, &a, &home) != OK || body_site(rq, rs, "site", &s) != OK)
		return OK;
	if (!auth_can(who(rq), "content.publish", content_site_scope(&s)))
		return reply_forbidden(rq, rs);
	struct article_pull *p = arena_alloc(rq->arena, sizeof *p);
	*p = (struct article_pull){.article_id = a.id,
	                           .site_id = s.id,
	                           .user_id = content_req_user(rq),
	                           .now_ms = clock_wall_ms()};
	content_audit_note(rq, "article.pull", &p->article_id, &s,
	                   arena_printf(rq->arena, "to %s", s.slug));
	return req_write(rq, content_article_pull, p, placed);
}

/* ---- revisions ---- */

/* GET /api/v1/articles/:id/revisions */
static int api_revisions(struct req *rq, struct resp *rs)
{
	struct article a;
	struct site home;
	if (path_article(rq, rs, &a, &home) != OK)
		return OK;
	if (!auth_can(who(rq), "content.read_drafts", content_site_scope(&home)))
		return reply_forbidden(rq, rs);
	struct revision *rv;
	size_t n;
	if (content_revisions_list(rq->app->store, rq->arena, a.id, &rv, &n) != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    items,
		    json_pack("{s:I, s:o, s:o}", "version", (json_int_t)rv[i].version, "user",
		              rv[i].user_id ? json_integer(rv[i].user_id) : json_null(), "at",
		              time_json(rv[i].at)));
	return reply_json(
	    rs, 200, json_pack("{s:o, s:I, s:n}", "items", items, "total", (json_int_t)n, "next"));
}

static int64_t query_int(struct req *rq, const char *name)
{
	const char *v = req_query(rq, name);
	char *end;
	long long n = v ? strtoll(v, &end, 10) : 0;
	return v && *v && !*end && n > 0 ? n : 0;
}

/* GET /api/v1/articles/:id/diff?from=V&to=W */
static int api_diff(struct req *rq, struct resp *rs)
{
	struct article a;
	struct site home;
	if (path_article(rq, rs, &a, &home) != OK)
		return OK;
	if (!auth_can(who(rq), "content.read_drafts", content_site_scope(&home)))
		return reply_forbidden(rq, rs);
	int64_t from = query_int(rq, "from"), to = query_int(rq, "to");
	if (!from)
		return reply_field(rq, rs, "from", "error.invalid_value");
	if (!to)
		return reply_field(rq, rs, "to", "error.invalid_value");
	struct revision x, y;
	if (content_revision_get(rq->app->store, rq->arena, a.id, from, &x) != OK ||
	    content_revision_get(rq->app->store, rq->arena, a.id, to, &y) != OK)
		return reply_error(rq, rs, 404, "not_found", "version", "error.not_found");
	struct diff_line *d;
	size_t n;
	if (content_revision_diff(rq->arena, x.snapshot, y.snapshot, &d, &n) != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	json_t *lines = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(lines,
		                      json_pack("{s:s, s:s#, s:s}", "field", d[i].field, "op",
		                                &d[i].op, (size_t)1, "text", d[i].text));
	return reply_json(rs, 200,
	                  json_pack("{s:I, s:I, s:o}", "from", (json_int_t)from, "to",
	                            (json_int_t)to, "lines", lines));
}

static int restored(struct req *rq, struct resp *rs)
{
	struct article_restore *r = rq->write_ctx;
	if (rq->write_result != OK)
		return reply_result(rq, rs, r->result, "version", "error.invalid_value");
	content_touch();
	struct article a;
	if (content_article_get(rq->app->store, rq->arena, r->id, &a) != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	return reply_json(rs, 200, content_article_json(&a));
}

/* POST /api/v1/articles/:id/restore {"version": current, "from_version": V} */
static int api_restore(struct req *rq, struct resp *rs)
{
	struct article a;
	struct site home;
	if (path_article(rq, rs, &a, &home) != OK)
		return OK;
	if (!auth_can(who(rq), "content.edit", content_site_scope(&home)))
		return reply_forbidden(rq, rs);
	json_t *b = rq->json;
	json_t *ver = json_is_object(b) ? json_object_get(b, "version") : NULL;
	json_t *from = json_is_object(b) ? json_object_get(b, "from_version") : NULL;
	if (!json_is_integer(ver))
		return reply_field(rq, rs, "version", "error.required");
	if (!json_is_integer(from))
		return reply_field(rq, rs, "from_version", "error.required");
	struct article_restore *r = arena_alloc(rq->arena, sizeof *r);
	r->id = a.id;
	r->version = json_integer_value(ver);
	r->from_version = json_integer_value(from);
	r->user_id = content_req_user(rq);
	r->now_ms = clock_wall_ms();
	content_audit_note(rq, "article.restore", &r->id, &home,
	                   arena_printf(rq->arena, "from version %" PRId64, r->from_version));
	return req_write(rq, content_revision_restore, r, restored);
}

void content_mount(struct router *r)
{
	router_add(r, "GET", "/api/v1/sites", PERM_PUBLIC, api_sites);
	router_add(r, "GET", "/api/v1/sites/:slug", PERM_PUBLIC, api_site);
	router_add(r, "GET", "/api/v1/articles", PERM_PUBLIC, api_articles);
	router_add(r, "GET", "/api/v1/articles/:id", PERM_PUBLIC, api_article);
	router_add(r, "POST", "/api/v1/articles", "content.edit", api_article_create);
	router_add(r, "PUT", "/api/v1/articles/:id", "content.edit", api_article_update);
	/* reviewers (content.publish) and editors (content.edit) both transition: the handler
	 * checks the permission the transition needs on the article's site */
	router_add(r, "POST", "/api/v1/articles/:id/transition", PERM_SELF, api_article_transition);
	router_add(r, "POST", "/api/v1/articles/:id/push", "content.publish", api_article_push);
	router_add(r, "POST", "/api/v1/articles/:id/pull", "content.publish", api_article_pull);
	router_add(r, "POST", "/api/v1/articles/:id/hide", "content.publish", api_article_hide);
	router_add(r, "GET", "/api/v1/articles/:id/revisions", "content.read_drafts",
	           api_revisions);
	router_add(r, "GET", "/api/v1/articles/:id/diff", "content.read_drafts", api_diff);
	router_add(r, "POST", "/api/v1/articles/:id/restore", "content.edit", api_restore);
	content_attach_mount(r);
}
