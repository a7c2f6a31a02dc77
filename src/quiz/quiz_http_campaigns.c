/* quiz_http_campaigns.c: /api/v1/quiz/campaigns — list and read (public, with the seed's
 * commitment), create and update (quiz.manage over the campaign's region; updates take the
 * version), the member list, the live leaderboard, the anti-cheating review, and the prize
 * draw (made once after the close, then public with the revealed seed). */
#include "auth/auth.h"
#include "base/common.h"
#include "html/html.h"
#include "quiz/quiz_http.h"
#include "quiz/quiz_members.h"

#include <stdlib.h>
#include <string.h>

#define BOARD_PAGE_MAX 100

static int load(struct req *rq, struct resp *rs, struct quiz_campaign *c)
{
	struct quiz_flow_error e = {0};
	if (quiz_flow_campaign(rq, quiz_path_id(rq, "id"), c, &e) != OK)
		return quiz_reply_flow(rq, rs, &e), ERR;
	return OK;
}

/* Loads the campaign and checks the caller manages it; ERR after replying. */
static int load_managed(struct req *rq, struct resp *rs, struct quiz_campaign *c)
{
	if (load(rq, rs, c) != OK)
		return ERR;
	if (!quiz_can_manage(rq, c))
		return reply_error(rq, rs, 403, "forbidden", NULL, "error.forbidden"), ERR;
	return OK;
}

/* GET /api/v1/quiz/campaigns[?open=1] */
static int api_list(struct req *rq, struct resp *rs)
{
	const char *open = req_query(rq, "open");
	struct quiz_campaign *cs;
	size_t n;
	if (quiz_campaign_list(rq->app->store, rq->arena, NULL, 0,
	                       open && strcmp(open, "1") == 0 ? quiz_flow_now() : 0, &cs, &n) != OK)
		return reply_error(rq, rs, 500, "internal", NULL, "error.internal");
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items,
		                      quiz_campaign_json(&cs[i], quiz_can_manage(rq, &cs[i])));
	return reply_json(
	    rs, 200, json_pack("{s:o, s:I, s:n}", "items", items, "total", (json_int_t)n, "next"));
}

/* GET /api/v1/quiz/campaigns/:id */
static int api_get(struct req *rq, struct resp *rs)
{
	struct quiz_campaign c;
	if (load(rq, rs, &c) != OK)
		return OK;
	return reply_json(rs, 200, quiz_campaign_json(&c, quiz_can_manage(rq, &c)));
}

static int api_saved(struct req *rq, struct resp *rs)
{
	struct quiz_campaign_save *w = rq->write_ctx;
	if (rq->write_result != OK) {
		if (w->missing)
			return reply_error(rq, rs, 404, "not_found", NULL,
			                   "quiz.error.no_campaign");
		if (w->stale)
			return reply_error(rq, rs, 409, "stale_version", "version",
			                   "quiz.error.stale");
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	}
	quiz_board_invalidate(w->c.id); /* the counting rule may have changed */
	struct quiz_campaign c;
	if (quiz_campaign_get(rq->app->store, rq->arena, w->c.id, &c) != OK)
		return reply_error(rq, rs, 500, "internal", NULL, "error.internal");
	if (w->expect_version == 0)
		resp_header(
		    rs, "Location",
		    arena_printf(rq->arena, "/api/v1/quiz/campaigns/%lld", (long long)c.id));
	return reply_json(rs, w->expect_version ? 200 : 201, quiz_campaign_json(&c, true));
}

/* Reads the campaign from the body, checks the caller's scope over its region and queues
 * the save. */
int quiz_campaign_begin_save(struct req *rq, struct resp *rs, int64_t id, int64_t version,
                             handler_fn then, struct field_error *fe)
{
	struct quiz_campaign_save *w = arena_alloc(rq->arena, sizeof *w);
	if (quiz_campaign_read(rq, &w->c, fe) != OK)
		return ERR;
	if (!auth_can(auth_principal(rq), "quiz.manage", w->c.region_code)) {
		fe->field = "region";
		fe->code = "forbidden";
		fe->message_key = "quiz.error.region_scope";
		return ERR;
	}
	const struct principal *p = auth_principal(rq);
	w->c.id = id;
	w->expect_version = version;
	w->by_user = p ? p->user_id : 0;
	w->now_ms = quiz_flow_now();
	rq->audit.action = id ? "quiz.campaign.update" : "quiz.campaign.create";
	rq->audit.object_type = "quiz_campaign";
	rq->audit.object_id = &w->c.id;
	rq->audit.scope = w->c.region_code;
	return req_write(rq, quiz_campaign_save, w, then);
}

