/* quiz_view.c: the participant's quiz pages — the list of open campaigns, a campaign's
 * landing page (rules, times, the draw's commitment, start/resume, my attempts, the draw's
 * result), one question per screen with large touch targets, the result with explanations,
 * and the leaderboard. Plain HTML forms (no script needed); in Mongolian the page is
 * vertical, and text only in the other language keeps its own direction. */
#include "base/common.h"
#include "auth/auth.h"
#include "html/html.h"
#include "quiz/quiz_http.h"

#include <string.h>

static void quiz_css(struct strbuf *o)
{
	html_printf(o, "<link rel=\"stylesheet\" href=\"%U\">", "/static/css/quiz.css");
}

/* Writes text in the page's language, falling back to the other (Mongolian in a Chinese
 * page as a vertical span). */
static void text2(struct req *rq, struct strbuf *o, const char *zh, const char *mn)
{
	bool page_mn = strcmp(rq->lang, "mn") == 0;
	if (page_mn && mn && *mn)
		html_printf(o, "%s", mn);
	else if (!page_mn && zh && *zh)
		html_printf(o, "%s", zh);
	else if (mn && *mn)
		html_mn_text(o, mn);
	else
		html_printf(o, "<span lang=\"zh-Hans\">%s</span>", zh ? zh : "");
}

static void time_text(struct strbuf *o, int64_t ms)
{
	char t[20];
	quiz_format_time(ms, t);
	t[10] = ' ';
	html_printf(o, "<time>%s</time>", t);
}

void quiz_view_list(struct req *rq, struct resp *rs, const struct quiz_campaign *cs, size_t n)
{
	struct strbuf *o = &rs->body;
	page_begin(rq, rs, T(rq, "quiz.list.title"));
	quiz_css(o);
	html_printf(o, "<h1>%s</h1>", T(rq, "quiz.list.title"));
	if (!n)
		html_printf(o, "<p>%s</p>", T(rq, "quiz.list.none"));
	html_printf(o, "<ul class=\"quiz-list\">");
	for (size_t i = 0; i < n; i++) {
		html_printf(o, "<li><a class=\"quiz-big\" href=\"/quiz/%d\">", (int)cs[i].id);
		text2(rq, o, cs[i].title_zh, cs[i].title_mn);
		html_printf(o, "</a> %s ", T(rq, "quiz.closes"));
		time_text(o, cs[i].closes_at);
		html_printf(o, "</li>");
	}
	html_printf(o, "</ul>");
	page_end(rq, rs);
}

static void my_attempts(struct req *rq, struct strbuf *o, const struct quiz_landing *l)
{
	if (!l->nmine)
		return;
	html_printf(o, "<h2>%s</h2><ul class=\"quiz-mine\">", T(rq, "quiz.landing.mine"));
	for (size_t i = 0; i < l->nmine; i++) {
		const struct quiz_attempt_brief *b = &l->mine[i];
		html_printf(o, "<li><a href=\"/quiz/attempts/%d\">%s</a> ", (int)b->id,
		            T(rq, b->status == QS_ACTIVE     ? "quiz.status.active"
		                  : b->status == QS_FINISHED ? "quiz.status.finished"
		                                             : "quiz.status.expired"));
		if (b->status != QS_ACTIVE)
			html_printf(o, "%s %d / %d", T(rq, "quiz.score"), b->score, b->max_score);
		html_printf(o, "</li>");
	}
	html_printf(o, "</ul>");
	if (l->my_rank)
		html_printf(o, "<p>%s %d</p>", T(rq, "quiz.landing.my_rank"), l->my_rank);
}

