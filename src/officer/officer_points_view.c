/* officer_points_view.c: the officer's own points in HTML — the sections officer_view.c puts
 * on the officer page (my points with the sign-in button, my rank, today's tasks) and the
 * page /officer/points (the same sections and the ledger's newest entries). Fit for a
 * phone: one column, large buttons. */
#include "auth/auth.h"
#include "base/clock.h"
#include "base/common.h"
#include "content/content.h"
#include "html/html.h"
#include "officer/officer.h"
#include "officer/officer_points.h"

#include <string.h>

static const char *csrf(struct req *rq)
{
	const struct principal *p = auth_principal(rq);
	return p && p->csrf ? p->csrf : "";
}

void officer_points_section(struct req *rq, struct strbuf *out, const struct officer *o)
{
	struct points_summary sum;
	if (points_summary_get(rq->app->store, o->id, points_today(clock_wall_ms()), &sum) != OK)
		return;
	html_printf(out,
	            "<section class=\"points\"><h2>%s</h2><p class=\"points-total\">"
	            "<strong>%ld</strong> %s</p><ul class=\"points-facts\">"
	            "<li>%s: %ld</li><li>%s: %ld</li><li>%s: %d</li></ul>",
	            T(rq, "points.my_points"), (long)sum.total, T(rq, "points.unit"),
	            T(rq, "points.today"), (long)sum.today, T(rq, "points.held"), (long)sum.held,
	            T(rq, "points.streak"), sum.streak);
	const char *signin = req_query(rq, "signin");
	if (signin && strcmp(signin, "ok") == 0)
		html_printf(out, "<p class=\"notice\" role=\"status\">%s</p>",
		            T(rq, "points.signed_in"));
	if (sum.signed_today)
		html_printf(out, "<p class=\"signed\">%s</p>", T(rq, "points.already_signed_in"));
	else if (strcmp(o->status, "active") == 0)
		html_printf(out,
		            "<form method=\"post\" action=\"/officer/signin\">"
		            "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">"
		            "<input type=\"hidden\" name=\"back\" value=\"%s\">"
		            "<button type=\"submit\" class=\"big\">%s</button></form>",
		            csrf(rq),
		            strncmp(rq->path, "/officer/points", 15) == 0 ? "/officer/points"
		                                                          : "/officer",
		            T(rq, "points.signin"));
	html_printf(out, "<p><a href=\"/officer/points\">%s</a></p></section>",
	            T(rq, "points.ledger"));
}

void officer_rank_section(struct req *rq, struct strbuf *out, const struct officer *o)
{
	static const char *const kinds[] = {"points.week", "points.month", "points.year",
	                                    "points.all"};
	static const enum points_period_kind pk[] = {PERIOD_WEEK, PERIOD_MONTH, PERIOD_YEAR,
	                                             PERIOD_ALL};
	static const int lens[] = {9, 6, 4, 2};
	int32_t today = points_today(clock_wall_ms());
	html_printf(out,
	            "<section class=\"my-rank\"><h2>%s</h2><table><thead><tr><th></th>"
	            "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
	            T(rq, "points.my_rank"), T(rq, "points.points"),
	            points_region_name(rq, o->township_code),
	            points_region_name(rq, arena_printf(rq->arena, "%.6s", o->township_code)),
	            points_region_name(rq, arena_printf(rq->arena, "%.4s", o->township_code)),
	            T(rq, "points.region"));
	for (size_t k = 0; k < 4; k++) {
		char period[16];
		points_period_key(pk[k], today, period);
		html_printf(out, "<tr><th>%s</th>", T(rq, kinds[k]));
		for (size_t l = 0; l < 4; l++) {
			char area[16];
			snprintf(area, sizeof area, "%.*s", lens[l], o->township_code);
			struct rank_row me;
			if (rank_officer_get(rq->app->store, period, o->id, area, &me) != OK)
				me.rank = 0;
			if (l == 0)
				html_printf(out, "<td>%ld</td>", (long)me.points);
			if (me.rank)
				html_printf(out, "<td>%ld</td>", (long)me.rank);
			else
				html_printf(out, "<td>–</td>");
		}
		html_printf(out, "</tr>");
	}
	html_printf(out, "</tbody></table></section>");
}

void officer_tasks_section(struct req *rq, struct strbuf *out, const struct officer *o)
{
	char day[11];
	points_day_str(points_today(clock_wall_ms()), day);
	struct points_task *t;
	int n = points_tasks_list(rq->app->store, rq->arena,
	                          arena_printf(rq->arena, "%.6s", o->township_code), day, &t);
	html_printf(out, "<section class=\"tasks\"><h2>%s</h2>", T(rq, "points.tasks_today"));
	if (n <= 0) {
		html_printf(out, "<p>%s</p></section>", T(rq, "points.no_tasks"));
		return;
	}
	html_printf(out, "<ul>");
	for (int i = 0; i < n; i++) {
		const char *title = NULL;
		struct article a;
		if (strcmp(t[i].target_kind, "article") == 0 &&
		    content_article_get(rq->app->store, rq->arena, t[i].target_id, &a) == OK) {
			const struct article_text *tx =
			    strcmp(rq->lang, "mn") == 0 && a.mn ? a.mn : a.zh;
			if (!tx)
				tx = a.mn;
			title = tx ? tx->title : NULL;
		}
		if (!title)
			title = arena_printf(
			    rq->arena, "%s #%lld",
			    T(rq, t[i].target_kind[0] == 'q' ? "points.quiz" : "points.article"),
			    (long long)t[i].target_id);
		bool done = points_task_done(rq->app->store, o->id, t[i].id);
		html_printf(out, "<li>%s — +%ld %s%s%s</li>", title, (long)t[i].points,
		            T(rq, "points.unit"), done ? " ✓ " : "",
		            done ? T(rq, "points.task_done") : "");
	}
	html_printf(out, "</ul></section>");
}

static const char *reason_key(struct req *rq, const char *reason)
{
	return T(rq, arena_printf(rq->arena, "points.reason.%s", reason));
}

void points_view_page(struct req *rq, struct resp *rs, const struct officer *o,
                      const struct points_entry *e, size_t n)
{
	struct strbuf *out = &rs->body;
	page_begin(rq, rs, T(rq, "points.title"));
	html_printf(out, "<div class=\"officer-points\">");
	html_printf(out, "<h1>%s</h1>", T(rq, "points.title"));
	officer_points_section(rq, out, o);
	officer_rank_section(rq, out, o);
	officer_tasks_section(rq, out, o);
	html_printf(out,
	            "<section class=\"ledger\"><h2>%s</h2><table><thead><tr><th>%s</th>"
	            "<th>%s</th><th>%s</th></tr></thead><tbody>",
	            T(rq, "points.ledger"), T(rq, "points.day"), T(rq, "points.reason"),
	            T(rq, "points.points"));
	for (size_t i = 0; i < n; i++)
		html_printf(out, "<tr><td>%s</td><td>%s%s</td><td>%ld</td></tr>", e[i].day,
		            reason_key(rq, e[i].reason),
		            e[i].held_by ? T(rq, "points.held_mark") : "", (long)e[i].points);
	if (!n)
		html_printf(out, "<tr><td colspan=\"3\">%s</td></tr>", T(rq, "points.no_entries"));
	html_printf(out, "</tbody></table></section>");
	html_printf(out, "</div>");
	page_end(rq, rs);
}
