/* test_app_routes.c: the whole route table, read from the router so no route can be
 * forgotten: every route declares a permission, public routes are the ones meant to be
 * public, the default access check denies every other permission to non-loopback
 * clients, and every /api/ route is documented in docs/openapi.yaml. */
#include "app/app.h"
#include "base/config.h"
#include "http/server.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *s = malloc((size_t)n + 1);
	assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
	s[n] = '\0';
	fclose(f);
	return s;
}

static void test_every_route_declares_a_permission(void **state)
{
	struct config cfg;
	config_defaults(&cfg);
	struct router r = {0};
	app_mount_all(&r, &cfg);
	assert_true(r.n >= 10);
	for (size_t i = 0; i < r.n; i++) {
		assert_non_null(r.routes[i]->perm);
		assert_true(strlen(r.routes[i]->perm) > 0);
	}
	router_free(&r);
}

static void test_access_check_matrix(void **state)
{
	struct config cfg;
	config_defaults(&cfg);
	struct router r = {0};
	app_mount_all(&r, &cfg);
	struct req remote = {0}, local = {0};
	snprintf(remote.client_ip, sizeof remote.client_ip, "203.0.113.7");
	snprintf(local.client_ip, sizeof local.client_ip, "127.0.0.1");
	for (size_t i = 0; i < r.n; i++) {
		const struct route *rt = r.routes[i];
		bool public = strcmp(rt->perm, PERM_PUBLIC) == 0;
		assert_int_equal(access_check_default(&remote, rt) == 0, public);
		if (strcmp(rt->perm, "ops.metrics") == 0)
			assert_int_equal(access_check_default(&local, rt), 0);
	}
	router_free(&r);
}

static void test_api_routes_are_documented(void **state)
{
	char path[512];
	snprintf(path, sizeof path, "%s/docs/openapi.yaml", getenv("TALA_SOURCE_DIR"));
	char *spec = read_file(path);
	struct config cfg;
	config_defaults(&cfg);
	struct router r = {0};
	app_mount_all(&r, &cfg);
	for (size_t i = 0; i < r.n; i++) {
		const struct route *rt = r.routes[i];
		if (strncmp(rt->pattern, "/api/", 5) != 0)
			continue;
		/* "/api/v1/regions/:code" is written "/api/v1/regions/{code}:" in the spec */
		char want[256] = "  ";
		size_t o = 2;
		for (const char *p = rt->pattern; *p && o < sizeof want - 4;) {
			if (*p == ':') {
				want[o++] = '{';
				p++;
				while (*p && *p != '/' && o < sizeof want - 4)
					want[o++] = *p++;
				want[o++] = '}';
			} else {
				want[o++] = *p++;
			}
		}
		want[o++] = ':';
		want[o] = '\0';
		char *at = strstr(spec, want);
		if (!at)
			fail_msg("%s %s is not in docs/openapi.yaml", rt->method, rt->pattern);
		char method[16];
		snprintf(method, sizeof method, "    %s:", rt->method);
		for (char *m = method + 4; *m; m++)
			*m = (char)(*m >= 'A' && *m <= 'Z' ? *m + 32 : *m);
		char *next_path = strstr(at + strlen(want), "\n  /");
		char *op = strstr(at, method);
		if (!op || (next_path && op > next_path))
			fail_msg("%s %s: method not documented", rt->method, rt->pattern);
	}
	router_free(&r);
	free(spec);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_route_declares_a_permission),
	    cmocka_unit_test(test_access_check_matrix),
	    cmocka_unit_test(test_api_routes_are_documented),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
