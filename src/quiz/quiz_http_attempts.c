/* quiz_http_attempts.c: /api/v1/quiz/attempts — start (or resume, with a new token), state,
 * answer one question, submit several (optionally finishing), finish, and the manager's
 * exclusion. Every participant call needs the signed-in owner and the attempt token
 * (X-Attempt-Token header or "token" in the body); answers are acknowledged only after the
 * commit that holds them. */
#include "auth/auth.h"
#include "base/common.h"
#include "quiz/quiz_http.h"

#include <string.h>

static const char *token_of(struct req *rq)
{
	const char *t = req_header(rq, "X-Attempt-Token");
	if (t && *t)
		return t;
	t = quiz_field(rq, "token");
	return t ? t : req_query(rq, "token");
}

static int bad_body(struct req *rq, struct resp *rs, const char *field, const char *key)
{
	return reply_error(rq, rs, 400,
	                   field && !strcmp(key, "error.required") ? "required" : "invalid_value",
	                   field, key);
}

/* Reads "options" (array of ids) or "text" of a JSON answer object. nopts -1: neither. */
static int read_answer(json_t *o, int64_t *opts, int *nopts, const char **text, const char **field)
{
	json_t *arr = json_object_get(o, "options");
	json_t *txt = json_object_get(o, "text");
	*nopts = -1;
	*text = NULL;
	if (arr) {
		*field = "options";
		if (!json_is_array(arr) || json_array_size(arr) > QUIZ_MAX_OPTIONS)
			return ERR;
		*nopts = 0;
		size_t i;
		json_t *v;
		json_array_foreach(arr, i, v)
		{
			if (!json_is_integer(v) || json_integer_value(v) < 1)
				return ERR;
			opts[(*nopts)++] = json_integer_value(v);
		}
	}
	if (txt) {
		*field = "text";
		if (!json_is_string(txt))
			return ERR;
		*text = json_string_value(txt);
	}
	return OK;
}

/* ---- start ---- */

