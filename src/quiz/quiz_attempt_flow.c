/* quiz_attempt_flow.c: the rules of taking part, shared by the API and the pages — who may
 * start (campaign open, eligible audience, attempts left), the attempt token bound to its
 * participant, the per-participant rate limit, the deadline with its grace, answer checks
 * and scoring before the write, and what follows each commit (cache, leaderboard). Each
 * quiz_flow_* either queues a write through req_write (OK) or fills *e (ERR). */
#include "quiz/quiz_attempt_flow.h"
#include "auth/auth.h"
#include "base/clock.h"
#include "base/common.h"
#include "http/server.h"
#include "quiz/quiz_bank.h"

#include <arpa/inet.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const char participant_limit_key[] = "quiz.participant";

static int fail(struct quiz_flow_error *e, int status, const char *code, const char *field,
                const char *key)
{
	e->status = status;
	e->code = code;
	e->field = field;
	e->key = key;
	return ERR;
}

bool quiz_net_hash(const char *ip, unsigned char out[16])
{
	unsigned char a[16];
	char net[64];
	if (inet_pton(AF_INET, ip, a) == 1)
		snprintf(net, sizeof net, "quiz-net4:%u.%u.%u", a[0], a[1], a[2]);
	else if (inet_pton(AF_INET6, ip, a) == 1)
		snprintf(net, sizeof net, "quiz-net6:%02x%02x:%02x%02x:%02x%02x", a[0], a[1], a[2],
		         a[3], a[4], a[5]);
	else
		return false;
	auth_phone_index(net, out); /* the server's keyed BLAKE2b: the network is not recoverable */
	return true;
}

int64_t quiz_flow_now(void)
{
	return clock_wall_ms();
}

/* Whether the signed-in participant may take part in c. */
static bool eligible(struct req *rq, const struct quiz_campaign *c)
{
	const struct principal *p = auth_principal(rq);
	if (!p)
		return false;
	if (strcmp(c->audience, "members") == 0)
		return quiz_member_is(rq->app->store, c->id, p->user_id);
	return p->phone_verified; /* public: an account whose phone number was proven */
}

static int participant_limited(struct req *rq, struct quiz_flow_error *e)
{
	const struct principal *p = auth_principal(rq);
	int rate = rq->app->cfg->quiz_participant_rate_per_minute;
	if (!p || rate <= 0 || !rq->app->limits)
		return OK;
	char who[32];
	snprintf(who, sizeof who, "u%lld", (long long)p->user_id);
	int wait = ratelimit_take(rq->app->limits, participant_limit_key, who, rate);
	if (wait <= 0)
		return OK;
	e->retry_after = wait;
	return fail(e, 429, "rate_limited", NULL, "error.rate_limited");
}

int quiz_flow_campaign(struct req *rq, int64_t id, struct quiz_campaign *c,
                       struct quiz_flow_error *e)
{
	if (id <= 0 || quiz_campaign_get(rq->app->store, rq->arena, id, c) != OK)
		return fail(e, 404, "not_found", NULL, "quiz.error.no_campaign");
	return OK;
}

/* The start's write. A start refused (attempts used up) that still closed the participant's
 * timed-out attempt commits only that expiry: its audit entry then names the expiry and the
 * expired attempt, not a start of attempt 0. The request is suspended while this runs. */
static int start_write(sqlite3 *db, void *ctx)
{
	struct quiz_start_req *s = ctx;
	int rc = quiz_attempt_start_write(db, &s->w);
	if (rc == OK && s->w.refusal && s->w.expired_id) {
		s->rq->audit.action = "quiz.attempt.expire";
		s->rq->audit.object_id = &s->w.expired_id;
		s->rq->audit.summary = "timed out; the new start was refused (attempts used up)";
	} else if (rc == OK && s->w.expired_id) {
		s->rq->audit.summary = arena_printf(s->rq->arena, "expired attempt %lld first",
		                                    (long long)s->w.expired_id);
	}
	return rc;
}

