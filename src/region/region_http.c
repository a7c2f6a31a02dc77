/* region_http.c: region pages (/regions, /regions/:code) and the API
 * (/api/v1/regions, /api/v1/regions/:code). */
#include "region/region.h"
#include "base/common.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_DEFAULT 100
#define PAGE_MAX     500

static bool code_valid(const char *code)
{
	size_t n = code ? strlen(code) : 0;
	if (n < 2 || n > 12)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)code[i]))
			return false;
	return true;
}

static json_t *region_json(const struct region *r)
{
	json_t *o = json_pack("{s:s, s:s, s:s?, s:s, s:s?}", "code", r->code, "level", r->level,
	                      "parent", r->parent, "name_zh", r->name_zh, "name_mn", r->name_mn);
	if (!r->parent)
		json_object_set_new(o, "parent", json_null());
	if (!r->name_mn)
		json_object_set_new(o, "name_mn", json_null());
	return o;
}

static json_t *list_json(const struct region_list *l)
{
	json_t *items = json_array();
	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(items, region_json(&l->items[i]));
	json_t *o = json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)l->total);
	json_object_set_new(o, "next", l->next ? json_string(l->next) : json_null());
	return o;
}

/* Reads ?limit=; returns false after replying 400 when it is not 1..PAGE_MAX. */
static bool page_limit(struct req *rq, struct resp *rs, int *limit)
{
	const char *v = req_query(rq, "limit");
	*limit = PAGE_DEFAULT;
	if (!v)
		return true;
	char *end;
	long n = strtol(v, &end, 10);
	if (*v == '\0' || *end || n < 1 || n > PAGE_MAX) {
		reply_error(rq, rs, 400, "invalid_value", "limit", "error.invalid_value");
		return false;
	}
	*limit = (int)n;
	return true;
}

/* GET /api/v1/regions/:code */
static int api_region_get(struct req *rq, struct resp *rs)
{
	const char *code = req_param(rq, "code");
	struct region r;
	if (!code_valid(code) || region_get(rq->app->store, rq->arena, code, &r) != OK)
		return reply_error(rq, rs, 404, "unknown_region", "code", "error.unknown_region");
	struct region_list parents, children;
	if (region_parents(rq->app->store, rq->arena, code, &parents) != OK ||
	    region_children(rq->app->store, rq->arena, code, NULL, PAGE_MAX, &children) != OK)
		return reply_error(rq, rs, 500, "internal", NULL, "error.internal");
	json_t *o = region_json(&r);
	json_object_set_new(o, "parents", list_json(&parents));
	json_object_set_new(o, "children", list_json(&children));
	return reply_json(rs, 200, o);
}

/* GET /api/v1/regions?parent=CODE | ?q=TEXT [&limit=N&cursor=C] */
static int api_regions_list(struct req *rq, struct resp *rs)
{
	int limit;
	if (!page_limit(rq, rs, &limit))
		return OK;
	const char *parent = req_query(rq, "parent");
	const char *q = req_query(rq, "q");
	const char *cursor = req_query(rq, "cursor");
	struct region_list l;
	if (q && *q) {
		if (strlen(q) > 100)
			return reply_error(rq, rs, 400, "too_long", "q", "error.too_long");
		if (region_search(rq->app->store, rq->arena, q, cursor, limit, &l) != OK)
			return reply_error(rq, rs, 500, "internal", NULL, "error.internal");
		return reply_json(rs, 200, list_json(&l));
	}
	if (!parent) {
		struct region root;
		if (region_get(rq->app->store, rq->arena, "15", &root) != OK)
			return reply_error(rq, rs, 404, "unknown_region", NULL,
			                   "error.unknown_region");
		l = (struct region_list){&root, 1, 1, NULL};
		return reply_json(rs, 200, list_json(&l));
	}
	if (!code_valid(parent) || !region_exists(rq->app->store, parent))
		return reply_error(rq, rs, 404, "unknown_region", "parent", "error.unknown_region");
	if (region_children(rq->app->store, rq->arena, parent, cursor, limit, &l) != OK)
		return reply_error(rq, rs, 500, "internal", NULL, "error.internal");
	return reply_json(rs, 200, list_json(&l));
}

static int show_region(struct req *rq, struct resp *rs, const char *code)
{
	struct region r;
	if (!code_valid(code) || region_get(rq->app->store, rq->arena, code, &r) != OK)
		return reply_error(rq, rs, 404, "unknown_region", NULL, "error.unknown_region");
	struct region_list parents, children;
	if (region_parents(rq->app->store, rq->arena, code, &parents) != OK ||
	    region_children(rq->app->store, rq->arena, code, NULL, PAGE_MAX, &children) != OK)
		return reply_error(rq, rs, 500, "internal", NULL, "error.internal");
	region_view_page(rq, rs, &r, &parents, &children);
	return OK;
}

/* GET /regions (the province, or search results with ?q=) */
static int page_regions(struct req *rq, struct resp *rs)
{
	const char *q = req_query(rq, "q");
	if (!q || !*q)
		return show_region(rq, rs, "15");
	if (strlen(q) > 100)
		return reply_error(rq, rs, 400, "too_long", "q", "error.too_long");
	struct region_list found;
	if (region_search(rq->app->store, rq->arena, q, NULL, PAGE_MAX, &found) != OK)
		return reply_error(rq, rs, 500, "internal", NULL, "error.internal");
	region_view_search(rq, rs, q, &found);
	return OK;
}

/* GET /regions/:code */
static int page_region(struct req *rq, struct resp *rs)
{
	return show_region(rq, rs, req_param(rq, "code"));
}

void region_mount(struct router *r)
{
	/* The region tree changes only when an operator re-imports it: answers are cacheable. */
	router_add(r, "GET", "/api/v1/regions", PERM_PUBLIC, api_regions_list)->cacheable = true;
	router_add(r, "GET", "/api/v1/regions/:code", PERM_PUBLIC, api_region_get)->cacheable =
	    true;
	router_add(r, "GET", "/regions", PERM_PUBLIC, page_regions)->cacheable = true;
	router_add(r, "GET", "/regions/:code", PERM_PUBLIC, page_region)->cacheable = true;
}
