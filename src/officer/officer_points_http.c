/* officer_points_http.c: the officer's own points — GET /api/v1/officers/me/points (balance,
 * held, today, streak, newest ledger entries), the daily sign-in (POST
 * /api/v1/officers/me/signin and the page form POST /officer/signin), the page
 * /officer/points — and the helpers the other officer-points handlers share (period and
 * area parameters, the caller's officer record). Mounts every officer-points route. */
#include "auth/auth.h"
#include "base/clock.h"
#include "base/common.h"
#include "html/html.h"
#include "officer/officer.h"
#include "officer/officer_points.h"
#include "region/region.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ENTRIES_PAGE 50

/* ---- shared helpers ---- */

int points_reply_bad(struct req *rq, struct resp *rs, const char *field)
{
	return reply_error(rq, rs, 400, "invalid_value", field, "error.invalid_value");
}

int points_query_period(struct req *rq, char period[16], int32_t *day)
{
	const char *name = req_query(rq, "period");
	int kind = name && *name ? points_period_kind(name) : PERIOD_WEEK;
	const char *date = req_query(rq, "date");
	int32_t d = date && *date ? points_day_num(date) : points_today(clock_wall_ms());
	if (kind < 0 || d < 0)
		return ERR;
	points_period_key((enum points_period_kind)kind, d, period);
	if (day)
		*day = d;
	return OK;
}

bool points_query_int(struct req *rq, const char *name, int64_t lo, int64_t hi, int64_t dflt,
                      int64_t *out)
{
	const char *v = req_query(rq, name);
	*out = dflt;
	if (!v || !*v)
		return true;
	char *end;
	long long n = strtoll(v, &end, 10);
	if (*end || n < lo || n > hi)
		return false;
	*out = n;
	return true;
}

int points_me(struct req *rq, struct resp *rs, struct officer *o)
{
	const struct principal *p = auth_principal(rq);
	if (!p || officer_by_user(rq->app->store, rq->arena, p->user_id, o) != OK) {
		reply_error(rq, rs, 404, "not_an_officer", NULL, "points.not_an_officer");
		return ERR;
	}
	return OK;
}

const char *points_officer_name(struct req *rq, int64_t officer_id)
{
	struct officer o;
	struct user_row u;
	if (officer_by_id(rq->app->store, rq->arena, officer_id, &o) != OK ||
	    auth_user_by_id(rq->app->store, rq->arena, o.user_id, &u) != OK)
		return "";
	const char *name = strcmp(rq->lang, "mn") == 0 ? u.name_mn : u.name_zh;
	return name && *name ? name : u.login;
}

/* ---- my points ---- */

static json_t *entry_json(const struct points_entry *e)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:I, s:I}", "id", (json_int_t)e->id, "day",
	                      e->day, "reason", e->reason, "ref_kind", e->ref_kind, "ref_id",
	                      (json_int_t)e->ref_id, "points", (json_int_t)e->points);
	json_object_set_new(o, "held_by", e->held_by ? json_integer(e->held_by) : json_null());
	return o;
}

/* GET /api/v1/officers/me/points */
static int api_my_points(struct req *rq, struct resp *rs)
{
	struct officer o;
	if (points_me(rq, rs, &o) != OK)
		return OK;
	int64_t before;
	if (!points_query_int(rq, "cursor", 1, INT64_MAX, 0, &before))
		return points_reply_bad(rq, rs, "cursor");
	struct points_summary sum;
	struct points_entry *e;
	int n;
	if (points_summary_get(rq->app->store, o.id, points_today(clock_wall_ms()), &sum) != OK ||
	    (n = points_entries(rq->app->store, rq->arena, o.id, before, ENTRIES_PAGE, &e)) < 0)
		return reply_error(rq, rs, 500, "internal", NULL, "error.internal");
	json_t *items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, entry_json(&e[i]));
	json_t *j = json_pack("{s:I, s:I, s:I, s:I, s:i, s:b, s:o}", "officer_id", (json_int_t)o.id,
	                      "total", (json_int_t)sum.total, "held", (json_int_t)sum.held, "today",
	                      (json_int_t)sum.today, "streak", sum.streak, "signed_in_today",
	                      sum.signed_today, "items", items);
	json_object_set_new(
	    j, "next",
	    n == ENTRIES_PAGE ? json_string(arena_printf(rq->arena, "%lld", (long long)e[n - 1].id))
	                      : json_null());
	return reply_json(rs, 200, j);
}

/* ---- sign-in ---- */