int quiz_flow_start(struct req *rq, int64_t campaign_id, handler_fn then, struct quiz_flow_error *e)
{
	struct quiz_start_req *s = arena_alloc(rq->arena, sizeof *s);
	if (quiz_flow_campaign(rq, campaign_id, &s->c, e) != OK)
		return ERR;
	int64_t now = quiz_flow_now();
	if (now < s->c.opens_at)
		return fail(e, 409, "campaign_not_open", NULL, "quiz.error.not_open");
	if (now >= s->c.closes_at)
		return fail(e, 409, "campaign_closed", NULL, "quiz.error.closed");
	if (!eligible(rq, &s->c))
		return fail(e, 403, "not_eligible", NULL,
		            strcmp(s->c.audience, "members") == 0 ? "quiz.error.not_member"
		                                                  : "quiz.error.need_phone");
	if (participant_limited(rq, e) != OK)
		return ERR;
	const char *why = NULL;
	if (quiz_pick_questions(rq->app->store, rq->arena, &s->c, &s->w.picks, &s->w.npicks,
	                        &why) != OK)
		return fail(e, 409, "no_questions", NULL, why ? why : "error.internal");
	const struct principal *p = auth_principal(rq);
	s->w.campaign_id = s->c.id;
	s->w.user_id = p->user_id;
	s->w.region_code = p->region_code ? p->region_code : "15";
	s->w.now_ms = now;
	int64_t limit_end = now + (int64_t)s->c.time_limit_s * 1000;
	s->w.deadline_at = limit_end < s->c.closes_at ? limit_end : s->c.closes_at;
	s->w.attempts_allowed = s->c.attempts_allowed;
	s->w.grace_ms = rq->app->cfg->quiz_grace_ms;
	s->w.has_net = quiz_net_hash(rq->client_ip, s->w.net_hash);
	auth_token_new(s->token);
	auth_token_hash(s->token, s->w.token_hash);
	rq->audit.action = "quiz.attempt.start";
	rq->audit.object_type = "quiz_attempt";
	rq->audit.object_id = &s->w.id;
	rq->audit.scope = s->w.region_code;
	s->rq = rq;
	return req_write(rq, start_write, s, then); /* s->w first: then() sees &s->w */
}

/* What follows a start's commit: the cache forgets changed attempts, an attempt closed as
 * expired joins the boards. */
void quiz_flow_started(struct req *rq, struct quiz_start_req *s)
{
	if (s->w.expired_id) {
		quiz_cache_forget(s->w.expired_id);
		quiz_flow_board_add(rq, s->w.expired_id);
	}
	if (s->w.resumed)
		quiz_cache_forget(s->w.id);
}

void quiz_flow_board_add(struct req *rq, int64_t attempt_id)
{
	quiz_board_add_attempt(rq->app->store, rq->arena, attempt_id);
}

/* Loads the attempt's header (and item `item`) and checks it belongs to the caller and the
 * token opens it. */
int quiz_flow_own(struct req *rq, int64_t id, const char *token, struct quiz_attempt *at, int item,
                  struct quiz_item *it, struct quiz_flow_error *e)
{
	const struct principal *p = auth_principal(rq);
	bool no_item = false;
	if (id <= 0 || quiz_cache_get(rq->app->store, rq->arena, id, at, item, it, &no_item) != OK)
		return fail(e, 404, "not_found", NULL, "quiz.error.no_attempt");
	if (!p || at->user_id != p->user_id)
		return fail(e, 403, "forbidden", NULL, "quiz.error.not_yours");
	unsigned char h[32];
	if (!token || strlen(token) != QUIZ_TOKEN_CHARS)
		return fail(e, 403, "bad_attempt_token", "token", "quiz.error.bad_token");
	auth_token_hash(token, h);
	if (sodium_memcmp(h, at->token_hash, sizeof h) != 0)
		return fail(e, 403, "bad_attempt_token", "token", "quiz.error.bad_token");
	if (no_item)
		return fail(e, 404, "not_found", "position", "quiz.error.no_item");
	return OK;
}

/* 409 when the attempt takes no more answers: its time ran out (deadline and grace passed,
 * whether or not the expiry has closed it yet) or it was finished. */
static int accepting(struct req *rq, const struct quiz_attempt *at, int64_t now,
                     struct quiz_flow_error *e)
{
	if (at->status == QS_EXPIRED ||
	    (at->status == QS_ACTIVE && now > at->deadline_at + rq->app->cfg->quiz_grace_ms))
		return fail(e, 409, "deadline_passed", NULL, "quiz.error.deadline_passed");
	if (at->status != QS_ACTIVE)
		return fail(e, 409, "attempt_closed", NULL, "quiz.error.attempt_closed");
	return OK;
}

