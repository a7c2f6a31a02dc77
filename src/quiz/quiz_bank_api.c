/* quiz_bank_api.c: /api/v1/quiz/questions — the question bank for quiz managers (permission
 * quiz.manage): list with filters and paging, one question with its options, correct
 * answers and accepted answers, create, update with a version check (409 when stale;
 * retiring is an update of status), and the revision history. Input is parsed by
 * quiz_question_from_json and checked by quiz_question_check, in one place. */
#include "auth/auth.h"
#include "base/clock.h"
#include "base/common.h"
#include "base/i18n.h"
#include "quiz/quiz_bank.h"
#include "quiz/quiz_bank_http.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

int quiz_reply_field(struct req *rq, struct resp *rs, const char *field, const char *key)
{
	const char *code = strrchr(key, '.') ? strrchr(key, '.') + 1 : key;
	char label[64] = "";
	if (field) { /* "options[2].text_zh" is labelled as "options" plus its index */
		size_t n = strcspn(field, "[");
		snprintf(label, sizeof label, "quiz_bank.field.%.*s", (int)n, field);
	}
	const char *detail = field && i18n_has(rq->lang, label)
	                         ? arena_printf(rq->arena, "%s%s", i18n(rq->lang, label),
	                                        field + strcspn(field, "["))
	                         : field;
	return reply_error_detail(rq, rs, 400, code, field, key, detail);
}

int quiz_reply_result(struct req *rq, struct resp *rs, enum quiz_result r)
{
	switch (r) {
	case QUIZ_NOT_FOUND:
		return reply_error(rq, rs, 404, "not_found", NULL,
		                   "quiz_bank.error.unknown_question");
	case QUIZ_STALE:
		return reply_error(rq, rs, 409, "stale", "version", "quiz_bank.error.stale");
	case QUIZ_INVALID:
	case QUIZ_OK:
		break;
	}
	return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
}

int64_t quiz_parse_id(const char *v)
{
	if (!v || !*v || strlen(v) > 18)
		return 0;
	char *end;
	long long n = strtoll(v, &end, 10);
	return *end || n <= 0 ? 0 : (int64_t)n;
}

int64_t quiz_req_user(struct req *rq)
{
	const struct principal *p = auth_principal(rq);
	return p ? p->user_id : 0;
}

void quiz_audit_note(struct req *rq, const char *action, const int64_t *id, const char *summary)
{
	rq->audit.action = action;
	rq->audit.object_type = "quiz_question";
	rq->audit.object_id = id;
	rq->audit.summary = summary;
}

/* The filter of a list request (query parameters); replies 400 itself. */
int quiz_req_filter(struct req *rq, struct resp *rs, struct quiz_filter *f)
{
	memset(f, 0, sizeof *f);
	const char *v;
	if ((v = req_query(rq, "kind")) && *v) {
		if (!quiz_kind_valid(v))
			return quiz_reply_field(rq, rs, "kind", "quiz_bank.error.kind"), ERR;
		f->kind = v;
	}
	if ((v = req_query(rq, "status")) && *v) {
		if (!quiz_status_valid(v))
			return quiz_reply_field(rq, rs, "status", "quiz_bank.error.status"), ERR;
		f->status = v;
	}
	if ((v = req_query(rq, "lang")) && *v) {
		if (strcmp(v, "zh") != 0 && strcmp(v, "mn") != 0)
			return quiz_reply_field(rq, rs, "lang", "error.invalid_value"), ERR;
		f->lang = v;
	}
	if ((v = req_query(rq, "difficulty")) && *v) {
		if (strlen(v) != 1 || *v < '1' || *v > '5')
			return quiz_reply_field(rq, rs, "difficulty", "quiz_bank.error.difficulty"),
			       ERR;
		f->difficulty = *v - '0';
	}
	if ((v = req_query(rq, "limit")) && *v) {
		int64_t n = quiz_parse_id(v);
		if (n < 1 || n > QUIZ_PAGE_MAX)
			return quiz_reply_field(rq, rs, "limit", "error.invalid_value"), ERR;
		f->limit = (int)n;
	}
	if ((v = req_query(rq, "after")) && *v) {
		if (!(f->after_id = quiz_parse_id(v)))
			return quiz_reply_field(rq, rs, "after", "error.invalid_value"), ERR;
	}
	v = req_query(rq, "category");
	f->category = v && *v ? v : NULL;
	v = req_query(rq, "tag");
	f->tag = v && *v ? v : NULL;
	v = req_query(rq, "q");
	f->q = v && *v ? v : NULL;
	return OK;
}

/* GET /api/v1/quiz/questions */
static int api_list(struct req *rq, struct resp *rs)
{
	struct quiz_filter f;
	if (quiz_req_filter(rq, rs, &f) != OK)
		return OK;
	struct quiz_page pg;
	if (quiz_questions_list(rq->app->store, rq->arena, &f, &pg) != OK)
		return quiz_reply_result(rq, rs, QUIZ_OK);
	json_t *items = json_array();
	for (size_t i = 0; i < pg.n; i++) {
		json_t *j = quiz_question_json(&pg.items[i]);
		json_object_del(j, "options"); /* lists carry the question, not its answers */
		json_object_del(j, "answers");
		json_array_append_new(items, j);
	}
	return reply_json(
	    rs, 200,
	    json_pack("{s:o, s:I, s:o}", "items", items, "total", (json_int_t)pg.total, "next",
	              pg.next ? json_string(arena_printf(rq->arena, "%" PRId64, pg.next))
	                      : json_null()));
}

