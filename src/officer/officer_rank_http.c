/* officer_rank_http.c: rankings — officers by points within a township, county, league or
 * the region (GET /api/v1/officers/rankings, org.manage over the area: names are shown),
 * the leagues and counties themselves by officers, shares, readers or points (GET
 * /api/v1/officers/rankings/areas, public), the caller's own ranks (GET
 * /api/v1/officers/me/rank) and the managers' page /admin/officers/rankings. Every list
 * reads the aggregates in index order (officer_rank_db.c). */
#include "auth/auth.h"
#include "base/clock.h"
#include "base/common.h"
#include "html/html.h"
#include "officer/officer.h"
#include "officer/officer_points.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RANK_PERM     "org.manage"
#define RANK_PAGE_MAX 200

static const char *const level_names[] = {"region", "league", "county", "township"};

struct rank_page {
	char period[16];
	const char *area;
	struct rank_row *rows;
	int n;
	int64_t total;
	const char *next;
};

/* Reads the query (period, date, area, cursor, limit) and one page; ERR after answering. */
static int rank_read(struct req *rq, struct resp *rs, struct rank_page *pg)
{
	memset(pg, 0, sizeof *pg);
	if (points_query_area(rq, rs, RANK_PERM, &pg->area) != OK)
		return ERR;
	if (points_query_period(rq, pg->period, NULL) != OK)
		return points_reply_bad(rq, rs, req_query(rq, "date") ? "date" : "period"), ERR;
	int64_t limit, after_points = 0, after_id = 0, first = 1;
	if (!points_query_int(rq, "limit", 1, RANK_PAGE_MAX, 50, &limit))
		return points_reply_bad(rq, rs, "limit"), ERR;
	const char *cursor = req_query(rq, "cursor");
	if (cursor && *cursor && !rank_cursor_parse(cursor, &after_points, &after_id, &first))
		return points_reply_bad(rq, rs, "cursor"), ERR;
	pg->n = rank_officers(rq->app->store, rq->arena, pg->period, pg->area, after_points,
	                      after_id, first, (int)limit, &pg->rows);
	struct area_row *self;
	int level = rank_level_of(pg->area);
	int na =
	    rank_areas(rq->app->store, rq->arena, pg->period, level, pg->area, "points", &self);
	if (pg->n < 0 || na < 0) {
		reply_error(rq, rs, 500, "internal", NULL, "error.internal");
		return ERR;
	}
	for (int i = 0; i < na; i++)
		if (strcmp(self[i].area, pg->area) == 0)
			pg->total = self[i].officers;
	if (pg->n == limit) {
		const struct rank_row *last = &pg->rows[pg->n - 1];
		pg->next = arena_printf(rq->arena, "%lld.%lld.%lld", (long long)last->points,
		                        (long long)last->officer_id, (long long)last->rank + 1);
	}
	return OK;
}

/* GET /api/v1/officers/rankings?area=&period=&date=&cursor=&limit= */
static int api_rankings(struct req *rq, struct resp *rs)
{
	struct rank_page pg;
	if (rank_read(rq, rs, &pg) != OK)
		return OK;
	json_t *items = json_array();
	for (int i = 0; i < pg.n; i++) {
		const struct rank_row *r = &pg.rows[i];
		const char *name = points_officer_name(rq, r->officer_id);
		json_array_append_new(
		    items,
		    json_pack("{s:I, s:I, s:s, s:s, s:I, s:I, s:I}", "rank", (json_int_t)r->rank,
		              "officer_id", (json_int_t)r->officer_id, "name", name, "township",
		              r->township, "points", (json_int_t)r->points, "shares",
		              (json_int_t)r->shares, "readers", (json_int_t)r->readers));
	}
	json_t *j = json_pack("{s:s, s:s, s:o, s:I}", "period", pg.period, "area", pg.area, "items",
	                      items, "total", (json_int_t)pg.total);
	json_object_set_new(j, "next", pg.next ? json_string(pg.next) : json_null());
	return reply_json(rs, 200, j);
}

