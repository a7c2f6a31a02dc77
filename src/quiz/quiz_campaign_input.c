/* quiz_campaign_input.c: reads and checks a campaign from a request — JSON from the API or the
 * console's form — into struct quiz_campaign, one table of fields; the first bad field is
 * reported with the catalog key of the reason. Times are milliseconds since the epoch, or
 * (from the form) "YYYY-MM-DDTHH:MM" in China Standard Time. Draw rules are
 * "category:count" separated by ';', ',' or new lines (or, in JSON, an array of
 * {"category", "count"}). */
#include "quiz/quiz_http.h"
#include "auth/auth.h"
#include "base/common.h"
#include "base/utf8.h"
#include "region/region.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *quiz_field(struct req *rq, const char *name)
{
	if (rq->json && json_is_object(rq->json)) {
		json_t *v = json_object_get(rq->json, name);
		if (json_is_string(v))
			return json_string_value(v);
		if (json_is_integer(v))
			return arena_printf(rq->arena, "%lld", (long long)json_integer_value(v));
		if (json_is_boolean(v))
			return json_is_true(v) ? "1" : "0";
		return NULL;
	}
	return kvlist_get(&rq->form, name);
}

static int bad(struct field_error *fe, const char *field, const char *code, const char *key)
{
	fe->field = field;
	fe->code = code;
	fe->message_key = key;
	return ERR;
}

/* ms since the epoch from digits, or from "YYYY-MM-DDTHH:MM[:SS]" as UTC+8. */
int quiz_parse_time(const char *v, int64_t *ms)
{
	char *end;
	if (v[0] >= '0' && v[0] <= '9' && strlen(v) >= 10 && !strchr(v, '-')) {
		long long n = strtoll(v, &end, 10);
		if (*end || n < 0)
			return ERR;
		*ms = n;
		return OK;
	}
	struct tm tm = {0};
	int y, mo, d, h, mi, s = 0;
	char tail;
	int got = sscanf(v, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &tail);
	if (got != 5 && got != 6)
		return ERR;
	if (y < 2000 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    s > 59 || h < 0 || mi < 0 || s < 0)
		return ERR;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	*ms = ((int64_t)timegm(&tm) - 8 * 3600) * 1000;
	return OK;
}

void quiz_format_time(int64_t ms, char out[20])
{
	time_t t = (time_t)(ms / 1000) + 8 * 3600;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 20, "%Y-%m-%dT%H:%M", &tm);
}

static int parse_int(const char *v, int lo, int hi, int *out)
{
	char *end;
	long n = strtol(v, &end, 10);
	if (!*v || *end || n < lo || n > hi)
		return ERR;
	*out = (int)n;
	return OK;
}

static int add_rule(struct arena *a, struct quiz_campaign *c, const char *cat, size_t catlen,
                    int count)
{
	if (catlen == 0 || catlen > 64 || count < 1 || count > 200 || c->ndraws >= QUIZ_MAX_DRAWS)
		return ERR;
	for (int i = 0; i < c->ndraws; i++)
		if (strlen(c->draws[i].category) == catlen &&
		    strncmp(c->draws[i].category, cat, catlen) == 0)
			return ERR;
	c->draws[c->ndraws].category = arena_strndup(a, cat, catlen);
	c->draws[c->ndraws].count = count;
	c->ndraws++;
	return OK;
}

int quiz_draw_rules_parse(struct arena *a, const char *v, struct quiz_campaign *c)
{
	const char *p = v;
	while (*p) {
		while (*p == ' ' || *p == ';' || *p == ',' || *p == '\n' || *p == '\r' ||
		       *p == '\t')
			p++;
		if (!*p)
			break;
		size_t token = strcspn(p, ";,\n\r");
		const char *colon = memchr(p, ':', token);
		if (!colon)
			return ERR;
		const char *cat = p, *cend = colon;
		while (cend > cat && cend[-1] == ' ')
			cend--;
		char *end;
		long n = strtol(colon + 1, &end, 10);
		if (end == colon + 1 || n < 1 || n > 200 ||
		    add_rule(a, c, cat, (size_t)(cend - cat), (int)n) != OK)
			return ERR;
		p = end;
		while (*p == ' ')
			p++;
		if (*p && *p != ';' && *p != ',' && *p != '\n' && *p != '\r')
			return ERR;
	}
	return c->ndraws > 0 ? OK : ERR;
}

static int parse_rules(struct req *rq, struct quiz_campaign *c)
{
	json_t *arr =
	    rq->json && json_is_object(rq->json) ? json_object_get(rq->json, "draws") : NULL;
	if (json_is_array(arr)) {
		size_t i;
		json_t *r;
		json_array_foreach(arr, i, r)
		{
			const char *cat = json_string_value(json_object_get(r, "category"));
			json_t *cnt = json_object_get(r, "count");
			if (!cat || !json_is_integer(cnt) || json_integer_value(cnt) < 1 ||
			    json_integer_value(cnt) > 200 ||
			    add_rule(rq->arena, c, cat, strlen(cat),
			             (int)json_integer_value(cnt)) != OK)
				return ERR;
		}
		return c->ndraws > 0 ? OK : ERR;
	}
	const char *v = quiz_field(rq, "draws");
	return v ? quiz_draw_rules_parse(rq->arena, v, c) : ERR;
}

