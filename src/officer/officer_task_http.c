/* officer_task_http.c: sharing tasks — a county's org managers designate the day's articles
 * (or quizzes) that earn officers extra points when shared. GET /api/v1/officers/tasks
 * (public: the designated items are no secret), POST /api/v1/officers/tasks and the console
 * page /admin/officers/tasks (list + form). A task's county must lie within the creator's
 * org.manage scope; the write is audited. */
#include "auth/auth.h"
#include "base/clock.h"
#include "base/common.h"
#include "content/content.h"
#include "html/html.h"
#include "officer/officer_points.h"
#include "region/region.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TASK_PERM "org.manage"

/* A field from the JSON body (a string or an integer) or the form; NULL when absent. */
static const char *field(struct req *rq, const char *name)
{
	if (rq->json) {
		json_t *v = json_object_get(rq->json, name);
		if (json_is_string(v))
			return json_string_value(v);
		if (json_is_integer(v))
			return arena_printf(rq->arena, "%lld", (long long)json_integer_value(v));
		return NULL;
	}
	return req_form(rq, name);
}

static bool positive(const char *v, int64_t max, int64_t *out)
{
	if (!v || !*v)
		return false;
	char *end;
	long long n = strtoll(v, &end, 10);
	if (*end || n < 1 || n > max)
		return false;
	*out = n;
	return true;
}

/* Reads and checks a new task; on ERR *bad names the field and *why the catalog key. */
static int task_read(struct req *rq, struct points_task_new *t, const char **bad, const char **why)
{
	*why = "error.invalid_value";
	memset(t, 0, sizeof *t);
	t->county = field(rq, "county");
	t->day = field(rq, "day");
	t->target_kind = field(rq, "target_kind");
	if (!t->target_kind || !*t->target_kind)
		t->target_kind = "article";
	const char *points = field(rq, "points");
	if (rank_level_of(t->county) != LEVEL_COUNTY || !region_exists(rq->app->store, t->county)) {
		*bad = "county";
		*why = "error.unknown_region";
		return ERR;
	}
	if (points_day_num(t->day) < 0) {
		*bad = "day";
		return ERR;
	}
	if (strcmp(t->target_kind, "article") != 0 && strcmp(t->target_kind, "quiz") != 0) {
		*bad = "target_kind";
		return ERR;
	}
	struct article a;
	if (!positive(field(rq, "target_id"), INT64_MAX, &t->target_id) ||
	    (strcmp(t->target_kind, "article") == 0 &&
	     content_article_get(rq->app->store, rq->arena, t->target_id, &a) != OK)) {
		*bad = "target_id";
		return ERR;
	}
	t->points = rq->app->cfg->points_task;
	if (points && *points && !positive(points, 10000, &t->points)) {
		*bad = "points";
		return ERR;
	}
	return OK;
}

/* Validates, checks the scope and queues the insert. */
static int task_create(struct req *rq, struct resp *rs, handler_fn then)
{
	struct points_task_new *t = arena_alloc(rq->arena, sizeof *t);
	const char *bad, *why;
	if (task_read(rq, t, &bad, &why) != OK)
		return reply_error(rq, rs, 400, "invalid_value", bad, why);
	if (!auth_can(auth_principal(rq), TASK_PERM, t->county))
		return reply_error(rq, rs, 403, "forbidden", NULL, "error.forbidden");
	const struct principal *p = auth_principal(rq);
	t->by_user = p ? p->user_id : 0;
	t->now_ms = clock_wall_ms();
	rq->audit.action = "officer.task.create";
	rq->audit.object_type = "officer_task";
	rq->audit.object_id = &t->id;
	rq->audit.scope = t->county;
	rq->audit.summary =
	    arena_printf(rq->arena, "%s %s %s %lld +%lld", t->county, t->day, t->target_kind,
	                 (long long)t->target_id, (long long)t->points);
	return req_write(rq, points_task_insert, t, then);
}

static json_t *task_json(const struct points_task *t)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:I, s:I}", "id", (json_int_t)t->id, "county",
	                 t->county, "day", t->day, "target_kind", t->target_kind, "target_id",
	                 (json_int_t)t->target_id, "points", (json_int_t)t->points);
}

static int api_created(struct req *rq, struct resp *rs)
{
	struct points_task_new *t = rq->write_ctx;
	if (t->duplicate)
		return reply_error(rq, rs, 409, "duplicate_task", "target_id",
		                   "points.task_duplicate");
	if (rq->write_result != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	struct points_task row = {t->id,          t->county,    t->day,
	                          t->target_kind, t->target_id, t->points};
	resp_header(
	    rs, "Location",
	    arena_printf(rq->arena, "/api/v1/officers/tasks?county=%s&day=%s", t->county, t->day));
	return reply_json(rs, 201, task_json(&row));
}

/* POST /api/v1/officers/tasks */
static int api_task_post(struct req *rq, struct resp *rs)
{
	return task_create(rq, rs, api_created);
}

/* GET /api/v1/officers/tasks?county=&day= */
static int api_tasks(struct req *rq, struct resp *rs)
{
	const char *county = req_query(rq, "county");
	const char *day = req_query(rq, "day");
	if (rank_level_of(county) != LEVEL_COUNTY)
		return points_reply_bad(rq, rs, "county");
	if (day && *day && points_day_num(day) < 0)
		return points_reply_bad(rq, rs, "day");
	struct points_task *t;
	int n = points_tasks_list(rq->app->store, rq->arena, county, day && *day ? day : NULL, &t);
	if (n < 0)
		return reply_error(rq, rs, 500, "internal", NULL, "error.internal");
	json_t *items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, task_json(&t[i]));
	return reply_json(rs, 200,
	                  json_pack("{s:o, s:i, s:n}", "items", items, "total", n, "next"));
}