/* Reads ?level=league|county (default league), ?parent=, ?by=; ERR after answering. */
static int areas_read(struct req *rq, struct resp *rs, char period[16], int *level,
                      const char **parent, const char **by, struct area_row **rows, int *n)
{
	if (points_query_period(rq, period, NULL) != OK)
		return points_reply_bad(rq, rs, req_query(rq, "date") ? "date" : "period"), ERR;
	const char *lv = req_query(rq, "level");
	*level = lv && *lv ? rank_level_parse(lv) : LEVEL_LEAGUE;
	if (*level != LEVEL_LEAGUE && *level != LEVEL_COUNTY)
		return points_reply_bad(rq, rs, "level"), ERR;
	*parent = req_query(rq, "parent");
	if (*parent && *parent && (rank_level_of(*parent) < 0 || rank_level_of(*parent) >= *level))
		return points_reply_bad(rq, rs, "parent"), ERR;
	if (*parent && !**parent)
		*parent = NULL;
	*by = req_query(rq, "by");
	if (!*by || !**by)
		*by = "readers";
	*n = rank_areas(rq->app->store, rq->arena, period, *level, *parent, *by, rows);
	if (*n < 0)
		return points_reply_bad(rq, rs, "by"), ERR;
	return OK;
}

/* GET /api/v1/officers/rankings/areas?level=&parent=&by=&period=&date= */
static int api_area_rankings(struct req *rq, struct resp *rs)
{
	char period[16];
	int level, n;
	const char *parent, *by;
	struct area_row *rows;
	if (areas_read(rq, rs, period, &level, &parent, &by, &rows, &n) != OK)
		return OK;
	json_t *items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:i, s:s, s:s, s:I, s:I, s:I, s:I}",
		                                       "rank", i + 1, "code", rows[i].area, "name",
		                                       points_region_name(rq, rows[i].area),
		                                       "officers", (json_int_t)rows[i].officers,
		                                       "shares", (json_int_t)rows[i].shares,
		                                       "readers", (json_int_t)rows[i].readers,
		                                       "points", (json_int_t)rows[i].points));
	return reply_json(rs, 200,
	                  json_pack("{s:s, s:s, s:s, s:o, s:i, s:n}", "period", period, "level",
	                            level_names[level], "by", by, "items", items, "total", n,
	                            "next"));
}

/* GET /api/v1/officers/me/rank */
static int api_my_rank(struct req *rq, struct resp *rs)
{
	struct officer o;
	if (points_me(rq, rs, &o) != OK)
		return OK;
	static const char *const kinds[] = {"all", "year", "month", "week"};
	static const int lens[] = {2, 4, 6, 9};
	int32_t day = points_today(clock_wall_ms());
	const char *date = req_query(rq, "date");
	if (date && *date && (day = points_day_num(date)) < 0)
		return points_reply_bad(rq, rs, "date");
	json_t *periods = json_object();
	for (int k = 0; k < POINTS_PERIODS; k++) {
		char period[16];
		points_period_key((enum points_period_kind)k, day, period);
		json_t *ranks = json_object();
		struct rank_row me = {0};
		for (int l = 0; l < 4; l++) {
			char area[16];
			snprintf(area, sizeof area, "%.*s", lens[l], o.township_code);
			if (rank_officer_get(rq->app->store, period, o.id, area, &me) != OK) {
				json_decref(ranks);
				json_decref(periods);
				return reply_error(rq, rs, 500, "internal", NULL, "error.internal");
			}
			json_object_set_new(ranks, level_names[l],
			                    me.rank ? json_integer(me.rank) : json_null());
		}
		json_object_set_new(periods, kinds[k],
		                    json_pack("{s:s, s:I, s:I, s:I, s:o}", "period", period,
		                              "points", (json_int_t)me.points, "shares",
		                              (json_int_t)me.shares, "readers",
		                              (json_int_t)me.readers, "rank", ranks));
	}
	return reply_json(rs, 200,
	                  json_pack("{s:I, s:s, s:o}", "officer_id", (json_int_t)o.id, "township",
	                            o.township_code, "periods", periods));
}

/* ---- the managers' page ---- */

static void period_form(struct req *rq, struct strbuf *o, const char *action, const char *area)
{
	const char *period = req_query(rq, "period");
	const char *date = req_query(rq, "date");
	static const char *const kinds[] = {"week", "month", "year", "all"};
	html_printf(o,
	            "<form method=\"get\" action=\"%s\" class=\"filters\"><label>%s "
	            "<input name=\"area\" value=\"%s\" maxlength=\"9\" inputmode=\"numeric\">"
	            "</label><label>%s <select name=\"period\">",
	            action, T(rq, "points.area"), area ? area : "15", T(rq, "points.period"));
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
		html_printf(o, "<option value=\"%s\"%R>%s</option>", kinds[i],
		            period && strcmp(period, kinds[i]) == 0 ? " selected" : "",
		            T(rq, arena_printf(rq->arena, "points.%s", kinds[i])));
	html_printf(o,
	            "</select></label><label>%s <input type=\"date\" name=\"date\" value=\"%s\">"
	            "</label><button>%s</button></form>",
	            T(rq, "points.date"), date ? date : "", T(rq, "points.show"));
}