/* Scores the answer for item it into w (answer text, points) or fills e. */
static int score_into(struct req *rq, const struct quiz_item *it, const int64_t *opts, int nopts,
                      const char *text, struct quiz_answer_write *w, struct quiz_flow_error *e)
{
	const char *why = NULL;
	const char *key = NULL;
	if (it->kind == QK_FILL) {
		if (!text || !*text)
			return fail(e, 400, "invalid_value", "text", "quiz.error.answer_empty");
		if (strlen(text) > QUIZ_ANSWER_MAX * 4)
			return fail(e, 400, "too_long", "text", "error.too_long");
		key = quiz_answer_key(rq->arena, text);
	} else if (nopts < 0) {
		return fail(e, 400, "invalid_value", "options", "quiz.error.bad_options");
	}
	int points = quiz_score_item(it, opts, nopts, key, &why);
	if (points < 0)
		return fail(e, 400,
		            strcmp(why, "quiz.error.unknown_option") == 0 ? "unknown_option"
		                                                          : "invalid_value",
		            it->kind == QK_FILL ? "text" : "options", why);
	w->points = points;
	if (it->kind == QK_FILL) {
		w->answer = text;
	} else {
		struct strbuf sb;
		strbuf_init(&sb);
		for (int i = 0; i < nopts; i++)
			strbuf_printf(&sb, "%s%lld", i ? "," : "", (long long)opts[i]);
		w->answer = arena_strdup(rq->arena, sb.data ? sb.data : "");
		strbuf_free(&sb);
	}
	return OK;
}

int quiz_flow_answer(struct req *rq, int64_t id, const char *token, int position,
                     const int64_t *opts, int nopts, const char *text, handler_fn then,
                     struct quiz_flow_error *e)
{
	struct quiz_answer_req *a = arena_alloc(rq->arena, sizeof *a);
	if (position < 1 || position > QUIZ_MAX_ITEMS)
		return fail(e, 404, "not_found", "position", "quiz.error.no_item");
	if (quiz_flow_own(rq, id, token, &a->at, position, &a->item, e) != OK)
		return ERR;
	int64_t now = quiz_flow_now();
	if (accepting(rq, &a->at, now, e) != OK || participant_limited(rq, e) != OK)
		return ERR;
	if (score_into(rq, &a->item, opts, nopts, text, &a->w, e) != OK)
		return ERR;
	a->w.attempt_id = id;
	a->w.position = position;
	a->w.now_ms = now;
	a->w.deadline_limit = a->at.deadline_at + rq->app->cfg->quiz_grace_ms;
	rq->audit.action = "quiz.attempt.answer";
	rq->audit.object_type = "quiz_attempt";
	rq->audit.object_id = &a->w.attempt_id;
	rq->audit.scope = arena_strdup(rq->arena, a->at.region_code);
	return req_write(rq, quiz_answer_write, &a->w, then);
}

int quiz_flow_answered(struct req *rq, struct quiz_answer_req *a, struct quiz_flow_error *e)
{
	if (rq->write_result == OK) {
		quiz_cache_answered(a->w.attempt_id, a->w.position, a->w.points, a->w.now_ms);
		return OK;
	}
	if (a->w.closed) {
		quiz_cache_forget(a->w.attempt_id);
		return fail(e, 409, "attempt_closed", NULL, "quiz.error.attempt_closed");
	}
	return fail(e, 503, "unavailable", NULL, "error.unavailable");
}

/* ---- several answers at once, optionally finishing (API) ---- */

static int batch_write(sqlite3 *db, void *ctx)
{
	struct quiz_batch_req *b = ctx;
	for (int i = 0; i < b->n; i++)
		if (quiz_answer_write(db, &b->answers[i]) != OK) {
			b->closed = b->answers[i].closed;
			return ERR;
		}
	if (!b->finish)
		return OK;
	return quiz_finish_write(db, &b->fin);
}

