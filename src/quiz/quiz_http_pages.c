/* quiz_http_pages.c: the participant's pages — open campaigns (/quiz), a campaign's landing
 * page, starting or resuming, one question per screen (plain forms: no JavaScript needed),
 * finishing, the result with explanations, and the leaderboard. The attempt token lives in
 * an HttpOnly cookie scoped to the attempt's pages; the session proves the participant. */
#include "auth/auth.h"
#include "base/common.h"
#include "quiz/quiz_http.h"

#include <stdlib.h>
#include <string.h>

static const char *cookie_name(struct req *rq, int64_t id)
{
	return arena_printf(rq->arena, "qt%lld", (long long)id);
}

static const char *page_token(struct req *rq, int64_t id)
{
	return kvlist_get(&rq->cookies, cookie_name(rq, id));
}

static int see_other(struct req *rq, struct resp *rs, const char *fmt, int64_t id, int pos)
{
	return reply_redirect(rs, 303, arena_printf(rq->arena, fmt, (long long)id, pos));
}

/* GET /quiz */
static int page_list(struct req *rq, struct resp *rs)
{
	struct quiz_campaign *cs;
	size_t n;
	if (quiz_campaign_list(rq->app->store, rq->arena, NULL, 0, quiz_flow_now(), &cs, &n) != OK)
		return reply_error(rq, rs, 500, "internal", NULL, "error.internal");
	quiz_view_list(rq, rs, cs, n);
	return OK;
}

static void landing(struct req *rq, struct resp *rs, const struct quiz_campaign *c,
                    const char *error_key)
{
	struct quiz_landing l = {.c = c, .error_key = error_key};
	const struct principal *p = auth_principal(rq);
	int64_t now = quiz_flow_now();
	l.signed_in = p != NULL;
	l.can_start = now >= c->opens_at && now < c->closes_at;
	if (p) {
		quiz_attempts_of(rq->app->store, rq->arena, c->id, p->user_id,
		                 (struct quiz_attempt_brief **)&l.mine, &l.nmine);
		l.my_rank = quiz_board_rank_of(rq->app->store, c->id, p->user_id);
	}
	struct quiz_draw_result *d = arena_alloc(rq->arena, sizeof *d);
	if (c->drawn && quiz_draw_get(rq->app->store, rq->arena, c->id, d) == OK)
		l.draw = d;
	resp_header(rs, "Cache-Control", "no-store");
	quiz_view_landing(rq, rs, &l);
}

/* GET /quiz/:id */
static int page_landing(struct req *rq, struct resp *rs)
{
	struct quiz_campaign c;
	struct quiz_flow_error e = {0};
	if (quiz_flow_campaign(rq, quiz_path_id(rq, "id"), &c, &e) != OK)
		return quiz_reply_flow(rq, rs, &e);
	landing(rq, rs, &c, NULL);
	return OK;
}

static int first_open_position(struct req *rq, int64_t id)
{
	struct quiz_attempt at;
	if (quiz_cache_items(rq->app->store, rq->arena, id, &at) != OK)
		return 1;
	for (int i = 0; i < at.nitems; i++)
		if (!at.items[i].answered)
			return i + 1;
	return at.nitems > 0 ? at.nitems : 1;
}