static int reply_field(struct req *rq, struct resp *rs, const struct field_error *fe)
{
	int status = fe->code && strcmp(fe->code, "forbidden") == 0 ? 403 : 400;
	return reply_error(rq, rs, status, fe->code, fe->field, fe->message_key);
}

/* POST /api/v1/quiz/campaigns */
static int api_create(struct req *rq, struct resp *rs)
{
	struct field_error fe = {0};
	if (quiz_campaign_begin_save(rq, rs, 0, 0, api_saved, &fe) != OK)
		return reply_field(rq, rs, &fe);
	return OK;
}

/* PUT /api/v1/quiz/campaigns/:id (with "version") */
static int api_update(struct req *rq, struct resp *rs)
{
	struct quiz_campaign c;
	if (load_managed(rq, rs, &c) != OK)
		return OK;
	const char *v = quiz_field(rq, "version");
	char *end = NULL;
	long long version = v ? strtoll(v, &end, 10) : 0;
	if (!v || *end || version < 1)
		return reply_error(rq, rs, 400, v ? "invalid_value" : "required", "version",
		                   v ? "error.invalid_value" : "error.required");
	struct field_error fe = {0};
	if (quiz_campaign_begin_save(rq, rs, c.id, version, api_saved, &fe) != OK)
		return reply_field(rq, rs, &fe);
	return OK;
}

/* ---- members ---- */

static int api_members_set(struct req *rq, struct resp *rs)
{
	struct quiz_members_set *m = rq->write_ctx;
	if (rq->write_result != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	return reply_json(
	    rs, 200,
	    json_pack("{s:i, s:I}", "added", m->added, "members",
	              (json_int_t)quiz_members_count(rq->app->store, m->campaign_id)));
}

/* Resolves logins or mobile numbers (one per line or comma-separated in text, or a JSON
 * array) into user ids; ERR with the entry that names nobody in *bad. */
int quiz_members_parse(struct req *rq, json_t *arr, const char *text, int64_t **ids, size_t *n,
                       const char **bad)
{
	size_t cap = 0;
	*ids = NULL;
	*n = 0;
	const char **logins = NULL;
	size_t nl = 0, lcap = 0;
	if (arr) {
		size_t i;
		json_t *v;
		json_array_foreach(arr, i, v)
		{
			if (!json_is_string(v))
				return *bad = "", ERR;
			logins = arena_grow_array(rq->arena, logins, nl, &lcap, sizeof *logins);
			logins[nl++] = json_string_value(v);
		}
	} else {
		char *copy = arena_strdup(rq->arena, text ? text : "");
		for (char *save = NULL, *tok = strtok_r(copy, ",\n\r\t ;", &save); tok;
		     tok = strtok_r(NULL, ",\n\r\t ;", &save)) {
			logins = arena_grow_array(rq->arena, logins, nl, &lcap, sizeof *logins);
			logins[nl++] = tok;
		}
	}
	if (nl > 100000)
		return *bad = "", ERR;
	for (size_t i = 0; i < nl; i++) {
		int64_t id;
		const char *why;
		if (quiz_member_resolve(rq->app->store, rq->arena, logins[i], &id, &why) != OK)
			return *bad = logins[i], ERR;
		*ids = arena_grow_array(rq->arena, *ids, *n, &cap, sizeof **ids);
		(*ids)[(*n)++] = id;
	}
	return OK;
}

int quiz_members_begin(struct req *rq, const struct quiz_campaign *c, const int64_t *ids, size_t n,
                       bool replace, handler_fn then)
{
	struct quiz_members_set *m = arena_alloc(rq->arena, sizeof *m);
	m->campaign_id = c->id;
	m->user_ids = ids;
	m->n = n;
	m->replace = replace;
	rq->audit.action = "quiz.campaign.members";
	rq->audit.object_type = "quiz_campaign";
	rq->audit.object_id = &m->campaign_id;
	rq->audit.scope = c->region_code;
	rq->audit.summary =
	    arena_printf(rq->arena, "%zu members%s", n, replace ? " (replaced)" : "");
	return req_write(rq, quiz_members_set, m, then);
}

/* POST /api/v1/quiz/campaigns/:id/members {"logins": [...], "replace": bool} */
static int api_members(struct req *rq, struct resp *rs)
{
	struct quiz_campaign c;
	if (load_managed(rq, rs, &c) != OK)
		return OK;
	if (!rq->json || !json_is_object(rq->json))
		return reply_error(rq, rs, 400, "invalid_value", NULL, "error.invalid_value");
	json_t *arr = json_object_get(rq->json, "logins");
	json_t *rep = json_object_get(rq->json, "replace");
	if (!json_is_array(arr))
		return reply_error(rq, rs, 400, arr ? "invalid_value" : "required", "logins",
		                   arr ? "error.invalid_value" : "error.required");
	if (rep && !json_is_boolean(rep))
		return reply_error(rq, rs, 400, "invalid_value", "replace", "error.invalid_value");
	int64_t *ids;
	size_t n;
	const char *bad = NULL;
	if (quiz_members_parse(rq, arr, NULL, &ids, &n, &bad) != OK)
		return reply_error_detail(rq, rs, 400, "unknown_user", "logins",
		                          "quiz.error.unknown_login", bad);
	return quiz_members_begin(rq, &c, ids, n, json_is_true(rep), api_members_set);
}

/* The file import's reply: what was added and every rejected line. */
static int api_members_imported(struct req *rq, struct resp *rs)
{
	struct quiz_members_set *m = rq->write_ctx;
	json_t *rejected = m->report;
	if (rq->write_result != OK) {
		json_decref(rejected);
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	}
	return reply_json(rs, 200,
	                  json_pack("{s:i, s:I, s:o}", "added", m->added, "members",
	                            (json_int_t)quiz_members_count(rq->app->store, m->campaign_id),
	                            "rejected", rejected));
}

static bool form_true(struct req *rq, const char *name)
{
	const char *v = req_form(rq, name);
	return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "on") == 0);
}