int quiz_flow_batch(struct req *rq, struct quiz_batch_req *b, const char *token, handler_fn then,
                    struct quiz_flow_error *e)
{
	if (quiz_flow_own(rq, b->fin.attempt_id, token, &b->at, 0, NULL, e) != OK)
		return ERR;
	int64_t now = quiz_flow_now();
	if (accepting(rq, &b->at, now, e) != OK || participant_limited(rq, e) != OK)
		return ERR;
	for (int i = 0; i < b->n; i++) {
		struct quiz_answer_write *w = &b->answers[i];
		struct quiz_item it;
		struct quiz_attempt at;
		bool no_item = false;
		if (w->position < 1 || w->position > b->at.nitems ||
		    quiz_cache_get(rq->app->store, rq->arena, b->fin.attempt_id, &at, w->position,
		                   &it, &no_item) != OK ||
		    no_item)
			return fail(e, 404, "not_found", "position", "quiz.error.no_item");
		for (int k = 0; k < i; k++)
			if (b->answers[k].position == w->position)
				return fail(e, 400, "invalid_value", "position",
				            "quiz.error.duplicate_position");
		if (score_into(rq, &it, b->opts[i], b->nopts[i], b->texts[i], w, e) != OK) {
			e->index = i;
			return ERR;
		}
		w->attempt_id = b->fin.attempt_id;
		w->now_ms = now;
		w->deadline_limit = b->at.deadline_at + rq->app->cfg->quiz_grace_ms;
	}
	b->fin.now_ms = now;
	b->fin.expire = false; /* accepting() refused it past the deadline and grace */
	rq->audit.action = b->finish ? "quiz.attempt.submit" : "quiz.attempt.answer";
	rq->audit.object_type = "quiz_attempt";
	rq->audit.object_id = &b->fin.attempt_id;
	rq->audit.scope = arena_strdup(rq->arena, b->at.region_code);
	return req_write(rq, batch_write, b, then);
}

int quiz_flow_batched(struct req *rq, struct quiz_batch_req *b, struct quiz_flow_error *e)
{
	if (rq->write_result != OK) {
		quiz_cache_forget(b->fin.attempt_id);
		if (b->closed || b->fin.closed)
			return fail(e, 409, "attempt_closed", NULL, "quiz.error.attempt_closed");
		return fail(e, 503, "unavailable", NULL, "error.unavailable");
	}
	if (b->finish) {
		quiz_cache_forget(b->fin.attempt_id);
		quiz_flow_board_add(rq, b->fin.attempt_id);
	} else {
		for (int i = 0; i < b->n; i++)
			quiz_cache_answered(b->answers[i].attempt_id, b->answers[i].position,
			                    b->answers[i].points, b->answers[i].now_ms);
	}
	return OK;
}

/* ---- finishing ---- */

int quiz_flow_finish(struct req *rq, int64_t id, const char *token, handler_fn then,
                     struct quiz_flow_error *e)
{
	struct quiz_finish_req *f = arena_alloc(rq->arena, sizeof *f);
	if (quiz_flow_own(rq, id, token, &f->at, 0, NULL, e) != OK)
		return ERR;
	if (f->at.status != QS_ACTIVE)
		return fail(e, 409, "attempt_closed", NULL, "quiz.error.attempt_closed");
	int64_t now = quiz_flow_now();
	f->w.attempt_id = id;
	f->w.now_ms = now;
	/* past the deadline (and its grace) the attempt counts as timed out at its deadline */
	f->w.expire = now > f->at.deadline_at + rq->app->cfg->quiz_grace_ms;
	rq->audit.action = "quiz.attempt.finish";
	rq->audit.object_type = "quiz_attempt";
	rq->audit.object_id = &f->w.attempt_id;
	rq->audit.scope = arena_strdup(rq->arena, f->at.region_code);
	return req_write(rq, quiz_finish_write, &f->w, then);
}

int quiz_flow_finished(struct req *rq, struct quiz_finish_req *f, struct quiz_flow_error *e)
{
	quiz_cache_forget(f->w.attempt_id);
	if (rq->write_result != OK)
		return f->w.closed
		           ? fail(e, 409, "attempt_closed", NULL, "quiz.error.attempt_closed")
		           : fail(e, 503, "unavailable", NULL, "error.unavailable");
	quiz_flow_board_add(rq, f->w.attempt_id);
	return OK;
}
