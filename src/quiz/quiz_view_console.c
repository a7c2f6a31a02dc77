/* quiz_view_console.c: the manager's campaign pages — the list, the create/edit form (with
 * the member list upload and the draw button), and the anti-cheating review with
 * exclude/include buttons. */
#include "auth/auth.h"
#include "base/common.h"
#include "html/html.h"
#include "quiz/quiz_http.h"

#include <string.h>

void quiz_view_console_list(struct req *rq, struct resp *rs, const struct quiz_campaign *cs,
                            size_t n)
{
	struct strbuf *o = &rs->body;
	page_begin(rq, rs, T(rq, "quiz.console.title"));
	html_printf(o,
	            "<h1>%s</h1><p><a href=\"/admin/quiz/campaigns/new\">%s</a></p>"
	            "<table class=\"quiz-console\"><thead><tr><th>#</th><th>%s</th><th>%s</th>"
	            "<th>%s</th><th></th></tr></thead><tbody>",
	            T(rq, "quiz.console.title"), T(rq, "quiz.console.new"),
	            T(rq, "quiz.field.title"), T(rq, "quiz.field.region"), T(rq, "quiz.closes"));
	for (size_t i = 0; i < n; i++) {
		char t[20];
		quiz_format_time(cs[i].closes_at, t);
		html_printf(
		    o,
		    "<tr><td>%d</td><td><a href=\"/admin/quiz/campaigns/%d\">%s</a></td>"
		    "<td>%s</td><td>%s</td><td><a href=\"/admin/quiz/campaigns/%d/review\">%s"
		    "</a></td></tr>",
		    (int)cs[i].id, (int)cs[i].id, quiz_title(rq, &cs[i]), cs[i].region_code, t,
		    (int)cs[i].id, T(rq, "quiz.console.review"));
	}
	html_printf(o, "</tbody></table>");
	page_end(rq, rs);
}

static void input(struct req *rq, struct strbuf *o, const char *name, const char *label_key,
                  const char *type, const char *value)
{
	html_printf(o, "<label>%s <input type=\"%s\" name=\"%s\" value=\"%s\"></label>",
	            T(rq, label_key), type, name, value ? value : "");
}

static void area(struct req *rq, struct strbuf *o, const char *name, const char *label_key,
                 const char *value, bool mn)
{
	html_printf(o, "<label>%s <textarea name=\"%s\" rows=\"4\"%R>%s</textarea></label>",
	            T(rq, label_key), name, mn ? " lang=\"mn-Mong\" class=\"mn\"" : "",
	            value ? value : "");
}

static void select2(struct req *rq, struct strbuf *o, const char *name, const char *label_key,
                    const char *a, const char *b, const char *value)
{
	html_printf(o,
	            "<label>%s <select name=\"%s\"><option value=\"%s\"%R>%s</option>"
	            "<option value=\"%s\"%R>%s</option></select></label>",
	            T(rq, label_key), name, a, strcmp(value, a) == 0 ? " selected" : "",
	            T(rq, arena_printf(rq->arena, "quiz.value.%s", a)), b,
	            strcmp(value, b) == 0 ? " selected" : "",
	            T(rq, arena_printf(rq->arena, "quiz.value.%s", b)));
}