static void draw_block(struct req *rq, struct strbuf *o, const struct quiz_draw_result *d)
{
	html_printf(o,
	            "<section class=\"quiz-draw\"><h2>%s</h2><p>%s <code>%s</code></p>"
	            "<p>%s <code>%s</code></p><p>%s %d</p><p>%s",
	            T(rq, "quiz.draw.title"), T(rq, "quiz.draw.seed"), d->seed_hex,
	            T(rq, "quiz.draw.list_hash"), d->list_hash, T(rq, "quiz.draw.eligible"),
	            (int)d->neligible, T(rq, "quiz.draw.winners"));
	for (size_t i = 0; i < d->nwinners; i++)
		html_printf(o, " <code>#%d</code>", (int)d->winners[i]);
	html_printf(o, "</p><p><a href=\"/api/v1/quiz/campaigns/%d/draw\">%s</a></p></section>",
	            (int)d->campaign_id, T(rq, "quiz.draw.download"));
}

void quiz_view_landing(struct req *rq, struct resp *rs, const struct quiz_landing *l)
{
	const struct quiz_campaign *c = l->c;
	struct strbuf *o = &rs->body;
	page_begin(rq, rs, quiz_title(rq, c));
	quiz_css(o);
	html_printf(o, "<h1>");
	text2(rq, o, c->title_zh, c->title_mn);
	html_printf(o, "</h1>");
	if (l->error_key)
		html_printf(o, "<p class=\"error\" role=\"alert\">%s</p>", T(rq, l->error_key));
	html_printf(o, "<div class=\"quiz-rules\">");
	text2(rq, o, c->rules_zh, c->rules_mn);
	html_printf(o, "</div><dl class=\"quiz-facts\"><dt>%s</dt><dd>", T(rq, "quiz.opens"));
	time_text(o, c->opens_at);
	html_printf(o, "</dd><dt>%s</dt><dd>", T(rq, "quiz.closes"));
	time_text(o, c->closes_at);
	html_printf(o,
	            "</dd><dt>%s</dt><dd>%d</dd><dt>%s</dt><dd>%d</dd><dt>%s</dt><dd>%d</dd>"
	            "<dt>%s</dt><dd><code class=\"quiz-hash\">%s</code></dd></dl>",
	            T(rq, "quiz.time_limit_min"), (c->time_limit_s + 59) / 60,
	            T(rq, "quiz.attempts_allowed"), c->attempts_allowed, T(rq, "quiz.pass_mark"),
	            c->pass_mark, T(rq, "quiz.commitment"), c->commitment);
	if (l->can_start && l->signed_in)
		html_printf(o,
		            "<form method=\"post\" action=\"/quiz/%d/start\">"
		            "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">"
		            "<button class=\"quiz-big\" type=\"submit\">%s</button></form>",
		            (int)c->id, auth_csrf_token(rq, rs), T(rq, "quiz.start"));
	else if (l->can_start)
		html_printf(o, "<p><a class=\"quiz-big\" href=\"/login?next=/quiz/%d\">%s</a></p>",
		            (int)c->id, T(rq, "quiz.sign_in_to_start"));
	else
		html_printf(o, "<p>%s</p>", T(rq, "quiz.not_open_now"));
	my_attempts(rq, o, l);
	html_printf(o, "<p><a href=\"/quiz/%d/leaderboard\">%s</a></p>", (int)c->id,
	            T(rq, "quiz.board.title"));
	if (l->draw)
		draw_block(rq, o, l->draw);
	page_end(rq, rs);
}

static void progress(struct req *rq, struct strbuf *o, const struct quiz_attempt *at,
                     const struct quiz_item_text *items, int n, int pos)
{
	html_printf(o, "<nav class=\"quiz-progress\" aria-label=\"%s\">", T(rq, "quiz.questions"));
	for (int i = 0; i < n; i++)
		html_printf(o, "<a href=\"/quiz/attempts/%d/q/%d\" class=\"%s%s\"%s>%d</a>",
		            (int)at->id, i + 1, items[i].answered ? "done" : "open",
		            i + 1 == pos ? " here" : "",
		            i + 1 == pos ? " aria-current=\"step\"" : "", i + 1);
	html_printf(o, "</nav>");
}

