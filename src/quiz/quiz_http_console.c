/* quiz_http_console.c: the manager's console for campaigns (/admin/quiz/campaigns) — the list
 * within the manager's scopes, the create and edit form (409 on a stale version), the member
 * list upload, the anti-cheating review with exclude/include, and the prize draw. Each write
 * goes through the same steps as the API (quiz_http_campaigns.c). */
#include "auth/auth.h"
#include "base/common.h"
#include "quiz/quiz_http.h"

#include <stdlib.h>
#include <string.h>

static int load_managed(struct req *rq, struct resp *rs, struct quiz_campaign *c)
{
	struct quiz_flow_error e = {0};
	if (quiz_flow_campaign(rq, quiz_path_id(rq, "id"), c, &e) != OK)
		return quiz_reply_flow(rq, rs, &e), ERR;
	if (!quiz_can_manage(rq, c))
		return reply_error(rq, rs, 403, "forbidden", NULL, "error.forbidden"), ERR;
	return OK;
}

/* GET /admin/quiz/campaigns */
static int console_list(struct req *rq, struct resp *rs)
{
	const char **scopes;
	size_t ns = auth_scopes(auth_principal(rq), "quiz.manage", rq->arena, &scopes);
	bool admin = false;
	for (size_t i = 0; i < ns; i++)
		admin |= strncmp(scopes[i], "site:", 5) == 0 ? false : strlen(scopes[i]) <= 2;
	struct quiz_campaign *cs;
	size_t n;
	if (quiz_campaign_list(rq->app->store, rq->arena, admin ? NULL : scopes, ns, 0, &cs, &n) !=
	    OK)
		return reply_error(rq, rs, 500, "internal", NULL, "error.internal");
	resp_header(rs, "Cache-Control", "no-store");
	quiz_view_console_list(rq, rs, cs, n);
	return OK;
}

/* GET /admin/quiz/campaigns/new */
static int console_new(struct req *rq, struct resp *rs)
{
	struct quiz_campaign c = {0};
	int64_t now = quiz_flow_now();
	c.title_zh = c.title_mn = c.rules_zh = c.rules_mn = c.sites = "";
	c.region_code = auth_principal(rq)->region_code;
	c.opens_at = now;
	c.closes_at = now + 7 * 86400000LL;
	c.time_limit_s = 600;
	c.attempts_allowed = 1;
	c.pass_mark = 0;
	c.counting = "best";
	c.audience = "public";
	c.shuffle = true;
	resp_header(rs, "Cache-Control", "no-store");
	quiz_view_console_form(rq, rs, &c, NULL, NULL, 0);
	return OK;
}

static int console_saved(struct req *rq, struct resp *rs)
{
	struct quiz_campaign_save *w = rq->write_ctx;
	if (rq->write_result == OK) {
		quiz_board_invalidate(w->c.id);
		return reply_redirect(rs, 303,
		                      arena_printf(rq->arena, "/admin/quiz/campaigns/%lld?saved=1",
		                                   (long long)w->c.id));
	}
	if (!w->stale && !w->missing)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	struct field_error fe = {
	    .field = "version", .code = "stale", .message_key = "quiz.error.stale"};
	rs->status = w->missing ? 404 : 409;
	quiz_view_console_form(rq, rs, &w->c, &fe, NULL, 0);
	return OK;
}

static int save(struct req *rq, struct resp *rs, int64_t id, int64_t version)
{
	struct field_error fe = {0};
	if (quiz_campaign_begin_save(rq, rs, id, version, console_saved, &fe) == OK)
		return OK;
	/* show the form again with what was typed */
	struct quiz_campaign c = {0};
	struct field_error ignored;
	quiz_campaign_read(rq, &c, &ignored);
	c.id = id;
	c.version = version;
#define KEEP(f)                                                                                    \
	if (!c.f)                                                                                  \
		c.f = "";
	KEEP(title_zh) KEEP(title_mn) KEEP(rules_zh) KEEP(rules_mn) KEEP(sites) KEEP(region_code);
#undef KEEP
	if (!c.counting)
		c.counting = "best";
	if (!c.audience)
		c.audience = "public";
	rs->status = strcmp(fe.code, "forbidden") == 0 ? 403 : 400;
	quiz_view_console_form(rq, rs, &c, &fe, NULL, 0);
	return OK;
}

/* POST /admin/quiz/campaigns */
static int console_create(struct req *rq, struct resp *rs)
{
	return save(rq, rs, 0, 0);
}

/* GET /admin/quiz/campaigns/:id */
static int console_edit(struct req *rq, struct resp *rs)
{
	struct quiz_campaign c;
	if (load_managed(rq, rs, &c) != OK)
		return OK;
	const char *saved = req_query(rq, "saved");
	resp_header(rs, "Cache-Control", "no-store");
	quiz_view_console_form(rq, rs, &c, NULL, saved ? "quiz.console.saved" : NULL,
	                       quiz_members_count(rq->app->store, c.id));
	return OK;
}