/* POST /api/v1/quiz/campaigns/:id/members/import (multipart: file — CSV, one member per line,
 * login or mobile number in the first column; replace; valid_only). A file with rejected
 * lines changes nothing (400 with every line and why) unless valid_only asks to add the
 * lines that name someone. */
static int api_members_import(struct req *rq, struct resp *rs)
{
	struct quiz_campaign c;
	if (load_managed(rq, rs, &c) != OK)
		return OK;
	const struct upload *file = NULL;
	for (size_t i = 0; i < rq->files.n && !file; i++)
		if (strcmp(rq->files.items[i].field, "file") == 0)
			file = &rq->files.items[i];
	if (!file)
		return reply_error(rq, rs, 400, "required", "file", "error.required");
	struct quiz_member_line *lines;
	size_t nl;
	if (quiz_members_lines(rq->arena, file->data, file->len, &lines, &nl) != OK)
		return reply_error(rq, rs, 400, "too_large", "file", "quiz.error.members_too_many");
	int64_t *ids = arena_alloc(rq->arena, (nl ? nl : 1) * sizeof *ids);
	size_t n = 0;
	json_t *rejected = json_array();
	for (size_t i = 0; i < nl; i++) {
		const char *why;
		if (quiz_member_resolve(rq->app->store, rq->arena, lines[i].value, &ids[n], &why) ==
		    OK) {
			n++;
			continue;
		}
		json_array_append_new(rejected, json_pack("{s:i, s:s, s:s, s:s}", "line",
		                                          lines[i].line, "value", lines[i].value,
		                                          "reason", why + strlen("quiz.error."),
		                                          "message", T(rq, why)));
	}
	if ((json_array_size(rejected) && !form_true(rq, "valid_only")) || n == 0) {
		json_t *err = json_pack(
		    "{s:s, s:s, s:s}", "code",
		    n == 0 && !json_array_size(rejected) ? "required" : "invalid_rows", "message",
		    T(rq, n == 0 && !json_array_size(rejected) ? "quiz.error.members_empty"
		                                               : "quiz.error.members_rejected"),
		    "field", "file");
		return reply_json(rs, 400,
		                  json_pack("{s:o, s:o, s:I}", "error", err, "rejected", rejected,
		                            "valid", (json_int_t)n));
	}
	int rc = quiz_members_begin(rq, &c, ids, n, form_true(rq, "replace"), api_members_imported);
	((struct quiz_members_set *)rq->write_ctx)->report = rejected;
	return rc;
}

