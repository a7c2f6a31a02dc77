/* search_http.c: GET /api/v1/search (the list envelope, best first) and the /search page.
 * Parameters: q (required for the API; at most SEARCH_QUERY_MAX_CHARS characters), site (id;
 * that site and its subtree), column (id), lang (zh|mn), from/to (YYYY-MM-DD, Beijing time,
 * inclusive), cursor, limit (1..SEARCH_PAGE_MAX). Parsed in one table-driven place. */
#include "search/search.h"
#include "base/clock.h"
#include "base/common.h"
#include "base/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Parses a positive id; false when malformed. */
static bool parse_id(const char *v, int64_t *out)
{
	char *end;
	long long n = strtoll(v, &end, 10);
	if (!*v || *end || n < 1 || v[0] == '+' || v[0] == ' ')
		return false;
	*out = n;
	return true;
}

/* Parses YYYY-MM-DD as the ms of that day's start in Beijing time (UTC+8). */
static bool parse_day(const char *v, int64_t *out)
{
	int y, m, d;
	char tail;
	if (strlen(v) != 10 || sscanf(v, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || y < 1970 ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d};
	time_t t = timegm(&tm);
	struct tm back;
	gmtime_r(&t, &back);
	if (back.tm_mday != d) /* 2026-02-30 */
		return false;
	*out = ((int64_t)t - 8 * 3600) * 1000;
	return true;
}

enum { P_Q, P_SITE, P_COLUMN, P_LANG, P_FROM, P_TO, P_LIMIT, P_COUNT };

static const char *const param_names[P_COUNT] = {"q",    "site", "column", "lang",
                                                 "from", "to",   "limit"};

/* Fills q from the query string; returns the name of the first bad parameter, or NULL. */
static const char *parse_query(struct req *rq, struct search_query *q)
{
	memset(q, 0, sizeof *q);
	q->limit = SEARCH_PAGE_DEFAULT;
	for (int i = 0; i < P_COUNT; i++) {
		const char *v = req_query(rq, param_names[i]);
		if (!v || (!*v && i != P_Q))
			continue;
		bool ok = true;
		int64_t n = 0;
		switch (i) {
		case P_Q:
			ok = utf8_length(v, strlen(v)) <= SEARCH_QUERY_MAX_CHARS;
			q->q = v;
			break;
		case P_SITE:
			ok = parse_id(v, &q->site_id);
			break;
		case P_COLUMN:
			ok = parse_id(v, &q->column_id);
			break;
		case P_LANG:
			ok = strcmp(v, "zh") == 0 || strcmp(v, "mn") == 0;
			q->lang = v;
			break;
		case P_FROM:
			ok = parse_day(v, &q->from_ms);
			break;
		case P_TO:
			ok = parse_day(v, &n);
			q->to_ms = n + 86400 * 1000LL;
			break;
		case P_LIMIT:
			ok = parse_id(v, &n) && n <= SEARCH_PAGE_MAX;
			q->limit = (int)n;
			break;
		}
		if (!ok)
			return param_names[i];
	}
	const char *c = req_query(rq, "cursor");
	q->cursor = c && *c ? c : NULL;
	return NULL;
}

static json_t *hit_json(const struct search_hit *h)
{
	char at[32] = "";
	if (h->published_at)
		clock_format_rfc3339(h->published_at, at);
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:s?, s:s, s:f}", "id",
	                 (json_int_t)h->article_id, "lang", h->lang, "title", h->title,
	                 "title_html", h->title_html, "snippet_html", h->snippet_html, "site",
	                 (json_int_t)h->site_id, "column", (json_int_t)h->column_id, "published_at",
	                 h->published_at ? at : NULL, "url", h->url, "score", -h->rank);
}

/* GET /api/v1/search */
static int api_search(struct req *rq, struct resp *rs)
{
	struct search_query q;
	const char *bad = parse_query(rq, &q);
	if (bad)
		return reply_error(rq, rs, 400, "invalid_value", bad, "error.invalid_value");
	if (!q.q || !*q.q)
		return reply_error(rq, rs, 400, "required", "q", "error.required");
	struct search_result res;
	int rc = search_run(rq->app->store, rq->arena, &q, &res);
	if (rc == ERR)
		return reply_error(rq, rs, 400, "invalid_value", "cursor", "error.invalid_value");
	if (rc != OK)
		return reply_error(rq, rs, 500, "internal", NULL, "error.internal");
	json_t *items = json_array();
	for (size_t i = 0; i < res.n; i++)
		json_array_append_new(items, hit_json(&res.items[i]));
	json_t *o = json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)res.total);
	json_object_set_new(o, "next", res.next ? json_string(res.next) : json_null());
	return reply_json(rs, 200, o);
}

/* GET /search */
static int page_search(struct req *rq, struct resp *rs)
{
	struct search_query q;
	struct search_result res = {0};
	const char *bad = parse_query(rq, &q);
	const char *error_key = NULL;
	if (bad) {
		rs->status = 400;
		error_key = "search.bad_param";
	} else if (q.q && *q.q) {
		int rc = search_run(rq->app->store, rq->arena, &q, &res);
		if (rc == ERR) {
			rs->status = 400;
			error_key = "search.bad_param";
		} else if (rc != OK) {
			return reply_error(rq, rs, 500, "internal", NULL, "error.internal");
		}
	}
	search_view_page(rq, rs, &q, &res, error_key);
	return OK;
}

void search_mount(struct router *r)
{
	router_add(r, "GET", "/api/v1/search", PERM_PUBLIC, api_search);
	router_add(r, "GET", "/search", PERM_PUBLIC, page_search);
}
