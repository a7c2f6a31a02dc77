/* audit_http.c: the server's audit hook (app->audit_append: one entry per HTTP write, in
 * the write's own savepoint) and the admin routes — the viewer (/admin/audit), the CSV
 * export (/admin/audit.csv, itself audited) and the API (GET /api/v1/audit). Readers see
 * only the entries within the scopes where they hold audit.read. */
#include "audit/audit.h"
#include "audit/audit_view.h"
#include "auth/auth.h"
#include "base/clock.h"
#include "base/common.h"
#include "base/utf8.h"
#include "http/validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_DEFAULT 50
#define CSV_MAX      100000 /* rows one HTTP export may hold; the CLI has no limit */

/* The scope the route acts on (its declared scope parameter), or NULL. */
static const char *route_scope(struct req *rq)
{
	const char *name = rq->route ? rq->route->scope_param : NULL;
	if (!name)
		return NULL;
	const char *v = req_param(rq, name);
	if (!v)
		v = req_query(rq, name);
	return v && *v ? v : NULL;
}

int audit_http_append(sqlite3 *db, struct req *rq)
{
	const struct principal *p = rq->principal;
	/* another actor named by the handler (a sign-in: the user), once the write filled it */
	bool other = rq->audit.actor && *rq->audit.actor;
	char action[160];
	if (rq->audit.action)
		snprintf(action, sizeof action, "%s", rq->audit.action);
	else
		snprintf(action, sizeof action, "%s %s", rq->method,
		         rq->route ? rq->route->pattern : rq->path);
	struct audit_entry e = {
	    .actor_id = other ? (rq->audit.actor_id ? *rq->audit.actor_id : 0)
	                : p   ? p->user_id
	                      : 0,
	    .actor = other ? rq->audit.actor
	             : p   ? p->login
	                   : "visitor",
	    .ip = rq->client_ip,
	    .action = action,
	    .object_type = rq->audit.object_type,
	    .object_id = rq->audit.object_key,
	    .object_ref = rq->audit.object_id,
	    .scope = rq->audit.scope && *rq->audit.scope ? rq->audit.scope : route_scope(rq),
	    .summary = rq->audit.summary,
	};
	return audit_append(db, &e);
}

/* ---- the filter, from the query string ---- */

static const char *check_date(struct req *rq, const char *v)
{
	int64_t ms;
	return audit_parse_date(v, &ms) == OK ? NULL : "audit.invalid_date";
}

static const char *check_id(struct req *rq, const char *v)
{
	char *end;
	long long n = strtoll(v, &end, 10);
	return *end || n < 1 ? "error.invalid_value" : NULL;
}

static const char *check_limit(struct req *rq, const char *v)
{
	char *end;
	long n = strtol(v, &end, 10);
	return *end || n < 1 || n > AUDIT_PAGE_MAX ? "error.invalid_value" : NULL;
}

static const char *check_scope(struct req *rq, const char *v)
{
	return auth_scope_valid(v) ? NULL : "error.invalid_value";
}

static const char *check_printable(struct req *rq, const char *v)
{
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return "error.invalid_value";
	return NULL;
}

static const struct field_rule query_rules[AQ_COUNT] = {
    [AQ_ACTOR] = {"actor", false, 80, NULL, check_printable},
    [AQ_ACTION] = {"action", false, 160, NULL, check_printable},
    [AQ_TYPE] = {"type", false, 40, NULL, check_printable},
    [AQ_FROM] = {"from", false, 10, NULL, check_date},
    [AQ_TO] = {"to", false, 10, NULL, check_date},
    [AQ_SCOPE] = {"scope", false, 17, NULL, check_scope},
    [AQ_CURSOR] = {"cursor", false, 19, NULL, check_id},
    [AQ_LIMIT] = {"limit", false, 3, NULL, check_limit},
};

/* Reads the filter from the query string (validated by the table above) and limits it to
 * the reader's scopes; returns OK, or ERR after answering 400. */
static int query_filter(struct req *rq, struct resp *rs, struct audit_query *q)
{
	memset(q, 0, sizeof *q);
	for (int i = 0; i < AQ_COUNT; i++) {
		const struct field_rule *r = &query_rules[i];
		const char *v = req_query(rq, r->name);
		if (!v || !*v)
			continue;
		struct field_error fe = {r->name, "invalid_value", NULL};
		const char *why = NULL;
		if (utf8_length(v, strlen(v)) > (size_t)r->max_chars)
			why = "error.too_long";
		else if (r->check)
			why = r->check(rq, v);
		if (why) {
			fe.code = strcmp(why, "error.too_long") == 0 ? "too_long" : "invalid_value";
			fe.message_key = why;
			form_reply_invalid(rq, rs, &fe);
			return ERR;
		}
		q->v[i] = v;
	}
	struct audit_filter *f = &q->f;
	f->actor = q->v[AQ_ACTOR];
	f->action = q->v[AQ_ACTION];
	f->object_type = q->v[AQ_TYPE];
	if (q->v[AQ_FROM])
		audit_parse_date(q->v[AQ_FROM], &f->from_ms);
	if (q->v[AQ_TO] && audit_parse_date(q->v[AQ_TO], &f->to_ms) == OK)
		f->to_ms += 24LL * 3600 * 1000; /* through the end of that day */
	f->before_id = q->v[AQ_CURSOR] ? strtoll(q->v[AQ_CURSOR], NULL, 10) : 0;
	q->limit = q->v[AQ_LIMIT] ? atoi(q->v[AQ_LIMIT]) : PAGE_DEFAULT;
	if (q->v[AQ_SCOPE]) {
		/* the access check has made sure the reader's scopes cover it */
		const char **one = arena_alloc(rq->arena, sizeof *one);
		one[0] = q->v[AQ_SCOPE];
		f->scopes = one;
		f->nscopes = 1;
	} else {
		const char **list;
		f->nscopes = auth_scopes(rq->principal, AUDIT_PERM, rq->arena, &list);
		f->scopes = list;
	}
	return OK;
}

