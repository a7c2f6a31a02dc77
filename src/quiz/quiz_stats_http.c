/* quiz_stats_http.c: a campaign's statistics for quiz managers (quiz.manage in the
 * campaign's region): /admin/quiz/campaigns/:id/stats — totals, the map of the 12 leagues
 * (ECharts with the geo data served from /static/geo, no network needed), attempts per day,
 * the score distribution, the league table and the questions with their facility and
 * discrimination indices (flagged ones marked) — and its CSV and XLSX downloads. The charts'
 * data travels in an escaped data attribute read by /static/js/quiz-stats.js. */
#include "auth/auth.h"
#include "base/common.h"
#include "html/html.h"
#include "quiz/quiz_bank_http.h"
#include "quiz/quiz_stats.h"

#include <string.h>

/* The campaign of the path with its statistics; replies 404/403/503 itself. */
static int load(struct req *rq, struct resp *rs, struct quiz_stats *st)
{
	int64_t id = quiz_parse_id(req_param(rq, "id"));
	int rc = id ? quiz_stats_compute(rq->app->store, rq->arena, id, st) : QUIZ_NOT_FOUND;
	if (rc == QUIZ_NOT_FOUND)
		return reply_error(rq, rs, 404, "not_found", NULL, "quiz_stats.unknown_campaign"),
		       ERR;
	if (rc != OK)
		return quiz_reply_result(rq, rs, QUIZ_OK), ERR;
	if (!auth_can(auth_principal(rq), "quiz.manage", st->region_code))
		return reply_error(rq, rs, 403, "forbidden", NULL, "error.forbidden"), ERR;
	return OK;
}

/* A number with `digits` decimals as text (html_printf has no %f). */
static const char *fixed(struct req *rq, double v, int digits)
{
	return arena_printf(rq->arena, "%.*f", digits, v);
}

static const char *league_name(struct req *rq, const struct quiz_stats_league *l)
{
	return strcmp(rq->lang, "mn") == 0 && *l->name_mn ? l->name_mn : l->name_zh;
}

/* The charts' data as JSON text (escaped into an attribute by the caller). */
static char *chart_data(struct req *rq, const struct quiz_stats *st)
{
	json_t *leagues = json_array(), *days = json_array(), *buckets = json_array();
	for (size_t i = 0; i < st->n_leagues; i++)
		json_array_append_new(
		    leagues,
		    json_pack("{s:s, s:s, s:s, s:I, s:I}", "code", st->leagues[i].code, "name",
		              st->leagues[i].name_zh, "label", league_name(rq, &st->leagues[i]),
		              "participants", (json_int_t)st->leagues[i].participants, "attempts",
		              (json_int_t)st->leagues[i].attempts));
	for (size_t i = 0; i < st->n_days; i++)
		json_array_append_new(
		    days, json_pack("{s:s, s:I, s:I}", "day", st->days[i].day, "participants",
		                    (json_int_t)st->days[i].participants, "attempts",
		                    (json_int_t)st->days[i].attempts));
	for (int b = 0; b <= 10; b++)
		json_array_append_new(buckets, json_integer(st->buckets[b]));
	json_t *j = json_pack(
	    "{s:o, s:o, s:o, s:{s:s, s:s, s:s}}", "leagues", leagues, "days", days, "buckets",
	    buckets, "labels", "participants", T(rq, "quiz_stats.participants"), "attempts",
	    T(rq, "quiz_stats.attempts"), "scores", T(rq, "quiz_stats.score_pct"));
	char *text = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	char *copy = arena_strdup(rq->arena, text ? text : "{}");
	free(text);
	return copy;
}