/* ---- leaderboard ---- */

const char *quiz_display_name(struct req *rq, int64_t user_id)
{
	struct user_row u;
	if (auth_user_by_id(rq->app->store, rq->arena, user_id, &u) != OK)
		return "";
	const char *name = strcmp(rq->lang, "mn") == 0 && *u.name_mn ? u.name_mn
	                   : *u.name_zh                              ? u.name_zh
	                                                             : u.name_mn;
	/* names are public on a leaderboard only in part: the first character and a mask */
	const char *src = *name ? name : u.login;
	size_t first = 1;
	while (src[first] && ((unsigned char)src[first] & 0xC0) == 0x80)
		first++;
	return arena_printf(rq->arena, "%.*s**", (int)first, src);
}

static bool group_valid(const char *g)
{
	size_t n = strlen(g);
	if (n != 0 && n != 4 && n != 6)
		return false;
	for (size_t i = 0; i < n; i++)
		if (g[i] < '0' || g[i] > '9')
			return false;
	return true;
}

int quiz_board_params(struct req *rq, const char **group, int *offset, int *limit)
{
	*group = req_query(rq, "group");
	if (!*group)
		*group = "";
	const char *o = req_query(rq, "offset"), *l = req_query(rq, "limit");
	char *end;
	*offset = 0;
	*limit = 50;
	if (!group_valid(*group))
		return ERR;
	if (o) {
		long v = strtol(o, &end, 10);
		if (*end || v < 0 || v > 100000000)
			return ERR;
		*offset = (int)v;
	}
	if (l) {
		long v = strtol(l, &end, 10);
		if (*end || v < 1 || v > BOARD_PAGE_MAX)
			return ERR;
		*limit = (int)v;
	}
	return OK;
}

/* GET /api/v1/quiz/campaigns/:id/leaderboard[?group=CODE&offset=N&limit=N] */
static int api_board(struct req *rq, struct resp *rs)
{
	struct quiz_campaign c;
	if (load(rq, rs, &c) != OK)
		return OK;
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
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    items, json_pack("{s:i, s:s, s:i, s:I, s:s}", "rank", rows[i].rank, "name",
		                     quiz_display_name(rq, rows[i].user_id), "score", rows[i].score,
		                     "duration_ms", (json_int_t)rows[i].duration_ms, "region",
		                     rows[i].region_code));
	json_t *next = offset + (int64_t)n < total
	                   ? json_string(arena_printf(rq->arena, "%lld", (long long)(offset + n)))
	                   : json_null();
	return reply_json(
	    rs, 200,
	    json_pack("{s:o, s:I, s:o}", "items", items, "total", (json_int_t)total, "next", next));
}

/* ---- review ---- */

/* GET /api/v1/quiz/campaigns/:id/review */
static int api_review(struct req *rq, struct resp *rs)
{
	struct quiz_campaign c;
	if (load_managed(rq, rs, &c) != OK)
		return OK;
	struct quiz_suspect *s;
	size_t n;
	if (quiz_review(rq->app->store, rq->arena, c.id, rq->app->cfg->quiz_answer_floor_ms,
	                QUIZ_REVIEW_MIN_FAST, &s, &n) != OK)
		return reply_error(rq, rs, 500, "internal", NULL, "error.internal");
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    items,
		    json_pack("{s:I, s:I, s:s, s:i, s:i, s:i, s:i, s:b, s:s}", "attempt_id",
		              (json_int_t)s[i].attempt_id, "user_id", (json_int_t)s[i].user_id,
		              "login", s[i].login, "score", s[i].score, "fast_answers",
		              s[i].fast_answers, "same_answers_group", s[i].group_id, "group_size",
		              s[i].same_group, "excluded", s[i].excluded, "note", s[i].note));
	resp_header(rs, "Cache-Control", "no-store");
	return reply_json(rs, 200,
	                  json_pack("{s:o, s:I, s:n, s:i}", "items", items, "total", (json_int_t)n,
	                            "next", "answer_floor_ms", rq->app->cfg->quiz_answer_floor_ms));
}