void quiz_view_question(struct req *rq, struct resp *rs, const struct quiz_campaign *c,
                        const struct quiz_attempt *at, const struct quiz_item_text *items, int n,
                        int pos, const char *error_key)
{
	const struct quiz_item_text *t = &items[pos - 1];
	struct strbuf *o = &rs->body;
	page_begin(rq, rs, quiz_title(rq, c));
	quiz_css(o);
	int64_t left = at->deadline_at - quiz_flow_now();
	html_printf(o, "<p class=\"quiz-meta\">%s %d / %d · %s %d</p>", T(rq, "quiz.question"), pos,
	            n, T(rq, "quiz.minutes_left"), left > 0 ? (int)((left + 59999) / 60000) : 0);
	progress(rq, o, at, items, n, pos);
	if (error_key)
		html_printf(o, "<p class=\"error\" role=\"alert\">%s</p>", T(rq, error_key));
	html_printf(o,
	            "<form class=\"quiz-q\" method=\"post\" action=\"/quiz/attempts/%d/q/%d\">"
	            "<input type=\"hidden\" name=\"_csrf\" value=\"%s\"><fieldset><legend "
	            "class=\"quiz-stem\">",
	            (int)at->id, pos, auth_csrf_token(rq, rs));
	text2(rq, o, t->stem_zh, t->stem_mn);
	html_printf(o, "</legend>");
	if (t->kind == QK_FILL) {
		html_printf(o,
		            "<label class=\"quiz-opt\">%s <input name=\"text\" maxlength=\"%d\" "
		            "value=\"%s\" autocomplete=\"off\"></label>",
		            T(rq, "quiz.your_answer"), QUIZ_ANSWER_MAX, t->answer ? t->answer : "");
	} else {
		const char *type = t->kind == QK_MULTI ? "checkbox" : "radio";
		for (int i = 0; i < t->nopt; i++) {
			html_printf(o,
			            "<label class=\"quiz-opt\"><input type=\"%s\" name=\"option\" "
			            "value=\"%d\"%R> <span>",
			            type, (int)t->options[i].id,
			            quiz_answer_has(t->answer, t->options[i].id) ? " checked" : "");
			text2(rq, o, t->options[i].text_zh, t->options[i].text_mn);
			html_printf(o, "</span></label>");
		}
	}
	html_printf(o, "</fieldset><div class=\"quiz-actions\">");
	if (pos > 1)
		html_printf(o, "<button class=\"quiz-big\" name=\"go\" value=\"prev\">%s</button>",
		            T(rq, "quiz.save_prev"));
	html_printf(o, "<button class=\"quiz-big primary\" name=\"go\" value=\"next\">%s</button>",
	            T(rq, pos < n ? "quiz.save_next" : "quiz.save"));
	html_printf(o,
	            "</div></form><form method=\"post\" action=\"/quiz/attempts/%d/finish\">"
	            "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">"
	            "<button class=\"quiz-big finish\" type=\"submit\">%s</button></form>",
	            (int)at->id, auth_csrf_token(rq, rs), T(rq, "quiz.finish"));
	page_end(rq, rs);
}

static void answer_text(struct req *rq, struct strbuf *o, const struct quiz_item_text *t,
                        bool correct_only)
{
	if (t->kind == QK_FILL) {
		const char *v = correct_only ? t->accepted : t->answer;
		html_printf(o, "%s", v ? v : "—");
		return;
	}
	bool any = false;
	for (int i = 0; i < t->nopt; i++) {
		bool show = correct_only ? t->options[i].correct
		                         : quiz_answer_has(t->answer, t->options[i].id);
		if (!show)
			continue;
		html_printf(o, "%R", any ? "；" : "");
		text2(rq, o, t->options[i].text_zh, t->options[i].text_mn);
		any = true;
	}
	if (!any)
		html_printf(o, "—");
}

