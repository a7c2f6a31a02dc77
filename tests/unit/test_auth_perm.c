/* test_auth_perm.c: scopes and the one decision (src/auth/auth_perm.c) — which scopes are
 * well-formed, how a region grant covers its subtree and a site grant only itself, and
 * auth_can for visitors, signed-in users and several grants. The route-by-route matrix is in
 * test_app_routes.c. */
#include "test_util.h"

#include "auth/auth.h"
#include "base/common.h"

static void scopes_valid(void **state)
{
	static const char *const good[] = {"15",           "1525",   "152502",
	                                   "152502001001", "site:1", "site:123456789012"};
	static const char *const bad[] = {"",      "1",      "1525x",   "15 25",  "1525025020011",
	                                  "site:", "site:a", "site:-1", "SITE:1", "-15",
	                                  NULL};
	for (size_t i = 0; i < ARRAY_LEN(good); i++)
		if (!auth_scope_valid(good[i]))
			fail_msg("%s should be a valid scope", good[i]);
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		if (auth_scope_valid(bad[i]))
			fail_msg("%s should not be a valid scope", bad[i] ? bad[i] : "NULL");
}

static void coverage(void **state)
{
	static const struct {
		const char *grant, *target;
		bool covers;
	} cases[] = {
	    {"15", "15", true},           {"15", "1525", true},    {"15", "152502001001", true},
	    {"1525", "152502", true},     {"1525", "1501", false}, {"1525", "15", false},
	    {"152502", "1525", false},    {"15", NULL, true},      {"site:3", "site:3", true},
	    {"site:3", "site:30", false}, {"site:3", "15", false}, {"15", "site:3", false},
	    {"1525", "152", false},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++)
		if (auth_scope_covers(cases[i].grant, cases[i].target) != cases[i].covers)
			fail_msg("covers(%s, %s) should be %d", cases[i].grant,
			         cases[i].target ? cases[i].target : "NULL", cases[i].covers);
}

static void decisions(void **state)
{
	assert_true(auth_can(NULL, PERM_PUBLIC, NULL));
	assert_false(auth_can(NULL, PERM_SELF, NULL));
	assert_false(auth_can(NULL, "content.edit", "15"));
	struct principal nobody = {.user_id = 1};
	assert_true(auth_can(&nobody, PERM_SELF, NULL));
	assert_false(auth_can(&nobody, "content.edit", NULL));
	struct grant g[] = {{1, "editor", "1525"}, {2, "quiz_manager", "site:7"}};
	struct principal p = {.user_id = 2, .grants = g, .ngrants = 2};
	assert_true(auth_can(&p, "content.edit", "152502"));
	assert_true(auth_can(&p, "content.edit", NULL));
	assert_false(auth_can(&p, "content.edit", "1501"));
	assert_false(auth_can(&p, "content.publish", "1525"));
	assert_true(auth_can(&p, "quiz.manage", "site:7"));
	assert_false(auth_can(&p, "quiz.manage", "1525"));
	assert_false(auth_can(&p, "no.such.permission", NULL));
	struct grant admin[] = {{3, "admin", "1525"}};
	struct principal a = {.user_id = 3, .grants = admin, .ngrants = 1};
	assert_true(auth_can(&a, "anything.at.all", "152502"));
	assert_false(auth_can(&a, "anything.at.all", "1501"));
	/* an unknown role grants nothing, not even as a prefix of a known one */
	struct grant odd[] = {{4, "admins", "15"}, {5, "edit", "15"}};
	struct principal o = {.user_id = 4, .grants = odd, .ngrants = 2};
	assert_false(auth_can(&o, "content.edit", "15"));
	assert_false(auth_role_valid("admins"));
	assert_true(auth_role_valid("citizen"));
}

static void scopes_of(void **state)
{
	struct grant g[] = {{1, "editor", "1525"}, {2, "reviewer", "1501"}, {3, "editor", "1502"}};
	struct principal p = {.user_id = 2, .grants = g, .ngrants = 3};
	struct arena a;
	arena_init(&a, 1024);
	const char **out;
	assert_int_equal(auth_scopes(&p, "content.edit", &a, &out), 2);
	assert_string_equal(out[0], "1525");
	assert_string_equal(out[1], "1502");
	assert_int_equal(auth_scopes(&p, "content.publish", &a, &out), 1);
	assert_int_equal(auth_scopes(NULL, "content.edit", &a, &out), 0);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(scopes_valid),
	    cmocka_unit_test(coverage),
	    cmocka_unit_test(decisions),
	    cmocka_unit_test(scopes_of),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