/* POST /admin/quiz/campaigns/:id */
static int console_update(struct req *rq, struct resp *rs)
{
	struct quiz_campaign c;
	if (load_managed(rq, rs, &c) != OK)
		return OK;
	const char *v = req_form(rq, "version");
	long long version = v ? strtoll(v, NULL, 10) : 0;
	if (version < 1)
		return reply_error(rq, rs, 400, "invalid_value", "version", "error.invalid_value");
	return save(rq, rs, c.id, version);
}

static int back_to(struct req *rq, struct resp *rs, int64_t id, const char *what)
{
	return reply_redirect(
	    rs, 303, arena_printf(rq->arena, "/admin/quiz/campaigns/%lld%s", (long long)id, what));
}

static int console_members_set(struct req *rq, struct resp *rs)
{
	struct quiz_members_set *m = rq->write_ctx;
	if (rq->write_result != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	return back_to(rq, rs, m->campaign_id, "?saved=1");
}

/* POST /admin/quiz/campaigns/:id/members (logins: one per line; replace=1) */
static int console_members(struct req *rq, struct resp *rs)
{
	struct quiz_campaign c;
	if (load_managed(rq, rs, &c) != OK)
		return OK;
	int64_t *ids;
	size_t n;
	const char *bad = NULL;
	if (quiz_members_parse(rq, NULL, req_form(rq, "logins"), &ids, &n, &bad) != OK)
		return reply_error_detail(rq, rs, 400, "unknown_user", "logins",
		                          "quiz.error.unknown_login", bad);
	const char *rep = req_form(rq, "replace");
	return quiz_members_begin(rq, &c, ids, n, rep && strcmp(rep, "1") == 0,
	                          console_members_set);
}

/* GET /admin/quiz/campaigns/:id/review */
static int console_review(struct req *rq, struct resp *rs)
{
	struct quiz_campaign c;
	if (load_managed(rq, rs, &c) != OK)
		return OK;
	struct quiz_suspect *s;
	size_t n;
	if (quiz_review(rq->app->store, rq->arena, c.id, rq->app->cfg->quiz_answer_floor_ms,
	                QUIZ_REVIEW_MIN_FAST, &s, &n) != OK)
		return reply_error(rq, rs, 500, "internal", NULL, "error.internal");
	resp_header(rs, "Cache-Control", "no-store");
	quiz_view_console_review(rq, rs, &c, s, n);
	return OK;
}

static int console_excluded(struct req *rq, struct resp *rs)
{
	struct quiz_exclude_write *w = rq->write_ctx;
	if (rq->write_result != OK)
		return reply_error(rq, rs, w->missing ? 404 : 503,
		                   w->missing ? "not_found" : "unavailable", NULL,
		                   w->missing ? "quiz.error.no_attempt" : "error.unavailable");
	quiz_cache_forget(w->attempt_id);
	quiz_board_invalidate(w->campaign_id);
	return back_to(rq, rs, w->campaign_id, "/review");
}

/* POST /admin/quiz/attempts/:id/exclude (excluded=1|0, note) */
static int console_exclude(struct req *rq, struct resp *rs)
{
	const char *ex = req_form(rq, "excluded");
	return quiz_exclude_begin(rq, rs, quiz_path_id(rq, "id"), !ex || strcmp(ex, "0") != 0,
	                          req_form(rq, "note"), console_excluded);
}

static int console_drawn(struct req *rq, struct resp *rs)
{
	struct quiz_draw_write *w = rq->write_ctx;
	if (rq->write_result != OK)
		return w->exists
		           ? reply_error(rq, rs, 409, "already_drawn", NULL,
		                         "quiz.error.already_drawn")
		           : reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	quiz_board_invalidate(w->c->id);
	return reply_redirect(rs, 303, arena_printf(rq->arena, "/quiz/%lld", (long long)w->c->id));
}

/* POST /admin/quiz/campaigns/:id/draw */
static int console_draw(struct req *rq, struct resp *rs)
{
	struct quiz_campaign *c = arena_alloc(rq->arena, sizeof *c);
	if (load_managed(rq, rs, c) != OK)
		return OK;
	return quiz_draw_begin(rq, rs, c, console_drawn);
}

void quiz_http_console_mount(struct router *r)
{
	router_add(r, "GET", "/admin/quiz/campaigns", "quiz.manage", console_list);
	router_add(r, "GET", "/admin/quiz/campaigns/new", "quiz.manage", console_new);
	router_add(r, "POST", "/admin/quiz/campaigns", "quiz.manage", console_create);
	router_add(r, "GET", "/admin/quiz/campaigns/:id", "quiz.manage", console_edit);
	router_add(r, "POST", "/admin/quiz/campaigns/:id", "quiz.manage", console_update);
	router_add(r, "POST", "/admin/quiz/campaigns/:id/members", "quiz.manage", console_members);
	router_add(r, "GET", "/admin/quiz/campaigns/:id/review", "quiz.manage", console_review);
	router_add(r, "POST", "/admin/quiz/campaigns/:id/draw", "quiz.manage", console_draw);
	router_add(r, "POST", "/admin/quiz/attempts/:id/exclude", "quiz.manage", console_exclude);
}