void quiz_view_result(struct req *rq, struct resp *rs, const struct quiz_campaign *c,
                      const struct quiz_attempt *at, const struct quiz_item_text *items, int n)
{
	struct strbuf *o = &rs->body;
	page_begin(rq, rs, quiz_title(rq, c));
	quiz_css(o);
	html_printf(o, "<h1>%s</h1><p class=\"quiz-score\">%s <strong>%d</strong> / %d</p>",
	            T(rq, "quiz.result.title"), T(rq, "quiz.score"), at->score, at->max_score);
	html_printf(
	    o, "<p class=\"quiz-pass\">%s</p>",
	    T(rq, at->score >= c->pass_mark ? "quiz.result.passed" : "quiz.result.not_passed"));
	if (at->status == QS_EXPIRED)
		html_printf(o, "<p>%s</p>", T(rq, "quiz.result.timed_out"));
	html_printf(o, "<ol class=\"quiz-review\">");
	for (int i = 0; i < n; i++) {
		const struct quiz_item_text *t = &items[i];
		html_printf(o, "<li class=\"%s\"><div class=\"quiz-stem\">",
		            t->points >= t->max_points && t->answered ? "right" : "wrong");
		text2(rq, o, t->stem_zh, t->stem_mn);
		html_printf(o, "</div><p>%s ", T(rq, "quiz.result.yours"));
		answer_text(rq, o, t, false);
		html_printf(o, "</p><p>%s ", T(rq, "quiz.result.correct"));
		answer_text(rq, o, t, true);
		html_printf(o, "</p><div class=\"quiz-expl\">");
		text2(rq, o, t->explanation_zh, t->explanation_mn);
		html_printf(o, "</div></li>");
	}
	html_printf(
	    o, "</ol><p><a href=\"/quiz/%d\">%s</a> · <a href=\"/quiz/%d/leaderboard\">%s</a></p>",
	    (int)c->id, T(rq, "quiz.back_to_campaign"), (int)c->id, T(rq, "quiz.board.title"));
	page_end(rq, rs);
}

void quiz_view_board(struct req *rq, struct resp *rs, const struct quiz_campaign *c,
                     const char *group, const struct quiz_rank *rows, size_t n, int64_t total,
                     const char *const *names)
{
	struct strbuf *o = &rs->body;
	page_begin(rq, rs, T(rq, "quiz.board.title"));
	quiz_css(o);
	html_printf(o, "<h1>%s</h1><p><a href=\"/quiz/%d\">", T(rq, "quiz.board.title"),
	            (int)c->id);
	text2(rq, o, c->title_zh, c->title_mn);
	html_printf(o, "</a></p>");
	if (group && *group)
		html_printf(o, "<p>%s %s · <a href=\"/quiz/%d/leaderboard\">%s</a></p>",
		            T(rq, "quiz.board.group"), group, (int)c->id,
		            T(rq, "quiz.board.overall"));
	html_printf(o,
	            "<table class=\"quiz-board\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
	            "<th>%s</th><th>%s</th></tr></thead><tbody>",
	            T(rq, "quiz.board.rank"), T(rq, "quiz.board.name"), T(rq, "quiz.score"),
	            T(rq, "quiz.board.time"), T(rq, "quiz.board.region"));
	for (size_t i = 0; i < n; i++) {
		html_printf(o, "<tr><td>%d</td><td>%s</td><td>%d</td><td>%d.%d s</td>",
		            rows[i].rank, names[i], rows[i].score,
		            (int)(rows[i].duration_ms / 1000),
		            (int)(rows[i].duration_ms % 1000 / 100));
		char league[5] = {0};
		memcpy(league, rows[i].region_code, 4);
		html_printf(o, "<td><a href=\"/quiz/%d/leaderboard?group=%u\">%s</a></td></tr>",
		            (int)c->id, league, league);
	}
	html_printf(o, "</tbody></table><p>%s %d</p>", T(rq, "quiz.board.total"), (int)total);
	page_end(rq, rs);
}