/* Validates the caller and queues the sign-in; then answers after the commit. */
static int signin_begin(struct req *rq, struct resp *rs, handler_fn then)
{
	struct officer o;
	if (points_me(rq, rs, &o) != OK)
		return OK;
	if (strcmp(o.status, "active") != 0)
		return reply_error(rq, rs, 403, "officer_not_active", NULL, "points.not_active");
	struct points_rules *rules = arena_alloc(rq->arena, sizeof *rules);
	points_rules_from_config(rq->app->cfg, rules);
	struct points_signin *si = arena_alloc(rq->arena, sizeof *si);
	int64_t now = clock_wall_ms();
	*si = (struct points_signin){.officer_id = o.id,
	                             .township = o.township_code,
	                             .day = points_today(now),
	                             .now_ms = now,
	                             .rules = rules};
	rq->audit.action = "officer.signin";
	rq->audit.object_type = "officer";
	rq->audit.object_id = &si->officer_id;
	rq->audit.scope = o.township_code;
	return req_write(rq, points_signin_write, si, then);
}

static int api_signed_in(struct req *rq, struct resp *rs)
{
	struct points_signin *si = rq->write_ctx;
	if (si->already)
		return reply_error(rq, rs, 409, "already_signed_in", NULL,
		                   "points.already_signed_in");
	if (rq->write_result != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	char day[11];
	points_day_str(si->day, day);
	return reply_json(
	    rs, 201,
	    json_pack("{s:s, s:i, s:i}", "day", day, "streak", si->streak, "points", si->points));
}

/* POST /api/v1/officers/me/signin */
static int api_signin(struct req *rq, struct resp *rs)
{
	return signin_begin(rq, rs, api_signed_in);
}

/* Where the form goes back to: the officer page or the points page (nothing else). */
static const char *signin_back(struct req *rq)
{
	const char *back = req_form(rq, "back");
	return back && strcmp(back, "/officer") == 0 ? "/officer" : "/officer/points";
}

static int form_signed_in(struct req *rq, struct resp *rs)
{
	struct points_signin *si = rq->write_ctx;
	if (rq->write_result != OK && !si->already)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	return reply_redirect(rs, 303,
	                      arena_printf(rq->arena, "%s?signin=%s", signin_back(rq),
	                                   si->already ? "already" : "ok"));
}

/* POST /officer/signin */
static int page_signin(struct req *rq, struct resp *rs)
{
	return signin_begin(rq, rs, form_signed_in);
}

/* GET /officer/points */
static int page_my_points(struct req *rq, struct resp *rs)
{
	struct officer o;
	if (points_me(rq, rs, &o) != OK)
		return OK;
	struct points_entry *e;
	int n = points_entries(rq->app->store, rq->arena, o.id, 0, ENTRIES_PAGE, &e);
	if (n < 0)
		return reply_error(rq, rs, 500, "internal", NULL, "error.internal");
	points_view_page(rq, rs, &o, e, (size_t)n);
	return OK;
}

void officer_points_mount(struct router *r)
{
	router_add(r, "GET", "/api/v1/officers/me/points", PERM_SELF, api_my_points);
	router_add(r, "POST", "/api/v1/officers/me/signin", PERM_SELF, api_signin);
	router_add(r, "POST", "/officer/signin", PERM_SELF, page_signin);
	router_add(r, "GET", "/officer/points", PERM_SELF, page_my_points);
	officer_rank_mount(r);
	officer_task_mount(r);
	officer_fraud_mount(r);
	officer_honour_mount(r);
	officer_dash_mount(r);
}

const char *points_region_name(struct req *rq, const char *code)
{
	struct region r;
	if (!code || region_get(rq->app->store, rq->arena, code, &r) != OK)
		return code ? code : "";
	return strcmp(rq->lang, "mn") == 0 && r.name_mn && *r.name_mn ? r.name_mn : r.name_zh;
}

int points_query_area(struct req *rq, struct resp *rs, const char *perm, const char **area)
{
	const char *a = req_query(rq, "area");
	if (!a || !*a) {
		/* the caller's own first area (a region code) where they hold perm */
		const char **scopes;
		size_t n = auth_scopes(auth_principal(rq), perm, rq->arena, &scopes);
		a = "15";
		for (size_t i = 0; i < n; i++)
			if (rank_level_of(scopes[i]) >= 0) {
				a = scopes[i];
				break;
			}
	}
	if (rank_level_of(a) < 0) {
		points_reply_bad(rq, rs, "area");
		return ERR;
	}
	if (!auth_can(auth_principal(rq), perm, a)) {
		reply_error(rq, rs, 403, "forbidden", NULL, "error.forbidden");
		return ERR;
	}
	*area = a;
	return OK;
}
