/* router.c: the route table — method + path pattern → handler, with the permission each
 * route declares. Patterns are matched segment by segment; ":name" takes one segment and a
 * final "*name" takes the rest of the path. Registration order breaks ties. A route whose
 * literal start (up to its first parameter) is not the path's start is skipped at once. */
#include "http/http.h"
#include "base/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct route *router_add(struct router *r, const char *method, const char *pattern,
                         const char *perm, handler_fn fn)
{
	if (!perm || !*perm || !method || !pattern || pattern[0] != '/' || !fn) {
		fprintf(stderr, "tala: route %s %s declares no permission\n", method ? method : "?",
		        pattern ? pattern : "?");
		abort();
	}
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 32;
		r->routes = realloc(r->routes, r->cap * sizeof *r->routes);
		if (!r->routes)
			abort();
	}
	struct route *rt = calloc(1, sizeof *rt);
	if (!rt)
		abort();
	rt->method = method;
	rt->pattern = pattern;
	rt->perm = perm;
	rt->fn = fn;
	rt->literal_len = strcspn(pattern, ":*");
	r->routes[r->n++] = rt;
	return rt;
}

void router_free(struct router *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->routes[i]);
	free(r->routes);
	r->routes = NULL;
	r->n = r->cap = 0;
}

/* Matches path against pattern; fills params when given. */
static bool pattern_match(struct arena *a, const char *pattern, const char *path,
                          struct kvlist *params)
{
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p != '/' || *s != '/')
			return false;
		p++;
		s++;
		const char *pend = strchr(p, '/');
		size_t plen = pend ? (size_t)(pend - p) : strlen(p);
		const char *send = strchr(s, '/');
		size_t slen = send ? (size_t)(send - s) : strlen(s);
		if (plen && p[0] == '*') {
			if (params)
				kvlist_add(a, params, arena_strndup(a, p + 1, plen - 1),
				           arena_strdup(a, s), strlen(s));
			return true;
		}
		if (plen && p[0] == ':') {
			if (slen == 0)
				return false;
			if (params)
				kvlist_add(a, params, arena_strndup(a, p + 1, plen - 1),
				           arena_strndup(a, s, slen), slen);
		} else if (plen != slen || memcmp(p, s, plen) != 0) {
			return false;
		}
		p += plen;
		s += slen;
	}
	return *p == '\0' && *s == '\0';
}

enum route_match router_match(const struct router *r, struct arena *a, const char *method,
                              const char *path, const struct route **out, struct kvlist *params,
                              char *allow, size_t allowlen)
{
	const char *want = strcmp(method, "HEAD") == 0 ? "GET" : method;
	bool path_known = false;
	size_t used = 0;
	if (allowlen)
		allow[0] = '\0';
	for (size_t i = 0; i < r->n; i++) {
		const struct route *rt = r->routes[i];
		/* most routes differ from the path before their first parameter */
		if (strncmp(path, rt->pattern, rt->literal_len) != 0)
			continue;
		if (strcmp(rt->method, want) == 0) {
			struct kvlist found = {0};
			if (pattern_match(a, rt->pattern, path, &found)) {
				*out = rt;
				*params = found;
				return ROUTE_FOUND;
			}
		} else if (pattern_match(a, rt->pattern, path, NULL)) {
			path_known = true;
			if (!strstr(allow, rt->method)) {
				int n = snprintf(allow + used, allowlen - used, "%s%s",
				                 used ? ", " : "", rt->method);
				if (n > 0 && (size_t)n < allowlen - used)
					used += (size_t)n;
				if (strcmp(rt->method, "GET") == 0 && !strstr(allow, "HEAD")) {
					n = snprintf(allow + used, allowlen - used, ", HEAD");
					if (n > 0 && (size_t)n < allowlen - used)
						used += (size_t)n;
				}
			}
		}
	}
	return path_known ? ROUTE_BAD_METHOD : ROUTE_NOT_FOUND;
}