static int api_started(struct req *rq, struct resp *rs)
{
	struct quiz_start_req *s = rq->write_ctx;
	struct quiz_flow_error e = {0};
	quiz_flow_started(rq, s);
	if (s->w.refusal)
		return reply_error(rq, rs, 409, "attempts_used", NULL, s->w.refusal);
	if (rq->write_result != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	struct quiz_attempt at;
	if (quiz_flow_own(rq, s->w.id, s->token, &at, 0, NULL, &e) != OK)
		return quiz_reply_flow(rq, rs, &e);
	json_t *j = quiz_attempt_json(rq, &at);
	json_object_set_new(j, "token", json_string(s->token));
	json_object_set_new(j, "resumed", json_boolean(s->w.resumed));
	resp_header(rs, "Cache-Control", "no-store");
	resp_header(rs, "Location",
	            arena_printf(rq->arena, "/api/v1/quiz/attempts/%lld", (long long)s->w.id));
	return reply_json(rs, s->w.resumed ? 200 : 201, j);
}

/* POST /api/v1/quiz/attempts {"campaign_id": N} */
static int api_start(struct req *rq, struct resp *rs)
{
	if (!rq->json || !json_is_object(rq->json))
		return bad_body(rq, rs, NULL, "error.invalid_value");
	json_t *cid = json_object_get(rq->json, "campaign_id");
	if (!json_is_integer(cid))
		return bad_body(rq, rs, "campaign_id",
		                cid ? "error.invalid_value" : "error.required");
	struct quiz_flow_error e = {0};
	if (quiz_flow_start(rq, json_integer_value(cid), api_started, &e) != OK)
		return quiz_reply_flow(rq, rs, &e);
	return OK;
}

/* GET /api/v1/quiz/attempts/:id */
static int api_state(struct req *rq, struct resp *rs)
{
	struct quiz_attempt at;
	struct quiz_flow_error e = {0};
	if (quiz_flow_own(rq, quiz_path_id(rq, "id"), token_of(rq), &at, 0, NULL, &e) != OK)
		return quiz_reply_flow(rq, rs, &e);
	resp_header(rs, "Cache-Control", "no-store");
	return reply_json(rs, 200, quiz_attempt_json(rq, &at));
}

/* ---- answers ---- */

static int api_answered(struct req *rq, struct resp *rs)
{
	struct quiz_answer_req *a = rq->write_ctx;
	struct quiz_flow_error e = {0};
	if (quiz_flow_answered(rq, a, &e) != OK)
		return quiz_reply_flow(rq, rs, &e);
	return reply_json(rs, 200,
	                  json_pack("{s:I, s:i, s:b}", "attempt_id", (json_int_t)a->w.attempt_id,
	                            "position", a->w.position, "saved", 1));
}

/* PUT /api/v1/quiz/attempts/:id/answers/:position {"options": [ids]} or {"text": "..."} */
static int api_answer(struct req *rq, struct resp *rs)
{
	if (!rq->json || !json_is_object(rq->json))
		return bad_body(rq, rs, NULL, "error.invalid_value");
	int64_t opts[QUIZ_MAX_OPTIONS];
	int nopts;
	const char *text, *field = "options";
	if (read_answer(rq->json, opts, &nopts, &text, &field) != OK)
		return bad_body(rq, rs, field, "quiz.error.bad_options");
	if (nopts < 0 && !text)
		return bad_body(rq, rs, "options", "error.required");
	int64_t pos = quiz_path_id(rq, "position");
	struct quiz_flow_error e = {0};
	if (quiz_flow_answer(rq, quiz_path_id(rq, "id"), token_of(rq), (int)(pos > 1000 ? 0 : pos),
	                     opts, nopts, text, api_answered, &e) != OK)
		return quiz_reply_flow(rq, rs, &e);
	return OK;
}

static int api_batched(struct req *rq, struct resp *rs)
{
	struct quiz_batch_req *b = rq->write_ctx;
	struct quiz_flow_error e = {0};
	if (quiz_flow_batched(rq, b, &e) != OK)
		return quiz_reply_flow(rq, rs, &e);
	struct quiz_attempt at;
	if (quiz_flow_own(rq, b->fin.attempt_id, token_of(rq), &at, 0, NULL, &e) != OK)
		return quiz_reply_flow(rq, rs, &e);
	return reply_json(rs, 200, quiz_attempt_json(rq, &at));
}

/* POST /api/v1/quiz/attempts/:id/answers {"answers": [{"position", "options"|"text"}],
 * "finish": bool} */
static int api_submit(struct req *rq, struct resp *rs)
{
	if (!rq->json || !json_is_object(rq->json))
		return bad_body(rq, rs, NULL, "error.invalid_value");
	json_t *arr = json_object_get(rq->json, "answers");
	json_t *fin = json_object_get(rq->json, "finish");
	if (!json_is_array(arr) || json_array_size(arr) > QUIZ_MAX_ITEMS)
		return bad_body(rq, rs, "answers", arr ? "error.invalid_value" : "error.required");
	if (fin && !json_is_boolean(fin))
		return bad_body(rq, rs, "finish", "error.invalid_value");
	struct quiz_batch_req *b = arena_alloc(rq->arena, sizeof *b);
	size_t n = json_array_size(arr);
	b->n = (int)n;
	b->answers = arena_alloc(rq->arena, (n ? n : 1) * sizeof *b->answers);
	b->opts = arena_alloc(rq->arena, (n ? n : 1) * sizeof *b->opts);
	b->nopts = arena_alloc(rq->arena, (n ? n : 1) * sizeof *b->nopts);
	b->texts = arena_alloc(rq->arena, (n ? n : 1) * sizeof *b->texts);
	b->finish = json_is_true(fin);
	b->fin.attempt_id = quiz_path_id(rq, "id");
	size_t i;
	json_t *o;
	json_array_foreach(arr, i, o)
	{
		json_t *pos = json_object_get(o, "position");
		if (!json_is_object(o) || !json_is_integer(pos) || json_integer_value(pos) < 1 ||
		    json_integer_value(pos) > QUIZ_MAX_ITEMS)
			return bad_body(rq, rs, "position", "error.invalid_value");
		int64_t *opts = arena_alloc(rq->arena, QUIZ_MAX_OPTIONS * sizeof *opts);
		const char *field = "options";
		if (read_answer(o, opts, &b->nopts[i], &b->texts[i], &field) != OK)
			return bad_body(rq, rs, field, "quiz.error.bad_options");
		if (b->nopts[i] < 0 && !b->texts[i])
			return bad_body(rq, rs, "options", "error.required");
		b->opts[i] = opts;
		b->answers[i].position = (int)json_integer_value(pos);
	}
	struct quiz_flow_error e = {0};
	if (quiz_flow_batch(rq, b, token_of(rq), api_batched, &e) != OK)
		return quiz_reply_flow(rq, rs, &e);
	return OK;
}

/* ---- finish ---- */

static int api_finished(struct req *rq, struct resp *rs)
{
	struct quiz_finish_req *f = rq->write_ctx;
	struct quiz_flow_error e = {0};
	if (quiz_flow_finished(rq, f, &e) != OK)
		return quiz_reply_flow(rq, rs, &e);
	struct quiz_attempt at;
	if (quiz_flow_own(rq, f->w.attempt_id, token_of(rq), &at, 0, NULL, &e) != OK)
		return quiz_reply_flow(rq, rs, &e);
	return reply_json(rs, 200, quiz_attempt_json(rq, &at));
}

/* POST /api/v1/quiz/attempts/:id/finish */
static int api_finish(struct req *rq, struct resp *rs)
{
	struct quiz_flow_error e = {0};
	if (quiz_flow_finish(rq, quiz_path_id(rq, "id"), token_of(rq), api_finished, &e) != OK)
		return quiz_reply_flow(rq, rs, &e);
	return OK;
}

/* ---- the manager's review ---- */

static int api_excluded(struct req *rq, struct resp *rs)
{
	struct quiz_exclude_write *w = rq->write_ctx;
	if (rq->write_result != OK)
		return w->missing
		           ? reply_error(rq, rs, 404, "not_found", NULL, "quiz.error.no_attempt")
		           : reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	quiz_cache_forget(w->attempt_id);
	quiz_board_invalidate(w->campaign_id);
	return reply_json(rs, 200,
	                  json_pack("{s:I, s:b}", "attempt_id", (json_int_t)w->attempt_id,
	                            "excluded", w->excluded));
}

/* Checks the manager may act on attempt id (quiz.manage over its campaign's region). */
int quiz_exclude_begin(struct req *rq, struct resp *rs, int64_t id, bool excluded, const char *note,
                       handler_fn then)
{
	struct quiz_attempt at;
	bool no_item;
	struct quiz_campaign c;
	if (id <= 0 ||
	    quiz_cache_get(rq->app->store, rq->arena, id, &at, 0, NULL, &no_item) != OK ||
	    quiz_campaign_get(rq->app->store, rq->arena, at.campaign_id, &c) != OK)
		return reply_error(rq, rs, 404, "not_found", NULL, "quiz.error.no_attempt");
	if (!quiz_can_manage(rq, &c))
		return reply_error(rq, rs, 403, "forbidden", NULL, "error.forbidden");
	if (c.drawn)
		return reply_error(rq, rs, 409, "already_drawn", NULL, "quiz.error.already_drawn");
	if (note && strlen(note) > 500)
		return reply_error(rq, rs, 400, "too_long", "note", "error.too_long");
	struct quiz_exclude_write *w = arena_alloc(rq->arena, sizeof *w);
	w->attempt_id = id;
	w->excluded = excluded;
	w->note = note;
	rq->audit.action = excluded ? "quiz.attempt.exclude" : "quiz.attempt.include";
	rq->audit.object_type = "quiz_attempt";
	rq->audit.object_id = &w->attempt_id;
	rq->audit.scope = c.region_code;
	return req_write(rq, quiz_exclude_write, w, then);
}

/* POST /api/v1/quiz/attempts/:id/exclude {"excluded": bool, "note": "..."} */
static int api_exclude(struct req *rq, struct resp *rs)
{
	if (!rq->json || !json_is_object(rq->json))
		return bad_body(rq, rs, NULL, "error.invalid_value");
	json_t *ex = json_object_get(rq->json, "excluded");
	json_t *note = json_object_get(rq->json, "note");
	if (ex && !json_is_boolean(ex))
		return bad_body(rq, rs, "excluded", "error.invalid_value");
	if (note && !json_is_string(note))
		return bad_body(rq, rs, "note", "error.invalid_value");
	return quiz_exclude_begin(rq, rs, quiz_path_id(rq, "id"), !ex || json_is_true(ex),
	                          note ? json_string_value(note) : "", api_excluded);
}

void quiz_http_attempts_mount(struct router *r)
{
	int rate = r->cfg ? r->cfg->quiz_rate_per_minute : 0;
	router_add(r, "POST", "/api/v1/quiz/attempts", PERM_SELF, api_start)->rate_per_minute =
	    rate;
	router_add(r, "GET", "/api/v1/quiz/attempts/:id", PERM_SELF, api_state)->rate_per_minute =
	    rate;
	router_add(r, "PUT", "/api/v1/quiz/attempts/:id/answers/:position", PERM_SELF, api_answer)
	    ->rate_per_minute = rate;
	router_add(r, "POST", "/api/v1/quiz/attempts/:id/answers", PERM_SELF, api_submit)
	    ->rate_per_minute = rate;
	router_add(r, "POST", "/api/v1/quiz/attempts/:id/finish", PERM_SELF, api_finish)
	    ->rate_per_minute = rate;
	router_add(r, "POST", "/api/v1/quiz/attempts/:id/exclude", "quiz.manage", api_exclude);
}