/* GET /admin/officers/rankings?area=&period=&date=&cursor= */
static int page_rankings(struct req *rq, struct resp *rs)
{
	struct rank_page pg;
	if (rank_read(rq, rs, &pg) != OK)
		return OK;
	int level = rank_level_of(pg.area);
	struct area_row *areas = NULL;
	int na = level < LEVEL_COUNTY ? rank_areas(rq->app->store, rq->arena, pg.period, level + 1,
	                                           pg.area, "readers", &areas)
	                              : 0;
	struct strbuf *o = &rs->body;
	page_begin(rq, rs, T(rq, "points.rankings_title"));
	html_printf(o, "<h1>%s — %s</h1>", T(rq, "points.rankings_title"),
	            points_region_name(rq, pg.area));
	period_form(rq, o, "/admin/officers/rankings", pg.area);
	html_printf(o, "<p>%s: %s · %s: %ld</p>", T(rq, "points.period"), pg.period,
	            T(rq, "points.officers"), (long)pg.total);
	if (na > 0) {
		html_printf(o,
		            "<h2>%s</h2><table class=\"areas\"><thead><tr><th>#</th><th>%s</th>"
		            "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
		            T(rq, "points.areas"), T(rq, "points.area"), T(rq, "points.officers"),
		            T(rq, "points.shares"), T(rq, "points.readers"),
		            T(rq, "points.points"));
		for (int i = 0; i < na; i++)
			html_printf(
			    o,
			    "<tr><td>%d</td><td><a href=\"/admin/officers/rankings?area=%u&amp;"
			    "period=%u&amp;date=%u\">%s</a></td><td>%ld</td><td>%ld</td>"
			    "<td>%ld</td><td>%ld</td></tr>",
			    i + 1, areas[i].area,
			    req_query(rq, "period") ? req_query(rq, "period") : "",
			    req_query(rq, "date") ? req_query(rq, "date") : "",
			    points_region_name(rq, areas[i].area), (long)areas[i].officers,
			    (long)areas[i].shares, (long)areas[i].readers, (long)areas[i].points);
		html_printf(o, "</tbody></table>");
	}
	html_printf(o,
	            "<h2>%s</h2><table class=\"officers\"><thead><tr><th>#</th><th>%s</th>"
	            "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
	            T(rq, "points.officer_ranking"), T(rq, "points.officer"),
	            T(rq, "points.township"), T(rq, "points.points"), T(rq, "points.shares"),
	            T(rq, "points.readers"));
	for (int i = 0; i < pg.n; i++) {
		const struct rank_row *r = &pg.rows[i];
		const char *name = points_officer_name(rq, r->officer_id);
		html_printf(o,
		            "<tr><td>%ld</td><td>%s</td><td>%s</td><td>%ld</td><td>%ld</td>"
		            "<td>%ld</td></tr>",
		            (long)r->rank, name, points_region_name(rq, r->township),
		            (long)r->points, (long)r->shares, (long)r->readers);
	}
	if (!pg.n)
		html_printf(o, "<tr><td colspan=\"6\">%s</td></tr>", T(rq, "points.no_entries"));
	html_printf(o, "</tbody></table>");
	if (pg.next)
		html_printf(o,
		            "<p><a href=\"/admin/officers/rankings?area=%u&amp;period=%u&amp;"
		            "date=%u&amp;cursor=%u\">%s</a></p>",
		            pg.area, req_query(rq, "period") ? req_query(rq, "period") : "",
		            req_query(rq, "date") ? req_query(rq, "date") : "", pg.next,
		            T(rq, "points.next"));
	page_end(rq, rs);
	return OK;
}

void officer_rank_mount(struct router *r)
{
	router_add(r, "GET", "/api/v1/officers/rankings", RANK_PERM, api_rankings)->scope_param =
	    "area";
	router_add(r, "GET", "/api/v1/officers/rankings/areas", PERM_PUBLIC, api_area_rankings);
	router_add(r, "GET", "/api/v1/officers/me/rank", PERM_SELF, api_my_rank);
	router_add(r, "GET", "/admin/officers/rankings", RANK_PERM, page_rankings)->scope_param =
	    "area";
}