/* The question the path's :id names; replies 404 itself. */
static int path_question(struct req *rq, struct resp *rs, struct quiz_question *q)
{
	int64_t id = quiz_parse_id(req_param(rq, "id"));
	int rc = id ? quiz_question_get(rq->app->store, rq->arena, id, q) : QUIZ_NOT_FOUND;
	if (rc != OK)
		return quiz_reply_result(rq, rs, rc == QUIZ_NOT_FOUND ? QUIZ_NOT_FOUND : QUIZ_OK),
		       ERR;
	return OK;
}

/* GET /api/v1/quiz/questions/:id */
static int api_get(struct req *rq, struct resp *rs)
{
	struct quiz_question q;
	if (path_question(rq, rs, &q) != OK)
		return OK;
	return reply_json(rs, 200, quiz_question_json(&q));
}

/* GET /api/v1/quiz/questions/:id/revisions */
static int api_revisions(struct req *rq, struct resp *rs)
{
	struct quiz_question q;
	if (path_question(rq, rs, &q) != OK)
		return OK;
	struct quiz_revision *r;
	size_t n;
	if (quiz_revisions_list(rq->app->store, rq->arena, q.id, &r, &n) != OK)
		return quiz_reply_result(rq, rs, QUIZ_OK);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *snap = json_loads(r[i].snapshot, 0, NULL);
		json_array_append_new(
		    items,
		    json_pack("{s:I, s:o, s:I, s:o}", "version", (json_int_t)r[i].version,
		              "saved_by", r[i].saved_by ? json_integer(r[i].saved_by) : json_null(),
		              "saved_at", (json_int_t)r[i].saved_at, "question",
		              snap ? snap : json_null()));
	}
	return reply_json(
	    rs, 200, json_pack("{s:o, s:I, s:n}", "items", items, "total", (json_int_t)n, "next"));
}

static int saved(struct req *rq, struct resp *rs)
{
	struct quiz_save *s = rq->write_ctx;
	if (rq->write_result != OK)
		return quiz_reply_result(rq, rs, s->result);
	struct quiz_question q;
	if (quiz_question_get(rq->app->store, rq->arena, s->new_id, &q) != OK)
		return quiz_reply_result(rq, rs, QUIZ_OK);
	if (s->q.version == 1)
		resp_header(rs, "Location",
		            arena_printf(rq->arena, "/api/v1/quiz/questions/%" PRId64, s->new_id));
	return reply_json(rs, s->q.version == 1 ? 201 : 200, quiz_question_json(&q));
}

/* Parses and checks the body into a new save; replies 400 itself. */
static struct quiz_save *parse_save(struct req *rq, struct resp *rs)
{
	struct quiz_save *s = arena_alloc(rq->arena, sizeof *s);
	const char *field = NULL, *key = NULL;
	if (quiz_question_from_json(rq->arena, rq->json, &s->q, &field, &key) != OK ||
	    quiz_question_check(rq->arena, &s->q, &field, &key) != OK)
		return quiz_reply_field(rq, rs, field, key), NULL;
	s->user_id = quiz_req_user(rq);
	s->now_ms = clock_wall_ms();
	return s;
}

/* POST /api/v1/quiz/questions */
static int api_create(struct req *rq, struct resp *rs)
{
	struct quiz_save *s = parse_save(rq, rs);
	if (!s)
		return OK;
	quiz_audit_note(rq, "quiz_question.create", &s->new_id, s->q.kind);
	return req_write(rq, quiz_question_save, s, saved);
}

/* PUT /api/v1/quiz/questions/:id {"version": N, ...the whole question} */
static int api_update(struct req *rq, struct resp *rs)
{
	int64_t id = quiz_parse_id(req_param(rq, "id"));
	if (!id)
		return quiz_reply_result(rq, rs, QUIZ_NOT_FOUND);
	json_t *ver = json_is_object(rq->json) ? json_object_get(rq->json, "version") : NULL;
	if (!ver || json_is_null(ver))
		return quiz_reply_field(rq, rs, "version", "error.required");
	if (!json_is_integer(ver) || json_integer_value(ver) < 1)
		return quiz_reply_field(rq, rs, "version", "error.invalid_value");
	struct quiz_save *s = parse_save(rq, rs);
	if (!s)
		return OK;
	s->q.id = id;
	s->q.version = json_integer_value(ver);
	quiz_audit_note(
	    rq, "quiz_question.update", &s->new_id,
	    arena_printf(rq->arena, "version %" PRId64 " %s", s->q.version + 1, s->q.status));
	return req_write(rq, quiz_question_save, s, saved);
}

void quiz_bank_api_mount(struct router *r)
{
	router_add(r, "GET", "/api/v1/quiz/questions", "quiz.manage", api_list);
	router_add(r, "POST", "/api/v1/quiz/questions", "quiz.manage", api_create);
	router_add(r, "GET", "/api/v1/quiz/questions/:id", "quiz.manage", api_get);
	router_add(r, "PUT", "/api/v1/quiz/questions/:id", "quiz.manage", api_update);
	router_add(r, "GET", "/api/v1/quiz/questions/:id/revisions", "quiz.manage", api_revisions);
}

void quiz_bank_mount(struct router *r)
{
	quiz_bank_api_mount(r);
	quiz_bank_console_mount(r);
	quiz_stats_mount(r);
}