/* ---- the console page ---- */

static void view_tasks(struct req *rq, struct resp *rs, const char *county,
                       const struct points_task *t, int n, const char *error_key,
                       const char *error_field)
{
	struct strbuf *o = &rs->body;
	page_begin(rq, rs, T(rq, "points.tasks_title"));
	html_printf(o, "<h1>%s</h1>", T(rq, "points.tasks_title"));
	html_printf(o,
	            "<form method=\"get\" action=\"/admin/officers/tasks\"><label>%s "
	            "<input name=\"county\" value=\"%s\" inputmode=\"numeric\" maxlength=\"6\">"
	            "</label> <button>%s</button></form>",
	            T(rq, "points.county"), county ? county : "", T(rq, "points.show"));
	if (error_key)
		html_printf(o, "<p class=\"error\" role=\"alert\">%s: %s</p>",
		            error_field ? error_field : "", T(rq, error_key));
	if (county) {
		html_printf(o,
		            "<h2>%s</h2><table><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
		            "<th>%s</th></tr></thead><tbody>",
		            points_region_name(rq, county), T(rq, "points.day"),
		            T(rq, "points.item"), T(rq, "points.points"), "#");
		for (int i = 0; i < n; i++)
			html_printf(
			    o, "<tr><td>%s</td><td>%s #%ld</td><td>%ld</td><td>%ld</td></tr>",
			    t[i].day,
			    T(rq, t[i].target_kind[0] == 'q' ? "points.quiz" : "points.article"),
			    (long)t[i].target_id, (long)t[i].points, (long)t[i].id);
		if (!n)
			html_printf(o, "<tr><td colspan=\"4\">%s</td></tr>",
			            T(rq, "points.no_tasks"));
		html_printf(o, "</tbody></table>");
	}
	char today[11];
	points_day_str(points_today(clock_wall_ms()), today);
	const struct principal *p = auth_principal(rq);
	html_printf(
	    o,
	    "<h2>%s</h2><form method=\"post\" action=\"/admin/officers/tasks\" class=\"task-new\">"
	    "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">"
	    "<label>%s <input name=\"county\" required value=\"%s\" maxlength=\"6\"></label>"
	    "<label>%s <input name=\"day\" type=\"date\" required value=\"%s\"></label>"
	    "<label>%s <select name=\"target_kind\"><option value=\"article\">%s</option>"
	    "<option value=\"quiz\">%s</option></select></label>"
	    "<label>%s <input name=\"target_id\" required inputmode=\"numeric\"></label>"
	    "<label>%s <input name=\"points\" inputmode=\"numeric\" value=\"%d\"></label>"
	    "<button type=\"submit\">%s</button></form>",
	    T(rq, "points.task_new"), p && p->csrf ? p->csrf : "", T(rq, "points.county"),
	    county ? county : "", T(rq, "points.day"), today, T(rq, "points.item_kind"),
	    T(rq, "points.article"), T(rq, "points.quiz"), T(rq, "points.item_id"),
	    T(rq, "points.points"), rq->app->cfg->points_task, T(rq, "points.task_add"));
	page_end(rq, rs);
}

/* GET /admin/officers/tasks?county= */
static int page_tasks(struct req *rq, struct resp *rs)
{
	const char *county = req_query(rq, "county");
	if (county && *county && rank_level_of(county) != LEVEL_COUNTY)
		return points_reply_bad(rq, rs, "county");
	struct points_task *t = NULL;
	int n = 0;
	if (county && *county)
		n = points_tasks_list(rq->app->store, rq->arena, county, NULL, &t);
	view_tasks(rq, rs, county && *county ? county : NULL, t, n < 0 ? 0 : n, NULL, NULL);
	return OK;
}

static int form_created(struct req *rq, struct resp *rs)
{
	struct points_task_new *t = rq->write_ctx;
	if (t->duplicate) {
		rs->status = 409;
		view_tasks(rq, rs, t->county, NULL, 0, "points.task_duplicate", "target_id");
		return OK;
	}
	if (rq->write_result != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	return reply_redirect(
	    rs, 303, arena_printf(rq->arena, "/admin/officers/tasks?county=%s", t->county));
}

/* POST /admin/officers/tasks */
static int page_task_post(struct req *rq, struct resp *rs)
{
	return task_create(rq, rs, form_created);
}

void officer_task_mount(struct router *r)
{
	router_add(r, "GET", "/api/v1/officers/tasks", PERM_PUBLIC, api_tasks);
	router_add(r, "POST", "/api/v1/officers/tasks", TASK_PERM, api_task_post);
	router_add(r, "GET", "/admin/officers/tasks", TASK_PERM, page_tasks)->scope_param =
	    "county";
	router_add(r, "POST", "/admin/officers/tasks", TASK_PERM, page_task_post);
}