static int page_started(struct req *rq, struct resp *rs)
{
	struct quiz_start_req *s = rq->write_ctx;
	quiz_flow_started(rq, s);
	if (s->w.refusal) {
		rs->status = 409;
		landing(rq, rs, &s->c, s->w.refusal);
		return OK;
	}
	if (rq->write_result != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	resp_header(rs, "Set-Cookie",
	            arena_printf(rq->arena,
	                         "%s=%s; Path=/quiz/attempts/%lld; HttpOnly; SameSite=Lax%s",
	                         cookie_name(rq, s->w.id), s->token, (long long)s->w.id,
	                         rq->app->cfg->tls ? "; Secure" : ""));
	return see_other(rq, rs, "/quiz/attempts/%lld/q/%d", s->w.id,
	                 first_open_position(rq, s->w.id));
}

/* POST /quiz/:id/start */
static int page_start(struct req *rq, struct resp *rs)
{
	struct quiz_flow_error e = {0};
	int64_t id = quiz_path_id(rq, "id");
	if (quiz_flow_start(rq, id, page_started, &e) == OK)
		return OK;
	struct quiz_campaign c;
	if (e.status == 404 || quiz_flow_campaign(rq, id, &c, &e) != OK)
		return quiz_reply_flow(rq, rs, &e);
	rs->status = e.status;
	landing(rq, rs, &c, e.key);
	return OK;
}

/* Loads the caller's attempt for a page (owner + cookie token); ERR after replying. */
static int own(struct req *rq, struct resp *rs, struct quiz_attempt *at, struct quiz_campaign *c)
{
	struct quiz_flow_error e = {0};
	int64_t id = quiz_path_id(rq, "id");
	if (quiz_flow_own(rq, id, page_token(rq, id), at, 0, NULL, &e) != OK ||
	    quiz_flow_campaign(rq, at->campaign_id, c, &e) != OK)
		return quiz_reply_flow(rq, rs, &e), ERR;
	return OK;
}

static int show_question(struct req *rq, struct resp *rs, const struct quiz_attempt *at,
                         const struct quiz_campaign *c, int pos, const char *error_key)
{
	struct quiz_item_text *items;
	int n;
	if (quiz_attempt_texts(rq->app->store, rq->arena, at->id, false, &items, &n) != OK)
		return reply_error(rq, rs, 500, "internal", NULL, "error.internal");
	if (pos < 1 || pos > n)
		return reply_error(rq, rs, 404, "not_found", "position", "quiz.error.no_item");
	resp_header(rs, "Cache-Control", "no-store");
	quiz_view_question(rq, rs, c, at, items, n, pos, error_key);
	return OK;
}

/* GET /quiz/attempts/:id — the result once over, else the first open question */
static int page_attempt(struct req *rq, struct resp *rs)
{
	struct quiz_attempt at;
	struct quiz_campaign c;
	if (own(rq, rs, &at, &c) != OK)
		return OK;
	if (at.status == QS_ACTIVE)
		return see_other(rq, rs, "/quiz/attempts/%lld/q/%d", at.id,
		                 first_open_position(rq, at.id));
	struct quiz_item_text *items;
	int n;
	if (quiz_attempt_texts(rq->app->store, rq->arena, at.id, true, &items, &n) != OK)
		return reply_error(rq, rs, 500, "internal", NULL, "error.internal");
	resp_header(rs, "Cache-Control", "no-store");
	quiz_view_result(rq, rs, &c, &at, items, n);
	return OK;
}

/* GET /quiz/attempts/:id/q/:position */
static int page_question(struct req *rq, struct resp *rs)
{
	struct quiz_attempt at;
	struct quiz_campaign c;
	if (own(rq, rs, &at, &c) != OK)
		return OK;
	if (at.status != QS_ACTIVE)
		return see_other(rq, rs, "/quiz/attempts/%lld", at.id, 0);
	return show_question(rq, rs, &at, &c, (int)quiz_path_id(rq, "position"), NULL);
}

static int page_answered(struct req *rq, struct resp *rs)
{
	struct quiz_answer_req *a = rq->write_ctx;
	struct quiz_flow_error e = {0};
	if (quiz_flow_answered(rq, a, &e) != OK)
		return quiz_reply_flow(rq, rs, &e);
	int next = a->w.position < a->at.nitems ? a->w.position + 1 : a->w.position;
	const char *go = req_form(rq, "go");
	if (go && strcmp(go, "prev") == 0 && a->w.position > 1)
		next = a->w.position - 1;
	return see_other(rq, rs, "/quiz/attempts/%lld/q/%d", a->w.attempt_id, next);
}

/* POST /quiz/attempts/:id/q/:position (option=ID... or text=...) */
static int page_answer(struct req *rq, struct resp *rs)
{
	int64_t id = quiz_path_id(rq, "id");
	int pos = (int)quiz_path_id(rq, "position");
	int64_t opts[QUIZ_MAX_OPTIONS];
	int nopts = 0;
	for (size_t i = 0; i < rq->form.n; i++) {
		if (strcmp(rq->form.items[i].key, "option") != 0)
			continue;
		int64_t v;
		if (nopts >= QUIZ_MAX_OPTIONS ||
		    quiz_ids_parse(rq->form.items[i].value, &v, 1) != 1) {
			nopts = -1;
			break;
		}
		opts[nopts++] = v;
	}
	const char *text = req_form(rq, "text");
	struct quiz_flow_error e = {0};
	if (quiz_flow_answer(rq, id, page_token(rq, id), pos, opts, nopts, text, page_answered,
	                     &e) == OK)
		return OK;
	if (e.status != 400)
		return quiz_reply_flow(rq, rs, &e);
	struct quiz_attempt at;
	struct quiz_campaign c;
	if (own(rq, rs, &at, &c) != OK)
		return OK;
	rs->status = 400;
	return show_question(rq, rs, &at, &c, pos, e.key);
}

static int page_finished(struct req *rq, struct resp *rs)
{
	struct quiz_finish_req *f = rq->write_ctx;
	struct quiz_flow_error e = {0};
	if (quiz_flow_finished(rq, f, &e) != OK && e.status != 409)
		return quiz_reply_flow(rq, rs, &e);
	return see_other(rq, rs, "/quiz/attempts/%lld", f->w.attempt_id, 0);
}

/* POST /quiz/attempts/:id/finish */
static int page_finish(struct req *rq, struct resp *rs)
{
	int64_t id = quiz_path_id(rq, "id");
	struct quiz_flow_error e = {0};
	if (quiz_flow_finish(rq, id, page_token(rq, id), page_finished, &e) == OK)
		return OK;
	if (e.status == 409) /* finished already: show the result */
		return see_other(rq, rs, "/quiz/attempts/%lld", id, 0);
	return quiz_reply_flow(rq, rs, &e);
}

/* GET /quiz/:id/leaderboard[?group=CODE&offset=N] */
static int page_board(struct req *rq, struct resp *rs)
{
	struct quiz_campaign c;
	struct quiz_flow_error e = {0};
	if (quiz_flow_campaign(rq, quiz_path_id(rq, "id"), &c, &e) != OK)
		return quiz_reply_flow(rq, rs, &e);
	const char *group;
	int offset, limit;
	if (quiz_board_params(rq, &group, &offset, &limit) != OK)
		return reply_error(rq, rs, 400, "invalid_query", NULL,
		                   "quiz.error.bad_board_query");
	struct quiz_rank *rows;
	size_t n;
	int64_t total;
	if (quiz_board_top(rq->app->store, rq->arena, c.id, group, offset, limit, &rows, &n,
	                   &total) != OK)
		return reply_error(rq, rs, 500, "internal", NULL, "error.internal");
	const char **names = arena_alloc(rq->arena, (n ? n : 1) * sizeof *names);
	for (size_t i = 0; i < n; i++)
		names[i] = quiz_display_name(rq, rows[i].user_id);
	quiz_view_board(rq, rs, &c, group, rows, n, total, names);
	return OK;
}

void quiz_http_pages_mount(struct router *r)
{
	int rate = r->cfg ? r->cfg->quiz_rate_per_minute : 0;
	router_add(r, "GET", "/quiz", PERM_PUBLIC, page_list);
	router_add(r, "GET", "/quiz/:id", PERM_PUBLIC, page_landing);
	router_add(r, "GET", "/quiz/:id/leaderboard", PERM_PUBLIC, page_board);
	router_add(r, "POST", "/quiz/:id/start", PERM_SELF, page_start)->rate_per_minute = rate;
	router_add(r, "GET", "/quiz/attempts/:id", PERM_SELF, page_attempt);
	router_add(r, "GET", "/quiz/attempts/:id/q/:position", PERM_SELF, page_question);
	router_add(r, "POST", "/quiz/attempts/:id/q/:position", PERM_SELF, page_answer)
	    ->rate_per_minute = rate;
	router_add(r, "POST", "/quiz/attempts/:id/finish", PERM_SELF, page_finish)
	    ->rate_per_minute = rate;
}