void quiz_view_console_form(struct req *rq, struct resp *rs, const struct quiz_campaign *c,
                            const struct field_error *fe, const char *notice_key, int64_t members)
{
	struct strbuf *o = &rs->body;
	const char *csrf = auth_csrf_token(rq, rs);
	page_begin(rq, rs, c->id ? quiz_title(rq, c) : T(rq, "quiz.console.new"));
	html_printf(o, "<h1>%s</h1><p><a href=\"/admin/quiz/campaigns\">%s</a></p>",
	            c->id ? quiz_title(rq, c) : T(rq, "quiz.console.new"),
	            T(rq, "quiz.console.title"));
	if (notice_key)
		html_printf(o, "<p class=\"notice\">%s</p>", T(rq, notice_key));
	if (fe && fe->message_key)
		html_printf(o, "<p class=\"error\" role=\"alert\">%s: %s</p>",
		            fe->field ? fe->field : "", T(rq, fe->message_key));
	if (c->id)
		html_printf(
		    o,
		    "<form class=\"console\" method=\"post\" action=\"/admin/quiz/campaigns/%d\">"
		    "<input type=\"hidden\" name=\"version\" value=\"%d\">",
		    (int)c->id, (int)c->version);
	else
		html_printf(
		    o, "<form class=\"console\" method=\"post\" action=\"/admin/quiz/campaigns\">");
	html_printf(o, "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">", csrf);
	input(rq, o, "title_zh", "quiz.field.title_zh", "text", c->title_zh);
	input(rq, o, "title_mn", "quiz.field.title_mn", "text", c->title_mn);
	area(rq, o, "rules_zh", "quiz.field.rules_zh", c->rules_zh, false);
	area(rq, o, "rules_mn", "quiz.field.rules_mn", c->rules_mn, true);
	input(rq, o, "region", "quiz.field.region", "text", c->region_code);
	input(rq, o, "sites", "quiz.field.sites", "text", c->sites);
	char t[20];
	quiz_format_time(c->opens_at, t);
	input(rq, o, "opens_at", "quiz.opens", "datetime-local", t);
	quiz_format_time(c->closes_at, t);
	input(rq, o, "closes_at", "quiz.closes", "datetime-local", t);
	struct strbuf draws;
	strbuf_init(&draws);
	for (int i = 0; i < c->ndraws; i++)
		strbuf_printf(&draws, "%s%s:%d", i ? "\n" : "", c->draws[i].category,
		              c->draws[i].count);
	area(rq, o, "draws", "quiz.field.draws", draws.data ? draws.data : "", false);
	strbuf_free(&draws);
	const char *nums[][2] = {
	    {"time_limit_s", arena_printf(rq->arena, "%d", c->time_limit_s)},
	    {"attempts_allowed", arena_printf(rq->arena, "%d", c->attempts_allowed)},
	    {"pass_mark", arena_printf(rq->arena, "%d", c->pass_mark)},
	    {"prizes", arena_printf(rq->arena, "%d", c->prizes)},
	};
	for (size_t i = 0; i < ARRAY_LEN(nums); i++)
		input(rq, o, nums[i][0], arena_printf(rq->arena, "quiz.field.%s", nums[i][0]),
		      "number", nums[i][1]);
	select2(rq, o, "counting", "quiz.field.counting", "best", "last", c->counting);
	select2(rq, o, "audience", "quiz.field.audience", "public", "members", c->audience);
	html_printf(o,
	            "<label><input type=\"hidden\" name=\"shuffle\" value=\"0\"><input "
	            "type=\"checkbox\" name=\"shuffle\" value=\"1\"%R> %s</label>"
	            "<button type=\"submit\">%s</button></form>",
	            c->shuffle ? " checked" : "", T(rq, "quiz.field.shuffle"),
	            T(rq, "quiz.console.save"));
	if (!c->id) {
		page_end(rq, rs);
		return;
	}
	html_printf(o,
	            "<p>%s <code>%s</code></p>"
	            "<h2>%s</h2><p>%s %d</p><form class=\"console\" method=\"post\" "
	            "action=\"/admin/quiz/campaigns/%d/members\">"
	            "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">"
	            "<label>%s <textarea name=\"logins\" rows=\"4\"></textarea></label>"
	            "<label><input type=\"checkbox\" name=\"replace\" value=\"1\"> %s</label>"
	            "<button type=\"submit\">%s</button></form>",
	            T(rq, "quiz.commitment"), c->commitment, T(rq, "quiz.console.members"),
	            T(rq, "quiz.console.members_now"), (int)members, (int)c->id, csrf,
	            T(rq, "quiz.console.logins"), T(rq, "quiz.console.replace"),
	            T(rq, "quiz.console.upload"));
	html_printf(o,
	            "<h2>%s</h2><p><a href=\"/admin/quiz/campaigns/%d/review\">%s</a> · "
	            "<a href=\"/quiz/%d/leaderboard\">%s</a></p>",
	            T(rq, "quiz.console.after"), (int)c->id, T(rq, "quiz.console.review"),
	            (int)c->id, T(rq, "quiz.board.title"));
	if (!c->drawn)
		html_printf(o,
		            "<form method=\"post\" action=\"/admin/quiz/campaigns/%d/draw\">"
		            "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">"
		            "<button type=\"submit\">%s</button></form>",
		            (int)c->id, csrf, T(rq, "quiz.console.draw"));
	else
		html_printf(o, "<p><a href=\"/quiz/%d\">%s</a></p>", (int)c->id,
		            T(rq, "quiz.draw.title"));
	page_end(rq, rs);
}

void quiz_view_console_review(struct req *rq, struct resp *rs, const struct quiz_campaign *c,
                              const struct quiz_suspect *s, size_t n)
{
	struct strbuf *o = &rs->body;
	const char *csrf = auth_csrf_token(rq, rs);
	page_begin(rq, rs, T(rq, "quiz.console.review"));
	html_printf(o,
	            "<h1>%s</h1><p><a href=\"/admin/quiz/campaigns/%d\">%s</a></p><p>%s %d ms</p>"
	            "<table class=\"quiz-console\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
	            "<th>%s</th><th>%s</th><th></th></tr></thead><tbody>",
	            T(rq, "quiz.console.review"), (int)c->id, quiz_title(rq, c),
	            T(rq, "quiz.review.floor"), rq->app->cfg->quiz_answer_floor_ms,
	            T(rq, "quiz.review.attempt"), T(rq, "quiz.review.login"), T(rq, "quiz.score"),
	            T(rq, "quiz.review.fast"), T(rq, "quiz.review.group"));
	if (!n)
		html_printf(o, "<tr><td colspan=\"6\">%s</td></tr>", T(rq, "quiz.review.none"));
	for (size_t i = 0; i < n; i++) {
		html_printf(o,
		            "<tr%R><td>%d</td><td>%s</td><td>%d</td><td>%d</td><td>%R%d</td><td>"
		            "<form method=\"post\" action=\"/admin/quiz/attempts/%d/exclude\">"
		            "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">"
		            "<input type=\"hidden\" name=\"excluded\" value=\"%s\">"
		            "<input name=\"note\" value=\"%s\" maxlength=\"500\">"
		            "<button type=\"submit\">%s</button></form></td></tr>",
		            s[i].excluded ? " class=\"excluded\"" : "", (int)s[i].attempt_id,
		            s[i].login, s[i].score, s[i].fast_answers, s[i].group_id ? "#" : "",
		            s[i].group_id, (int)s[i].attempt_id, csrf, s[i].excluded ? "0" : "1",
		            s[i].note ? s[i].note : "",
		            T(rq, s[i].excluded ? "quiz.review.include" : "quiz.review.exclude"));
	}
	html_printf(o, "</tbody></table>");
	page_end(rq, rs);
}
