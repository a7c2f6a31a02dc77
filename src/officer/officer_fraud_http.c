/* officer_fraud_http.c: reviewing fraud flags — GET /api/v1/officers/flags and the console
 * page /admin/officers/flags (org.manage over the area), and the review itself: POST
 * /api/v1/officers/flags/:id {"status": "cleared"|"rejected"} and the page form POST
 * /admin/officers/flags/:id/review. The flag's township must lie within the reviewer's
 * org.manage scope; clearing releases the held entries, rejecting voids them; each review is
 * one write with its audit entry; a flag already reviewed answers 409. */
#include "auth/auth.h"
#include "base/clock.h"
#include "base/common.h"
#include "html/html.h"
#include "officer/officer_points.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FLAG_PERM     "org.manage"
#define FLAG_PAGE_MAX 200

static bool status_valid(const char *s)
{
	return s &&
	       (strcmp(s, "open") == 0 || strcmp(s, "cleared") == 0 || strcmp(s, "rejected") == 0);
}

struct flag_page {
	const char *area, *status;
	struct points_flag *f;
	int n;
	int64_t limit;
};

/* Reads ?area= ?status= ?cursor= ?limit= and a page; ERR after answering. */
static int flags_read(struct req *rq, struct resp *rs, struct flag_page *pg)
{
	const char **area = &pg->area, **status = &pg->status;
	struct points_flag **f = &pg->f;
	int *n = &pg->n;
	int64_t *limit = &pg->limit;
	if (points_query_area(rq, rs, FLAG_PERM, area) != OK)
		return ERR;
	*status = req_query(rq, "status");
	if (!*status || !**status)
		*status = "open";
	if (!status_valid(*status))
		return points_reply_bad(rq, rs, "status"), ERR;
	int64_t after;
	if (!points_query_int(rq, "cursor", 1, INT64_MAX, 0, &after))
		return points_reply_bad(rq, rs, "cursor"), ERR;
	if (!points_query_int(rq, "limit", 1, FLAG_PAGE_MAX, 50, limit))
		return points_reply_bad(rq, rs, "limit"), ERR;
	*n = points_flags_list(rq->app->store, rq->arena, *area, *status, after, (int)*limit, f);
	if (*n < 0)
		return reply_error(rq, rs, 500, "internal", NULL, "error.internal"), ERR;
	return OK;
}

/* GET /api/v1/officers/flags */
static int api_flags(struct req *rq, struct resp *rs)
{
	struct flag_page pg;
	if (flags_read(rq, rs, &pg) != OK)
		return OK;
	const struct points_flag *f = pg.f;
	int n = pg.n;
	json_t *items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(
		    items,
		    json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:I, s:s, s:I}", "id",
		              (json_int_t)f[i].id, "officer_id", (json_int_t)f[i].officer_id,
		              "township", f[i].township, "day", f[i].day, "kind", f[i].kind,
		              "detail", f[i].detail, "visit_id", (json_int_t)f[i].visit_id,
		              "status", f[i].status, "held_points", (json_int_t)f[i].held_points));
	json_t *j = json_pack("{s:o, s:i}", "items", items, "total", n);
	json_object_set_new(
	    j, "next",
	    n == pg.limit ? json_string(arena_printf(rq->arena, "%lld", (long long)f[n - 1].id))
	                  : json_null());
	return reply_json(rs, 200, j);
}

/* Checks the flag id, the decision and the scope, and queues the review. */
static int review_begin(struct req *rq, struct resp *rs, const char *decision, handler_fn then)
{
	char *end;
	const char *ids = req_param(rq, "id");
	long long id = ids ? strtoll(ids, &end, 10) : 0;
	if (!ids || *end || id < 1)
		return reply_error(rq, rs, 404, "not_found", NULL, "error.not_found");
	if (!decision || (strcmp(decision, "cleared") != 0 && strcmp(decision, "rejected") != 0))
		return points_reply_bad(rq, rs, "status");
	struct points_flag f;
	if (points_flag_get(rq->app->store, rq->arena, id, &f) != OK)
		return reply_error(rq, rs, 404, "not_found", NULL, "error.not_found");
	if (!auth_can(auth_principal(rq), FLAG_PERM, f.township))
		return reply_error(rq, rs, 403, "forbidden", NULL, "error.forbidden");
	struct flag_review *r = arena_alloc(rq->arena, sizeof *r);
	const struct principal *p = auth_principal(rq);
	*r = (struct flag_review){.flag_id = id,
	                          .status = decision,
	                          .by_user = p ? p->user_id : 0,
	                          .now_ms = clock_wall_ms()};
	rq->audit.action =
	    strcmp(decision, "cleared") == 0 ? "officer.flag.clear" : "officer.flag.reject";
	rq->audit.object_type = "officer_flag";
	rq->audit.object_id = &r->flag_id;
	rq->audit.scope = f.township;
	return req_write(rq, points_flag_review, r, then);
}