/* ---- routes ---- */

/* Reads the filter and one page of entries; returns OK, or ERR after answering. */
static int read_page(struct req *rq, struct resp *rs, struct audit_query *q,
                     struct audit_page *page)
{
	if (query_filter(rq, rs, q) != OK)
		return ERR;
	if (audit_list(rq->app->store, rq->arena, &q->f, q->limit, page) != OK) {
		reply_error(rq, rs, 500, "internal", NULL, "error.internal");
		return ERR;
	}
	return OK;
}

/* GET /admin/audit */
static int page_audit(struct req *rq, struct resp *rs)
{
	struct audit_query q;
	struct audit_page page;
	if (read_page(rq, rs, &q, &page) == OK)
		audit_view_page(rq, rs, &q, &page);
	return OK;
}

static json_t *text_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *row_json(const struct audit_row *r)
{
	char at[32];
	clock_format_rfc3339(r->at, at);
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)r->id, "at", at,
	                      "actor", r->actor ? r->actor : "", "ip", r->ip ? r->ip : "", "action",
	                      r->action ? r->action : "");
	json_object_set_new(o, "actor_id",
	                    r->actor_id ? json_integer((json_int_t)r->actor_id) : json_null());
	json_object_set_new(o, "object_type", text_or_null(r->object_type));
	json_object_set_new(o, "object_id", text_or_null(r->object_id));
	json_object_set_new(o, "scope", text_or_null(r->scope));
	json_object_set_new(o, "summary", text_or_null(r->summary));
	return o;
}

/* GET /api/v1/audit */
static int api_audit_list(struct req *rq, struct resp *rs)
{
	struct audit_query q;
	struct audit_page page;
	if (read_page(rq, rs, &q, &page) != OK)
		return OK;
	json_t *items = json_array();
	for (size_t i = 0; i < page.n; i++)
		json_array_append_new(items, row_json(&page.items[i]));
	json_t *o = json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)page.total);
	json_object_set_new(o, "next",
	                    page.next
	                        ? json_string(arena_printf(rq->arena, "%lld", (long long)page.next))
	                        : json_null());
	return reply_json(rs, 200, o);
}

static int csv_add_row(void *ctx, const struct audit_row *r)
{
	audit_csv_row(ctx, r);
	return OK;
}

/* Sends the export once its own audit entry is committed. */
static int csv_send(struct req *rq, struct resp *rs)
{
	struct audit_query *q = rq->write_ctx;
	if (rq->write_result != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	audit_csv_header(&rs->body);
	if (audit_each(rq->app->store, &q->f, csv_add_row, &rs->body) != OK) {
		strbuf_reset(&rs->body);
		return reply_error(rq, rs, 500, "internal", NULL, "error.internal");
	}
	rs->status = 200;
	rs->content_type = "text/csv; charset=utf-8";
	resp_header(rs, "Content-Disposition", "attachment; filename=\"tala-audit.csv\"");
	resp_header(rs, "Cache-Control", "no-store");
	return OK;
}

static int no_write(sqlite3 *db, void *ctx)
{
	return OK;
}

/* GET /admin/audit.csv: the same filter as the viewer, every matching entry, oldest first.
 * Taking a copy of the log is itself recorded (action audit.export) before it is sent. */
static int csv_export(struct req *rq, struct resp *rs)
{
	struct audit_query *q = arena_alloc(rq->arena, sizeof *q);
	if (query_filter(rq, rs, q) != OK)
		return OK;
	q->f.before_id = 0;
	int64_t n = audit_count(rq->app->store, &q->f);
	if (n < 0)
		return reply_error(rq, rs, 500, "internal", NULL, "error.internal");
	if (n > CSV_MAX)
		return reply_error(rq, rs, 422, "export_too_large", NULL, "audit.export_too_large");
	struct strbuf sum;
	strbuf_init(&sum);
	strbuf_printf(&sum, "%lld entries", (long long)n);
	for (int i = 0; i < AQ_COUNT; i++)
		if (q->v[i] && i != AQ_CURSOR && i != AQ_LIMIT)
			strbuf_printf(&sum, " %s=%s", query_rules[i].name, q->v[i]);
	rq->audit.action = "audit.export";
	rq->audit.object_type = "audit_log";
	rq->audit.summary = arena_strdup(rq->arena, sum.data);
	strbuf_free(&sum);
	return req_write(rq, no_write, q, csv_send);
}

void audit_mount(struct router *r)
{
	router_add(r, "GET", "/admin/audit", AUDIT_PERM, page_audit)->scope_param = "scope";
	router_add(r, "GET", "/admin/audit.csv", AUDIT_PERM, csv_export)->scope_param = "scope";
	router_add(r, "GET", "/api/v1/audit", AUDIT_PERM, api_audit_list)->scope_param = "scope";
}