/* ---- draw ---- */

static int api_drawn(struct req *rq, struct resp *rs)
{
	struct quiz_draw_write *w = rq->write_ctx;
	if (rq->write_result != OK)
		return w->exists
		           ? reply_error(rq, rs, 409, "already_drawn", NULL,
		                         "quiz.error.already_drawn")
		           : reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	quiz_board_invalidate(w->c->id);
	return reply_json(rs, 201, quiz_draw_json(w->r));
}

int quiz_draw_begin(struct req *rq, struct resp *rs, const struct quiz_campaign *c, handler_fn then)
{
	int64_t now = quiz_flow_now();
	if (c->drawn)
		return reply_error(rq, rs, 409, "already_drawn", NULL, "quiz.error.already_drawn");
	if (now < c->closes_at + rq->app->cfg->quiz_grace_ms)
		return reply_error(rq, rs, 409, "campaign_open", NULL,
		                   "quiz.error.draw_before_close");
	struct quiz_draw_write *w = arena_alloc(rq->arena, sizeof *w);
	w->c = c;
	w->arena = rq->arena;
	w->r = arena_alloc(rq->arena, sizeof *w->r);
	w->r->drawn_at = now;
	const struct principal *p = auth_principal(rq);
	w->by_user = p ? p->user_id : 0;
	rq->audit.action = "quiz.campaign.draw";
	rq->audit.object_type = "quiz_campaign";
	rq->audit.object_id = &c->id;
	rq->audit.scope = c->region_code;
	return req_write(rq, quiz_draw_write, w, then);
}

/* POST /api/v1/quiz/campaigns/:id/draw */
static int api_draw(struct req *rq, struct resp *rs)
{
	struct quiz_campaign *c = arena_alloc(rq->arena, sizeof *c);
	if (load_managed(rq, rs, c) != OK)
		return OK;
	return quiz_draw_begin(rq, rs, c, api_drawn);
}

/* GET /api/v1/quiz/campaigns/:id/draw */
static int api_draw_get(struct req *rq, struct resp *rs)
{
	struct quiz_campaign c;
	if (load(rq, rs, &c) != OK)
		return OK;
	struct quiz_draw_result r;
	if (quiz_draw_get(rq->app->store, rq->arena, c.id, &r) != OK)
		return reply_error(rq, rs, 404, "not_found", NULL, "quiz.error.not_drawn");
	return reply_json(rs, 200, quiz_draw_json(&r));
}

void quiz_http_campaigns_mount(struct router *r)
{
	router_add(r, "GET", "/api/v1/quiz/campaigns", PERM_PUBLIC, api_list);
	router_add(r, "POST", "/api/v1/quiz/campaigns", "quiz.manage", api_create);
	router_add(r, "GET", "/api/v1/quiz/campaigns/:id", PERM_PUBLIC, api_get);
	router_add(r, "PUT", "/api/v1/quiz/campaigns/:id", "quiz.manage", api_update);
	router_add(r, "POST", "/api/v1/quiz/campaigns/:id/members", "quiz.manage", api_members);
	router_add(r, "POST", "/api/v1/quiz/campaigns/:id/members/import", "quiz.manage",
	           api_members_import);
	router_add(r, "GET", "/api/v1/quiz/campaigns/:id/leaderboard", PERM_PUBLIC, api_board);
	router_add(r, "GET", "/api/v1/quiz/campaigns/:id/review", "quiz.manage", api_review);
	router_add(r, "POST", "/api/v1/quiz/campaigns/:id/draw", "quiz.manage", api_draw);
	router_add(r, "GET", "/api/v1/quiz/campaigns/:id/draw", PERM_PUBLIC, api_draw_get);
}