/* GET /admin/quiz/campaigns/:id/stats */
static int page_stats(struct req *rq, struct resp *rs)
{
	struct quiz_stats st;
	if (load(rq, rs, &st) != OK)
		return OK;
	bool mn = strcmp(rq->lang, "mn") == 0;
	const char *title = mn && *st.title_mn ? st.title_mn : st.title_zh;
	quiz_console_begin(rq, rs, T(rq, "quiz_stats.title"));
	struct strbuf *o = &rs->body;
	html_printf(o, "<div class=\"stats-page\"><h2>");
	if (mn && *st.title_mn)
		html_mn_text(o, title);
	else
		html_printf(o, "%s", title);
	html_printf(
	    o,
	    "</h2><p class=\"totals\">%s <b data-k=\"participants\">%ld</b> · %s <b>%ld</b>"
	    " · %s <b>%ld</b> · %s <b>%s%%</b></p>"
	    "<p class=\"downloads\"><a href=\"/admin/quiz/campaigns/%ld/stats.xlsx\">XLSX</a>"
	    " · <a href=\"/admin/quiz/campaigns/%ld/stats.csv\">CSV</a></p>",
	    T(rq, "quiz_stats.participants"), (long)st.participants, T(rq, "quiz_stats.attempts"),
	    (long)st.attempts, T(rq, "quiz_stats.scored"), (long)st.scored,
	    T(rq, "quiz_stats.mean_pct"), fixed(rq, st.mean_pct, 1), (long)st.campaign_id,
	    (long)st.campaign_id);
	html_printf(
	    o,
	    "<h3>%s</h3><div id=\"quiz-map\" data-stats=\"%s\" role=\"img\" aria-label=\"%s\">"
	    "</div><div class=\"charts\"><div id=\"quiz-days\"></div><div id=\"quiz-scores\">"
	    "</div></div>",
	    T(rq, "quiz_stats.map"), chart_data(rq, &st), T(rq, "quiz_stats.map"));
	html_printf(o,
	            "<h3>%s</h3><table class=\"stats leagues\"><thead><tr><th>%s</th><th>%s</th>"
	            "<th>%s</th><th>%s</th></tr></thead><tbody>",
	            T(rq, "quiz_stats.by_league"), T(rq, "quiz_stats.league"),
	            T(rq, "quiz_stats.participants"), T(rq, "quiz_stats.attempts"),
	            T(rq, "quiz_stats.mean_pct"));
	for (size_t i = 0; i < st.n_leagues; i++) {
		const struct quiz_stats_league *l = &st.leagues[i];
		html_printf(o, "<tr data-code=\"%s\"><td>", l->code);
		if (mn && *l->name_mn)
			html_mn_text(o, l->name_mn);
		else
			html_printf(o, "%s", l->name_zh);
		html_printf(o,
		            "</td><td class=\"num\">%ld</td><td class=\"num\">%ld</td>"
		            "<td class=\"num\">%s</td></tr>",
		            (long)l->participants, (long)l->attempts, fixed(rq, l->mean_pct, 1));
	}
	html_printf(o,
	            "</tbody></table><h3>%s</h3><p class=\"help\">%s</p><table class=\"stats "
	            "questions\"><thead><tr><th>#</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
	            "<th>%s</th></tr></thead><tbody>",
	            T(rq, "quiz_stats.questions"), T(rq, "quiz_stats.help"),
	            T(rq, "quiz_stats.stem"), T(rq, "quiz_stats.n"), T(rq, "quiz_stats.facility"),
	            T(rq, "quiz_stats.discrimination"), T(rq, "quiz_stats.review"));
	for (size_t i = 0; i < st.n_items; i++) {
		const struct quiz_stats_item *it = &st.items[i];
		html_printf(o, "<tr data-question=\"%ld\"%R><td>%ld</td><td>",
		            (long)it->question_id, it->flag ? " class=\"flag\"" : "",
		            (long)it->question_id);
		if (*it->stem_zh && !(mn && *it->stem_mn))
			html_printf(o, "%s", it->stem_zh);
		else
			html_mn_text(o, it->stem_mn);
		html_printf(o, "</td><td class=\"num\">%ld</td><td class=\"num facility\">%s</td>",
		            (long)it->n, fixed(rq, it->facility, 3));
		if (it->has_thirds)
			html_printf(o, "<td class=\"num discrimination\">%s</td>",
			            fixed(rq, it->discrimination, 3));
		else
			html_printf(o, "<td class=\"num discrimination\">–</td>");
		html_printf(o, "<td>%s</td></tr>", it->flag ? T(rq, "quiz_stats.flagged") : "");
	}
	html_printf(o, "</tbody></table></div>"
	               "<script src=\"/static/vendor/echarts.min.js\"></script>"
	               "<script src=\"/static/js/quiz-stats.js\"></script>");
	page_end(rq, rs);
	return OK;
}

static void attachment(struct req *rq, struct resp *rs, const struct quiz_stats *st,
                       const char *ctype, const char *ext)
{
	rs->status = 200;
	rs->content_type = ctype;
	resp_header(rs, "Cache-Control", "no-store");
	resp_header(rs, "Content-Disposition",
	            arena_printf(rq->arena, "attachment; filename=\"quiz-%ld-stats.%s\"",
	                         (long)st->campaign_id, ext));
}

/* GET /admin/quiz/campaigns/:id/stats.csv */
static int download_csv(struct req *rq, struct resp *rs)
{
	struct quiz_stats st;
	if (load(rq, rs, &st) != OK)
		return OK;
	quiz_stats_csv(&rs->body, &st, rq->lang);
	attachment(rq, rs, &st, "text/csv; charset=utf-8", "csv");
	return OK;
}

/* GET /admin/quiz/campaigns/:id/stats.xlsx */
static int download_xlsx(struct req *rq, struct resp *rs)
{
	struct quiz_stats st;
	if (load(rq, rs, &st) != OK)
		return OK;
	if (quiz_stats_xlsx(&rs->body, &st, rq->lang) != OK)
		return quiz_reply_result(rq, rs, QUIZ_OK);
	attachment(rq, rs, &st, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	           "xlsx");
	return OK;
}

void quiz_stats_mount(struct router *r)
{
	router_add(r, "GET", "/admin/quiz/campaigns/:id/stats", "quiz.manage", page_stats);
	router_add(r, "GET", "/admin/quiz/campaigns/:id/stats.csv", "quiz.manage", download_csv);
	router_add(r, "GET", "/admin/quiz/campaigns/:id/stats.xlsx", "quiz.manage", download_xlsx);
}
