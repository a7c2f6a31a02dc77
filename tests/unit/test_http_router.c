/* test_http_router.c: the route table (src/http/router.c) — ":name" parameters, final
 * "*rest" patterns, 404 against 405 with the Allow list (GET implies HEAD), HEAD served by
 * GET routes, and registration order breaking ties. */
#include "test_util.h"

#include "base/common.h"
#include "http/http.h"

#include <signal.h>
#include <sys/wait.h>

static int h_a(struct req *rq, struct resp *rs)
{
	(void)rq;
	(void)rs;
	return OK;
}

static int h_b(struct req *rq, struct resp *rs)
{
	(void)rq;
	(void)rs;
	return ERR;
}

struct fixture {
	struct router r;
	struct arena a;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	arena_init(&f->a, 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	router_free(&f->r);
	arena_free(&f->a);
	free(f);
	return 0;
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

struct match {
	enum route_match result;
	const struct route *route;
	struct kvlist params;
	char allow[128];
};

static struct match match(struct fixture *f, const char *method, const char *path)
{
	struct match m;
	memset(&m, 0, sizeof m);
	memset(m.allow, 'X', sizeof m.allow);
	m.result =
	    router_match(&f->r, &f->a, method, path, &m.route, &m.params, m.allow, sizeof m.allow);
	return m;
}

static void exact_and_params(void **state)
{
	struct fixture *f = *state;
	struct route *list = router_add(&f->r, "GET", "/api/v1/regions", PERM_PUBLIC, h_a);
	struct route *one = router_add(&f->r, "GET", "/api/v1/regions/:code", PERM_PUBLIC, h_b);
	struct route *two =
	    router_add(&f->r, "GET", "/sites/:site/pages/:page", "content.read", h_a);
	assert_string_equal(two->perm, "content.read");
	assert_int_equal(two->rate_per_minute, 0);

	struct match m = match(f, "GET", "/api/v1/regions");
	assert_int_equal(m.result, ROUTE_FOUND);
	assert_ptr_equal(m.route, list);
	assert_int_equal(m.params.n, 0);

	m = match(f, "GET", "/api/v1/regions/150100");
	assert_int_equal(m.result, ROUTE_FOUND);
	assert_ptr_equal(m.route, one);
	assert_ptr_equal(m.route->fn, h_b);
	assert_int_equal(m.params.n, 1);
	assert_string_equal(kvlist_get(&m.params, "code"), "150100");
	assert_int_equal(m.params.items[0].value_len, 6);

	m = match(f, "GET", "/sites/hohhot/pages/科普");
	assert_int_equal(m.result, ROUTE_FOUND);
	assert_ptr_equal(m.route, two);
	assert_int_equal(m.params.n, 2);
	assert_string_equal(kvlist_get(&m.params, "site"), "hohhot");
	assert_string_equal(kvlist_get(&m.params, "page"), "科普");
}

static void near_misses_are_not_found(void **state)
{
	struct fixture *f = *state;
	router_add(&f->r, "GET", "/api/v1/regions", PERM_PUBLIC, h_a);
	router_add(&f->r, "GET", "/api/v1/regions/:code", PERM_PUBLIC, h_a);
	static const char *const paths[] = {
	    "/api/v1/regions/",     /* a parameter takes a non-empty segment */
	    "/api/v1/regions/15/x", /* one segment only */
	    "/api/v1/regions//",    "/api/v1/region", "/api/v1/regionsX",    "/api/v1", "/", "",
	    "/API/v1/regions",      "api/v1/regions", "/api/v1/regions/15/",
	};
	for (size_t i = 0; i < ARRAY_LEN(paths); i++) {
		struct match m = match(f, "GET", paths[i]);
		if (m.result != ROUTE_NOT_FOUND)
			fail_msg("%s matched (%d)", paths[i], m.result);
		assert_string_equal(m.allow, "");
	}
}

static void root_pattern(void **state)
{
	struct fixture *f = *state;
	struct route *home = router_add(&f->r, "GET", "/", PERM_PUBLIC, h_a);
	assert_ptr_equal(match(f, "GET", "/").route, home);
	assert_int_equal(match(f, "GET", "/x").result, ROUTE_NOT_FOUND);
	assert_int_equal(match(f, "GET", "//").result, ROUTE_NOT_FOUND);
}

static void rest_patterns(void **state)
{
	struct fixture *f = *state;
	struct route *st = router_add(&f->r, "GET", "/static/*path", PERM_PUBLIC, h_a);
	struct match m = match(f, "GET", "/static/css/tala.css");
	assert_int_equal(m.result, ROUTE_FOUND);
	assert_ptr_equal(m.route, st);
	assert_string_equal(kvlist_get(&m.params, "path"), "css/tala.css");
	m = match(f, "GET", "/static/fonts/Noto Sans/a.woff2");
	assert_string_equal(kvlist_get(&m.params, "path"), "fonts/Noto Sans/a.woff2");
	m = match(f, "GET", "/static/a//b/");
	assert_string_equal(kvlist_get(&m.params, "path"), "a//b/");
	m = match(f, "GET", "/static/");
	assert_int_equal(m.result, ROUTE_FOUND);
	assert_string_equal(kvlist_get(&m.params, "path"), "");
	assert_int_equal(match(f, "GET", "/static").result, ROUTE_NOT_FOUND);
	assert_int_equal(match(f, "GET", "/staticx/a").result, ROUTE_NOT_FOUND);

	struct route *docs = router_add(&f->r, "GET", "/docs/:lang/*page", PERM_PUBLIC, h_b);
	m = match(f, "GET", "/docs/mn/api/regions");
	assert_ptr_equal(m.route, docs);
	assert_int_equal(m.params.n, 2);
	assert_string_equal(kvlist_get(&m.params, "lang"), "mn");
	assert_string_equal(kvlist_get(&m.params, "page"), "api/regions");
}

static void wrong_method_is_405_with_allow(void **state)
{
	struct fixture *f = *state;
	router_add(&f->r, "GET", "/feedback", PERM_PUBLIC, h_a);
	router_add(&f->r, "POST", "/feedback", PERM_PUBLIC, h_a);
	router_add(&f->r, "POST", "/api/v1/feedback", PERM_PUBLIC, h_a);
	router_add(&f->r, "PUT", "/api/v1/items/:id", PERM_PUBLIC, h_a);
	router_add(&f->r, "DELETE", "/api/v1/items/:id", PERM_PUBLIC, h_a);

	struct match m = match(f, "DELETE", "/feedback");
	assert_int_equal(m.result, ROUTE_BAD_METHOD);
	assert_null(m.route);
	assert_string_equal(m.allow, "GET, HEAD, POST");

	m = match(f, "GET", "/api/v1/feedback");
	assert_int_equal(m.result, ROUTE_BAD_METHOD);
	assert_string_equal(m.allow, "POST");

	m = match(f, "HEAD", "/api/v1/feedback"); /* HEAD needs a GET route */
	assert_int_equal(m.result, ROUTE_BAD_METHOD);
	assert_string_equal(m.allow, "POST");

	m = match(f, "GET", "/api/v1/items/7");
	assert_int_equal(m.result, ROUTE_BAD_METHOD);
	assert_string_equal(m.allow, "PUT, DELETE");

	/* the path must match for a route's method to be listed */
	m = match(f, "GET", "/api/v1/items/");
	assert_int_equal(m.result, ROUTE_NOT_FOUND);
	assert_string_equal(m.allow, "");
}

static void allow_lists_each_method_once(void **state)
{
	struct fixture *f = *state;
	router_add(&f->r, "GET", "/a/:x", PERM_PUBLIC, h_a);
	router_add(&f->r, "GET", "/a/*rest", PERM_PUBLIC, h_a);
	router_add(&f->r, "POST", "/a/:y", PERM_PUBLIC, h_a);
	router_add(&f->r, "POST", "/a/b", PERM_PUBLIC, h_a);
	struct match m = match(f, "PATCH", "/a/b");
	assert_int_equal(m.result, ROUTE_BAD_METHOD);
	assert_string_equal(m.allow, "GET, HEAD, POST");
}

static void allow_fits_a_small_buffer(void **state)
{
	struct fixture *f = *state;
	router_add(&f->r, "GET", "/x", PERM_PUBLIC, h_a);
	router_add(&f->r, "POST", "/x", PERM_PUBLIC, h_a);
	router_add(&f->r, "DELETE", "/x", PERM_PUBLIC, h_a);
	char allow[12];
	memset(allow, 'X', sizeof allow);
	const struct route *rt = NULL;
	struct kvlist params = {0};
	assert_int_equal(router_match(&f->r, &f->a, "PUT", "/x", &rt, &params, allow, 8),
	                 ROUTE_BAD_METHOD);
	assert_non_null(memchr(allow, '\0', 8)); /* terminated within the given length */
	for (size_t i = 8; i < sizeof allow; i++)
		assert_int_equal(allow[i], 'X');
}

static void head_is_served_by_get(void **state)
{
	struct fixture *f = *state;
	router_add(&f->r, "POST", "/regions/:code", PERM_PUBLIC, h_b);
	struct route *get = router_add(&f->r, "GET", "/regions/:code", PERM_PUBLIC, h_a);
	struct match m = match(f, "HEAD", "/regions/15");
	assert_int_equal(m.result, ROUTE_FOUND);
	assert_ptr_equal(m.route, get);
	assert_string_equal(kvlist_get(&m.params, "code"), "15");
	/* methods are case-sensitive tokens */
	assert_int_equal(match(f, "get", "/regions/15").result, ROUTE_BAD_METHOD);
}

static void registration_order_breaks_ties(void **state)
{
	struct fixture *f = *state;
	struct route *fixed = router_add(&f->r, "GET", "/regions/new", PERM_PUBLIC, h_a);
	struct route *param = router_add(&f->r, "GET", "/regions/:code", PERM_PUBLIC, h_b);
	struct route *dup = router_add(&f->r, "GET", "/regions/:id", PERM_PUBLIC, h_a);
	struct route *late = router_add(&f->r, "GET", "/late/:x", PERM_PUBLIC, h_a);
	struct route *late_fixed = router_add(&f->r, "GET", "/late/fixed", PERM_PUBLIC, h_a);
	struct match m = match(f, "GET", "/regions/new");
	assert_ptr_equal(m.route, fixed);
	assert_int_equal(m.params.n, 0);
	m = match(f, "GET", "/regions/15");
	assert_ptr_equal(m.route, param);
	assert_ptr_not_equal(m.route, dup);
	assert_null(kvlist_get(&m.params, "id"));
	m = match(f, "GET", "/late/fixed"); /* registered later: shadowed */
	assert_ptr_equal(m.route, late);
	assert_ptr_not_equal(m.route, late_fixed);
	assert_string_equal(kvlist_get(&m.params, "x"), "fixed");
}

static void params_come_only_from_the_match(void **state)
{
	struct fixture *f = *state;
	router_add(&f->r, "GET", "/a/:first/b", PERM_PUBLIC, h_a);
	struct route *c = router_add(&f->r, "GET", "/a/:second/c", PERM_PUBLIC, h_b);
	struct match m = match(f, "GET", "/a/1/c");
	assert_ptr_equal(m.route, c);
	assert_int_equal(m.params.n, 1);
	assert_null(kvlist_get(&m.params, "first"));
	assert_string_equal(kvlist_get(&m.params, "second"), "1");
}

static void many_routes(void **state)
{
	struct fixture *f = *state;
	static char patterns[100][32];
	for (int i = 0; i < 100; i++) {
		snprintf(patterns[i], sizeof patterns[i], "/r%d/:id", i);
		router_add(&f->r, i % 2 ? "POST" : "GET", patterns[i], PERM_PUBLIC, h_a);
	}
	assert_int_equal(f->r.n, 100);
	struct match m = match(f, "GET", "/r98/x");
	assert_int_equal(m.result, ROUTE_FOUND);
	assert_string_equal(m.route->pattern, "/r98/:id");
	m = match(f, "GET", "/r99/x");
	assert_int_equal(m.result, ROUTE_BAD_METHOD);
	assert_string_equal(m.allow, "POST");
}

/* Runs router_add with the given arguments in a child; returns whether it aborted. */
static bool add_aborts(const char *method, const char *pattern, const char *perm, handler_fn fn)
{
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct router r = {0};
		if (!freopen("/dev/null", "w", stderr))
			_exit(2);
		router_add(&r, method, pattern, perm, fn);
		router_free(&r);
		_exit(0);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

static void every_route_declares_a_permission(void **state)
{
	(void)state;
	assert_false(add_aborts("GET", "/ok", PERM_PUBLIC, h_a));
	assert_true(add_aborts("GET", "/x", NULL, h_a));
	assert_true(add_aborts("GET", "/x", "", h_a));
	assert_true(add_aborts("GET", "x", PERM_PUBLIC, h_a));
	assert_true(add_aborts(NULL, "/x", PERM_PUBLIC, h_a));
	assert_true(add_aborts("GET", "/x", PERM_PUBLIC, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(exact_and_params),
	    TEST(near_misses_are_not_found),
	    TEST(root_pattern),
	    TEST(rest_patterns),
	    TEST(wrong_method_is_405_with_allow),
	    TEST(allow_lists_each_method_once),
	    TEST(allow_fits_a_small_buffer),
	    TEST(head_is_served_by_get),
	    TEST(registration_order_breaks_ties),
	    TEST(params_come_only_from_the_match),
	    TEST(many_routes),
	    TEST(every_route_declares_a_permission),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
