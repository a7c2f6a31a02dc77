/* test_auth_account_db.c: the SQL behind "my account" (src/auth/auth_account_db.c) — which
 * sessions are listed (not revoked, not past their absolute end, used within the idle time;
 * the current one marked; newest first, only the user's own), which API tokens are listed
 * (not revoked, only the user's own, newest first), and the language preference write. */
#include "store/store.h"
#include "test_util.h"

#include "auth/auth.h"
#include "base/common.h"

#define NOW  1800000000000LL
#define IDLE 600000LL /* 10 minutes */

static struct tu_db d;

static int setup(void **state)
{
	tu_db_open(&d, 0);
	int applied;
	char err[256] = "";
	if (store_migrate(d.s, &applied, err, sizeof err) != OK)
		fail_msg("store_migrate: %s", err);
	/* two users, sessions in every state, tokens live and revoked */
	static const char sql[] =
	    "INSERT INTO regions(code, level, name_zh) VALUES ('15', 'province', '内蒙古');"
	    "INSERT INTO users(id, login, password_hash, created_at) VALUES (1, 'anna', 'x', 0),"
	    " (2, 'bold', 'x', 0);"
	    "INSERT INTO sessions(id, token_hash, user_id, csrf, created_at, last_seen, expires_at,"
	    " ip, user_agent, revoked_at) VALUES"
	    " (10, x'0a', 1, 'c', 1799999000000, 1799999990000, 1800003600000, '10.0.0.1', 'A', "
	    "NULL),"
	    " (11, x'0b', 1, 'c', 1799999000000, 1799999999000, 1800003600000, '10.0.0.2', 'B', "
	    "NULL),"
	    " (12, x'0c', 1, 'c', 1799999000000, 1799999999000, 1800003600000, '', '', "
	    "1799999999500),"
	    " (13, x'0d', 1, 'c', 1799990000000, 1799999999000, 1799999999999, '', '', NULL),"
	    " (14, x'0e', 1, 'c', 1799990000000, 1799999000000, 1800003600000, '', '', NULL),"
	    " (15, x'0f', 2, 'c', 1799999000000, 1799999999000, 1800003600000, '', '', NULL);"
	    "INSERT INTO api_tokens(id, token_hash, user_id, name, role, scope, created_at,"
	    " last_used, revoked_at) VALUES"
	    " (20, x'14', 1, 'old', 'editor', '15', 1, NULL, NULL),"
	    " (21, x'15', 1, 'new', 'editor', '1525', 2, 5, NULL),"
	    " (22, x'16', 1, 'gone', 'editor', '15', 3, NULL, 4),"
	    " (23, x'17', 2, 'bolds', 'citizen', '15', 4, NULL, NULL);";
	assert_int_equal(store_write(d.s, tu_exec_closure, (void *)sql), OK);
	return 0;
}

static int teardown(void **state)
{
	tu_db_close(&d);
	return 0;
}

static void sessions_in_force(void **state)
{
	struct arena a;
	arena_init(&a, 1024);
	struct account_session *list;
	size_t n;
	assert_int_equal(auth_sessions_list(d.s, &a, 1, 10, NOW, IDLE, &list, &n), OK);
	/* 12 revoked, 13 past its absolute end, 14 idle too long, 15 someone else's */
	assert_int_equal(n, 2);
	assert_int_equal(list[0].id, 11); /* the most recently used first */
	assert_false(list[0].current);
	assert_string_equal(list[0].ip, "10.0.0.2");
	assert_string_equal(list[0].user_agent, "B");
	assert_int_equal(list[1].id, 10);
	assert_true(list[1].current);
	assert_int_equal(list[1].expires_at, 1800003600000LL);
	/* a user with none, and a longer idle time bringing 14 back */
	assert_int_equal(auth_sessions_list(d.s, &a, 3, 0, NOW, IDLE, &list, &n), OK);
	assert_int_equal(n, 0);
	assert_int_equal(auth_sessions_list(d.s, &a, 1, 0, NOW, 2 * IDLE, &list, &n), OK);
	assert_int_equal(n, 3);
	arena_free(&a);
}

static void tokens_not_revoked(void **state)
{
	struct arena a;
	arena_init(&a, 1024);
	struct account_token *list;
	size_t n;
	assert_int_equal(auth_tokens_list(d.s, &a, 1, &list, &n), OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].id, 21);
	assert_string_equal(list[0].name, "new");
	assert_string_equal(list[0].scope, "1525");
	assert_int_equal(list[0].last_used, 5);
	assert_int_equal(list[1].id, 20);
	assert_int_equal(list[1].last_used, 0); /* never used */
	assert_int_equal(auth_tokens_list(d.s, &a, 2, &list, &n), OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].role, "citizen");
	arena_free(&a);
}

static void language_preference(void **state)
{
	struct lang_change c = {2, "mn"};
	assert_int_equal(store_write(d.s, auth_user_lang_set, &c), OK);
	assert_int_equal(tu_path_int(d.path, "SELECT COUNT(*) FROM users WHERE id = 2 AND"
	                                     " lang = 'mn' AND version = 2"),
	                 1);
	struct lang_change bad = {2, "en"}; /* the table's CHECK refuses it */
	assert_int_equal(store_write(d.s, auth_user_lang_set, &bad), ERR);
	struct lang_change nobody = {99, "zh"};
	assert_int_equal(store_write(d.s, auth_user_lang_set, &nobody), ERR);
	assert_int_equal(tu_path_int(d.path, "SELECT lang = 'mn' FROM users WHERE id = 2"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(sessions_in_force),
	    cmocka_unit_test(tokens_not_revoked),
	    cmocka_unit_test(language_preference),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