static const char *text_field(struct req *rq, const char *name, size_t max_chars, bool *too_long)
{
	const char *v = quiz_field(rq, name);
	if (!v)
		return "";
	if (utf8_length(v, strlen(v)) > max_chars)
		*too_long = true;
	return v;
}

static bool sites_valid(const char *s)
{
	for (const char *p = s; *p; p++)
		if (!((*p >= '0' && *p <= '9') || *p == ','))
			return false;
	return true;
}

int quiz_campaign_read(struct req *rq, struct quiz_campaign *c, struct field_error *fe)
{
	if (rq->json && !json_is_object(rq->json))
		return bad(fe, NULL, "invalid_value", "error.invalid_value");
	static const struct {
		const char *name;
		size_t max;
	} texts[] = {{"title_zh", 200}, {"title_mn", 200}, {"rules_zh", 5000}, {"rules_mn", 5000}};
	const char **slots[] = {&c->title_zh, &c->title_mn, &c->rules_zh, &c->rules_mn};
	for (size_t i = 0; i < ARRAY_LEN(texts); i++) {
		bool too_long = false;
		*slots[i] = text_field(rq, texts[i].name, texts[i].max, &too_long);
		if (too_long)
			return bad(fe, texts[i].name, "too_long", "error.too_long");
	}
	if (!*c->title_zh && !*c->title_mn)
		return bad(fe, "title_zh", "required", "quiz.error.title_required");
	const char *v = quiz_field(rq, "region");
	if (!v || !*v)
		return bad(fe, "region", "required", "error.required");
	if (!region_exists(rq->app->store, v))
		return bad(fe, "region", "unknown_region", "error.unknown_region");
	c->region_code = v;
	v = quiz_field(rq, "sites");
	c->sites = v ? v : "";
	if (!sites_valid(c->sites))
		return bad(fe, "sites", "invalid_value", "error.invalid_value");
	v = quiz_field(rq, "opens_at");
	if (!v || quiz_parse_time(v, &c->opens_at) != OK)
		return bad(fe, "opens_at", v ? "invalid_value" : "required",
		           v ? "quiz.error.bad_time" : "error.required");
	v = quiz_field(rq, "closes_at");
	if (!v || quiz_parse_time(v, &c->closes_at) != OK)
		return bad(fe, "closes_at", v ? "invalid_value" : "required",
		           v ? "quiz.error.bad_time" : "error.required");
	if (c->closes_at <= c->opens_at)
		return bad(fe, "closes_at", "invalid_value", "quiz.error.close_before_open");
	static const struct {
		const char *name;
		int lo, hi, def;
	} ints[] = {{"time_limit_s", 10, 86400, 600},
	            {"attempts_allowed", 1, 100, 1},
	            {"pass_mark", 0, QUIZ_MAX_ITEMS, -1},
	            {"prizes", 0, 100000, 0}};
	int *islots[] = {&c->time_limit_s, &c->attempts_allowed, &c->pass_mark, &c->prizes};
	for (size_t i = 0; i < ARRAY_LEN(ints); i++) {
		v = quiz_field(rq, ints[i].name);
		if (!v || !*v) {
			if (ints[i].def < 0)
				return bad(fe, ints[i].name, "required", "error.required");
			*islots[i] = ints[i].def;
		} else if (parse_int(v, ints[i].lo, ints[i].hi, islots[i]) != OK) {
			return bad(fe, ints[i].name, "invalid_value", "quiz.error.bad_number");
		}
	}
	v = quiz_field(rq, "counting");
	c->counting = v && *v ? v : "best";
	if (strcmp(c->counting, "best") != 0 && strcmp(c->counting, "last") != 0)
		return bad(fe, "counting", "invalid_value", "error.invalid_value");
	v = quiz_field(rq, "audience");
	c->audience = v && *v ? v : "public";
	if (strcmp(c->audience, "public") != 0 && strcmp(c->audience, "members") != 0)
		return bad(fe, "audience", "invalid_value", "error.invalid_value");
	v = quiz_field(rq, "shuffle");
	c->shuffle = !v || strcmp(v, "0") != 0;
	c->ndraws = 0;
	if (parse_rules(rq, c) != OK)
		return bad(fe, "draws", "invalid_value", "quiz.error.bad_draws");
	int total = 0;
	for (int i = 0; i < c->ndraws; i++)
		total += c->draws[i].count;
	if (total > QUIZ_MAX_ITEMS)
		return bad(fe, "draws", "invalid_value", "quiz.error.bad_draws");
	if (c->pass_mark > total)
		return bad(fe, "pass_mark", "invalid_value", "quiz.error.pass_mark_high");
	return OK;
}
