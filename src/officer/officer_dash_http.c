/* officer_dash_http.c: the officers' dashboard — the page /admin/officers/dashboard
 * (report.read) with the region map of the 12 leagues, coloured by registered officers or
 * by readers brought (ECharts from npm and the league polygons in web/geo/, both served by
 * Tala, so it works offline; web/js/officer-dashboard.js draws it), and its data, GET
 * /api/v1/officers/map (public: per-league totals, no personal data). */
#include "base/common.h"
#include "html/html.h"
#include "http/server.h"
#include "officer/officer_points.h"

#include <string.h>

#define DASH_PERM "report.read"

/* GET /api/v1/officers/map?period=&date= */
static int api_map(struct req *rq, struct resp *rs)
{
	char period[16];
	if (points_query_period(rq, period, NULL) != OK)
		return points_reply_bad(rq, rs, req_query(rq, "date") ? "date" : "period");
	struct dash_league *d;
	int n = points_dash_leagues(rq->app->store, rq->arena, period, &d);
	if (n < 0)
		return reply_error(rq, rs, 500, "internal", NULL, "error.internal");
	json_t *items = json_array();
	for (int i = 0; i < n; i++) {
		json_array_append_new(
		    items, json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I}", "code", d[i].code,
		                     "name", points_region_name(rq, d[i].code), "officers",
		                     (json_int_t)d[i].registered, "active", (json_int_t)d[i].active,
		                     "shares", (json_int_t)d[i].shares, "readers",
		                     (json_int_t)d[i].readers, "points", (json_int_t)d[i].points));
	}
	return reply_json(rs, 200,
	                  json_pack("{s:s, s:o, s:i, s:n}", "period", period, "items", items,
	                            "total", n, "next"));
}

/* GET /admin/officers/dashboard?period= */
static int page_dashboard(struct req *rq, struct resp *rs)
{
	char period[16];
	if (points_query_period(rq, period, NULL) != OK)
		return points_reply_bad(rq, rs, "period");
	const char *kind = req_query(rq, "period");
	struct dash_league *d;
	int n = points_dash_leagues(rq->app->store, rq->arena, period, &d);
	if (n < 0)
		return reply_error(rq, rs, 500, "internal", NULL, "error.internal");
	struct strbuf *o = &rs->body;
	page_begin(rq, rs, T(rq, "points.dashboard_title"));
	html_printf(o, "<h1>%s</h1>", T(rq, "points.dashboard_title"));
	static const char *const kinds[] = {"week", "month", "year", "all"};
	html_printf(o, "<form method=\"get\" class=\"filters\"><label>%s <select name=\"period\">",
	            T(rq, "points.period"));
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
		html_printf(o, "<option value=\"%s\"%R>%s</option>", kinds[i],
		            kind && strcmp(kind, kinds[i]) == 0 ? " selected" : "",
		            T(rq, arena_printf(rq->arena, "points.%s", kinds[i])));
	html_printf(o, "</select></label><button>%s</button></form>", T(rq, "points.show"));
	html_printf(o,
	            "<p class=\"map-switch\"><button type=\"button\" data-metric=\"officers\">%s"
	            "</button> <button type=\"button\" data-metric=\"readers\">%s</button></p>"
	            "<div id=\"officer-map\" class=\"officer-map\" data-api=\"/api/v1/officers/map?"
	            "period=%u&amp;lang=%u\" data-geo=\"%U\" data-label-officers=\"%s\" "
	            "data-label-readers=\"%s\"></div>",
	            T(rq, "points.map_officers"), T(rq, "points.map_readers"), kind ? kind : "week",
	            rq->lang, static_url(rq, "geo/inner-mongolia-leagues.json"),
	            T(rq, "points.map_officers"), T(rq, "points.map_readers"));
	/* the same numbers as a table: readable without scripts and by screen readers */
	html_printf(o,
	            "<table class=\"leagues\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
	            "<th>%s</th><th>%s</th></tr></thead><tbody>",
	            T(rq, "points.league"), T(rq, "points.map_officers"), T(rq, "points.active"),
	            T(rq, "points.shares"), T(rq, "points.map_readers"));
	for (int i = 0; i < n; i++)
		html_printf(o,
		            "<tr><td>%s</td><td>%ld</td><td>%ld</td><td>%ld</td><td>%ld</td></tr>",
		            points_region_name(rq, d[i].code), (long)d[i].registered,
		            (long)d[i].active, (long)d[i].shares, (long)d[i].readers);
	html_printf(o, "</tbody></table>");
	html_printf(o, "<script src=\"%U\"></script><script src=\"%U\"></script>",
	            static_url(rq, "vendor/echarts.min.js"),
	            static_url(rq, "js/officer-dashboard.js"));
	page_end(rq, rs);
	return OK;
}

void officer_dash_mount(struct router *r)
{
	router_add(r, "GET", "/api/v1/officers/map", PERM_PUBLIC, api_map);
	router_add(r, "GET", "/admin/officers/dashboard", DASH_PERM, page_dashboard);
}
