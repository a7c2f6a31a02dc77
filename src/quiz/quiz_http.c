/* quiz_http.c: the quiz run side's mount point and what its HTTP files share — path ids,
 * refusals as replies, the manager check over a campaign's region, and the JSON shapes of
 * campaigns and attempts (an attempt never shows its key while it is active). */
#include "quiz/quiz_http.h"
#include "auth/auth.h"
#include "base/common.h"

#include <stdlib.h>
#include <string.h>

int64_t quiz_path_id(struct req *rq, const char *name)
{
	const char *v = req_param(rq, name);
	if (!v || !*v || strlen(v) > 18)
		return 0;
	char *end;
	long long n = strtoll(v, &end, 10);
	return *end || n < 1 ? 0 : n;
}

int quiz_reply_flow(struct req *rq, struct resp *rs, const struct quiz_flow_error *e)
{
	if (e->status == 429 && e->retry_after > 0)
		resp_header(rs, "Retry-After", arena_printf(rq->arena, "%d", e->retry_after));
	return reply_error(rq, rs, e->status, e->code, e->field, e->key);
}

bool quiz_can_manage(struct req *rq, const struct quiz_campaign *c)
{
	return auth_can(auth_principal(rq), "quiz.manage", c->region_code);
}

static const char *pick_lang(struct req *rq, const char *zh, const char *mn)
{
	bool want_mn = strcmp(rq->lang, "mn") == 0;
	const char *first = want_mn ? mn : zh, *other = want_mn ? zh : mn;
	return first && *first ? first : other;
}

const char *quiz_title(struct req *rq, const struct quiz_campaign *c)
{
	return pick_lang(rq, c->title_zh, c->title_mn);
}

const char *quiz_rules(struct req *rq, const struct quiz_campaign *c)
{
	return pick_lang(rq, c->rules_zh, c->rules_mn);
}

json_t *quiz_campaign_json(const struct quiz_campaign *c, bool manager)
{
	json_t *draws = json_array();
	for (int i = 0; i < c->ndraws; i++)
		json_array_append_new(draws,
		                      json_pack("{s:s, s:i}", "category", c->draws[i].category,
		                                "count", c->draws[i].count));
	json_t *j = json_pack(
	    "{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:i, s:i, s:s, s:i, s:s, s:b, s:i, s:s,"
	    " s:b, s:I}",
	    "id", (json_int_t)c->id, "title_zh", c->title_zh, "title_mn", c->title_mn, "rules_zh",
	    c->rules_zh, "rules_mn", c->rules_mn, "region", c->region_code, "sites", c->sites,
	    "opens_at", (json_int_t)c->opens_at, "closes_at", (json_int_t)c->closes_at,
	    "time_limit_s", c->time_limit_s, "attempts_allowed", c->attempts_allowed, "counting",
	    c->counting, "pass_mark", c->pass_mark, "audience", c->audience, "shuffle", c->shuffle,
	    "prizes", c->prizes, "commitment", c->commitment, "drawn", c->drawn, "version",
	    (json_int_t)c->version);
	if (manager)
		json_object_set_new(j, "draws", draws);
	else
		json_decref(draws);
	return j;
}

static json_t *answer_json(const struct quiz_item_text *t)
{
	if (!t->answered)
		return json_null();
	if (t->kind == QK_FILL)
		return json_string(t->answer);
	json_t *arr = json_array();
	int64_t ids[QUIZ_MAX_OPTIONS];
	int n = quiz_ids_parse(t->answer, ids, QUIZ_MAX_OPTIONS);
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, json_integer((json_int_t)ids[i]));
	return arr;
}

json_t *quiz_attempt_json(struct req *rq, const struct quiz_attempt *at)
{
	bool reveal = at->status != QS_ACTIVE;
	struct quiz_item_text *items = NULL;
	int n = 0;
	json_t *arr = json_array();
	if (quiz_attempt_texts(rq->app->store, rq->arena, at->id, reveal, &items, &n) != OK)
		n = 0;
	for (int i = 0; i < n; i++) {
		struct quiz_item_text *t = &items[i];
		json_t *opts = json_array();
		for (int k = 0; k < t->nopt; k++) {
			json_t *o = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)t->options[k].id,
			                      "text_zh", t->options[k].text_zh, "text_mn",
			                      t->options[k].text_mn);
			if (reveal)
				json_object_set_new(o, "correct",
				                    json_boolean(t->options[k].correct));
			json_array_append_new(opts, o);
		}
		json_t *it = json_pack("{s:i, s:s, s:s, s:s, s:o, s:o, s:i}", "position",
		                       t->position, "kind", quiz_kind_name(t->kind), "stem_zh",
		                       t->stem_zh, "stem_mn", t->stem_mn, "options", opts, "answer",
		                       answer_json(t), "max_points", t->max_points);
		if (reveal) {
			json_object_set_new(it, "points", json_integer(t->points));
			json_object_set_new(it, "explanation_zh", json_string(t->explanation_zh));
			json_object_set_new(it, "explanation_mn", json_string(t->explanation_mn));
			if (t->kind == QK_FILL)
				json_object_set_new(it, "accepted_answer",
				                    t->accepted ? json_string(t->accepted)
				                                : json_null());
		}
		json_array_append_new(arr, it);
	}
	json_t *j = json_pack(
	    "{s:I, s:I, s:s, s:I, s:I, s:I, s:i, s:o}", "id", (json_int_t)at->id, "campaign_id",
	    (json_int_t)at->campaign_id, "status", quiz_status_name(at->status), "started_at",
	    (json_int_t)at->started_at, "deadline_at", (json_int_t)at->deadline_at, "server_time",
	    (json_int_t)quiz_flow_now(), "max_score", at->max_score, "items", arr);
	if (reveal) {
		json_object_set_new(j, "score", json_integer(at->score));
		json_object_set_new(j, "finished_at", json_integer((json_int_t)at->finished_at));
		json_object_set_new(j, "duration_ms", json_integer((json_int_t)at->duration_ms));
	}
	return j;
}

void quiz_run_mount(struct router *r)
{
	quiz_http_campaigns_mount(r);
	quiz_http_attempts_mount(r);
	quiz_http_pages_mount(r);
	quiz_http_console_mount(r);
}