static int api_reviewed(struct req *rq, struct resp *rs)
{
	struct flag_review *r = rq->write_ctx;
	if (r->not_open)
		return reply_error(rq, rs, 409, "flag_not_open", NULL, "points.flag_not_open");
	if (rq->write_result != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	return reply_json(rs, 200,
	                  json_pack("{s:I, s:s, s:I}", "id", (json_int_t)r->flag_id, "status",
	                            r->status, "entries", (json_int_t)r->entries));
}

/* POST /api/v1/officers/flags/:id */
static int api_review(struct req *rq, struct resp *rs)
{
	json_t *s = rq->json ? json_object_get(rq->json, "status") : NULL;
	return review_begin(rq, rs, json_is_string(s) ? json_string_value(s) : NULL, api_reviewed);
}

static int form_reviewed(struct req *rq, struct resp *rs)
{
	struct flag_review *r = rq->write_ctx;
	if (rq->write_result != OK && !r->not_open)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	return reply_redirect(rs, 303,
	                      r->not_open ? "/admin/officers/flags?notice=not_open"
	                                  : "/admin/officers/flags?notice=reviewed");
}

/* POST /admin/officers/flags/:id/review */
static int page_review(struct req *rq, struct resp *rs)
{
	return review_begin(rq, rs, req_form(rq, "status"), form_reviewed);
}

/* GET /admin/officers/flags */
static int page_flags(struct req *rq, struct resp *rs)
{
	struct flag_page pg;
	if (flags_read(rq, rs, &pg) != OK)
		return OK;
	const char *area = pg.area, *status = pg.status;
	const struct points_flag *f = pg.f;
	int n = pg.n;
	struct strbuf *o = &rs->body;
	const struct principal *p = auth_principal(rq);
	page_begin(rq, rs, T(rq, "points.flags_title"));
	html_printf(o, "<h1>%s</h1>", T(rq, "points.flags_title"));
	const char *notice = req_query(rq, "notice");
	if (notice && strcmp(notice, "reviewed") == 0)
		html_printf(o, "<p class=\"notice\" role=\"status\">%s</p>",
		            T(rq, "points.flag_reviewed"));
	else if (notice && strcmp(notice, "not_open") == 0)
		html_printf(o, "<p class=\"error\" role=\"alert\">%s</p>",
		            T(rq, "points.flag_not_open"));
	static const char *const statuses[] = {"open", "cleared", "rejected"};
	html_printf(o,
	            "<form method=\"get\" class=\"filters\"><label>%s <input name=\"area\" "
	            "value=\"%s\" maxlength=\"9\"></label><label>%s <select name=\"status\">",
	            T(rq, "points.area"), area, T(rq, "points.status"));
	for (size_t i = 0; i < ARRAY_LEN(statuses); i++)
		html_printf(o, "<option value=\"%s\"%R>%s</option>", statuses[i],
		            strcmp(status, statuses[i]) == 0 ? " selected" : "",
		            T(rq, arena_printf(rq->arena, "points.flag.%s", statuses[i])));
	html_printf(o, "</select></label><button>%s</button></form>", T(rq, "points.show"));
	html_printf(o,
	            "<table class=\"flags\"><thead><tr><th>#</th><th>%s</th><th>%s</th>"
	            "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th></th></tr></thead><tbody>",
	            T(rq, "points.officer"), T(rq, "points.township"), T(rq, "points.day"),
	            T(rq, "points.flag_kind"), T(rq, "points.flag_detail"), T(rq, "points.held"));
	for (int i = 0; i < n; i++) {
		const char *name = points_officer_name(rq, f[i].officer_id);
		html_printf(o,
		            "<tr><td>%ld</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
		            "<td>%s</td><td>%ld</td><td>",
		            (long)f[i].id, name, points_region_name(rq, f[i].township), f[i].day,
		            T(rq, arena_printf(rq->arena, "points.flag.%s", f[i].kind)),
		            f[i].detail, (long)f[i].held_points);
		if (strcmp(f[i].status, "open") == 0)
			html_printf(
			    o,
			    "<form method=\"post\" action=\"/admin/officers/flags/%ld/review\">"
			    "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">"
			    "<button name=\"status\" value=\"cleared\">%s</button> "
			    "<button name=\"status\" value=\"rejected\">%s</button></form>",
			    (long)f[i].id, p && p->csrf ? p->csrf : "", T(rq, "points.clear"),
			    T(rq, "points.reject"));
		html_printf(o, "</td></tr>");
	}
	if (!n)
		html_printf(o, "<tr><td colspan=\"8\">%s</td></tr>", T(rq, "points.no_flags"));
	html_printf(o, "</tbody></table>");
	if (n == pg.limit)
		html_printf(
		    o,
		    "<p><a href=\"/admin/officers/flags?area=%u&amp;status=%u&amp;cursor=%ld\">"
		    "%s</a></p>",
		    area, status, (long)f[n - 1].id, T(rq, "points.next"));
	page_end(rq, rs);
	return OK;
}

void officer_fraud_mount(struct router *r)
{
	router_add(r, "GET", "/api/v1/officers/flags", FLAG_PERM, api_flags)->scope_param = "area";
	router_add(r, "POST", "/api/v1/officers/flags/:id", FLAG_PERM, api_review);
	router_add(r, "GET", "/admin/officers/flags", FLAG_PERM, page_flags)->scope_param = "area";
	router_add(r, "POST", "/admin/officers/flags/:id/review", FLAG_PERM, page_review);
}
