/* test_auth_account.c: "my account" end to end against a real `tala serve` — the page in both
 * languages, changing the password (current password, policy, the other sessions end),
 * ending sessions one by one and everywhere, API tokens (shown once, stored hashed, only for
 * a role and scope the user holds, revoked), the language preference, and the JSON mirrors
 * under /api/v1/me/. Users are made with the auth module's C API (harness_user_add). */
#include "harness.h"

#include <jansson.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FORM "application/x-www-form-urlencoded"
#define JSON "application/json"

static struct server srv;

static int setup(void **state)
{
	const char *dir = harness_data_dir();
	harness_user_add(dir, "anna", "Steppe-Wind-2024", NULL, "editor", "1525");
	harness_user_add(dir, "bold", "Grassland-Song-88", NULL, NULL, NULL);
	harness_user_add(dir, "chen", "Horse-Fiddle-1977", NULL, "org_manager", "15");
	harness_user_add(dir, "dorj", "Blue-Sky-Eternal-9", NULL, "citizen", "15");
	harness_user_add(dir, "erdem", "Camel-Caravan-555", NULL, "editor", "15");
	harness_user_add(dir, "gerel", "Silver-River-Bend-6", NULL, "citizen", "1525");
	server_start(&srv, dir, "auth.argon2_m_kib=64", "auth.argon2_t=1", NULL);
	return 0;
}

static int teardown(void **state)
{
	assert_int_equal(server_stop(&srv, SIGTERM), 0);
	return 0;
}

static struct creds sign_in(const char *login, const char *password)
{
	struct creds c;
	assert_int_equal(harness_sign_in(&srv, login, password, &c), 201);
	return c;
}

static long me_status(const struct creds *c)
{
	return http_status_as(&srv, c, "GET", "/api/v1/me", NULL, NULL);
}

static int64_t db_int(const char *sql)
{
	return harness_db_int(srv.data_dir, sql);
}

/* A form body with the session's CSRF token as the _csrf field (as the page's forms send it),
 * sent without the header. */
static struct http_resp form_post(const struct creds *c, const char *path, const char *fields)
{
	struct creds cookie_only = *c;
	cookie_only.csrf[0] = '\0';
	char body[1024];
	snprintf(body, sizeof body, "_csrf=%s%s%s", c->csrf, *fields ? "&" : "", fields);
	return http_as(&srv, &cookie_only, "POST", path, FORM, body);
}

static json_t *get_json_as(const struct creds *c, const char *path)
{
	struct http_resp r = http_as(&srv, c, "GET", path, NULL, NULL);
	assert_int_equal(r.status, 200);
	json_t *j = json_loads(r.body, 0, NULL);
	assert_non_null(j);
	http_resp_free(&r);
	return j;
}

static void test_page_needs_sign_in(void **state)
{
	struct http_resp r = http_get(&srv, "/account");
	assert_int_equal(r.status, 401);
	http_resp_free(&r);
	r = http_get(&srv, "/api/v1/me/sessions");
	assert_int_equal(r.status, 401);
	assert_non_null(strstr(r.body, "\"unauthenticated\""));
	http_resp_free(&r);
}

static void test_page_in_both_languages(void **state)
{
	struct creds c = sign_in("anna", "Steppe-Wind-2024");
	struct http_resp r = http_as(&srv, &c, "GET", "/account?lang=zh", NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "我的账户"));
	assert_non_null(strstr(r.body, "anna"));
	assert_non_null(strstr(r.body, "当前会话"));
	assert_non_null(strstr(r.body, "action=\"/account/password\""));
	assert_non_null(strstr(r.body, "action=\"/account/sessions/revoke-all\""));
	assert_non_null(strstr(r.body, "action=\"/account/tokens\""));
	assert_non_null(strstr(r.body, "锡林郭勒盟")); /* the grant's scope by name */
	char field[160];
	snprintf(field, sizeof field, "name=\"_csrf\" value=\"%s\"", c.csrf);
	assert_non_null(strstr(r.body, field));
	assert_string_equal(http_header(&r, "Cache-Control"), "no-store");
	http_resp_free(&r);

	r = http_as(&srv, &c, "GET", "/account?lang=mn", NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "ᠮᠢᠨᠤ ᠳᠠᠩᠰᠠ"));
	assert_non_null(strstr(r.body, "class=\"page mn\" lang=\"mn-Mong\""));
	assert_null(strstr(r.body, "我的账户"));
	http_resp_free(&r);
}

static void test_change_password(void **state)
{
	struct creds a = sign_in("bold", "Grassland-Song-88");
	struct creds b = sign_in("bold", "Grassland-Song-88");
	/* wrong current password, repeat mismatch, policy: 400, nothing changes */
	struct http_resp r = form_post(&a, "/account/password",
	                               "current=Wrong-Password-1&password=New-Yurt-Door-42"
	                               "&password2=New-Yurt-Door-42");
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "当前密码不正确"));
	http_resp_free(&r);
	r = form_post(
	    &a, "/account/password",
	    "current=Grassland-Song-88&password=New-Yurt-Door-42&password2=New-Yurt-Door-43");
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "两次输入的新密码不一致"));
	http_resp_free(&r);
	r = form_post(&a, "/account/password",
	              "current=Grassland-Song-88&password=short&password2=short");
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "10"));
	http_resp_free(&r);
	r = http_as(&srv, &a, "PUT", "/api/v1/me/password", JSON,
	            "{\"current\":\"Grassland-Song-88\",\"password\":\"1122334455\"}");
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "weak_password"));
	http_resp_free(&r);
	assert_int_equal(me_status(&b), 200);

	r = form_post(&a, "/account/password",
	              "current=Grassland-Song-88&password=New-Yurt-Door-42"
	              "&password2=New-Yurt-Door-42");
	assert_int_equal(r.status, 303);
	assert_string_equal(http_header(&r, "Location"), "/account?done=password");
	http_resp_free(&r);
	assert_int_equal(me_status(&a), 200); /* this session goes on */
	assert_int_equal(me_status(&b), 401); /* the other one ended */
	/* (the new password first: the wrong current password above counts as a failed
	 * sign-in, and a second failure in a row would start the back-off) */
	sign_in("bold", "New-Yurt-Door-42");
	struct creds x;
	assert_int_equal(harness_sign_in(&srv, "bold", "Grassland-Song-88", &x), 401);
	r = http_as(&srv, &a, "GET", "/account?done=password", NULL, NULL);
	assert_non_null(strstr(r.body, "密码已修改"));
	http_resp_free(&r);

	/* an API token is not enough to change the password */
	struct creds t = {0};
	struct creds e = sign_in("erdem", "Camel-Caravan-555");
	r = http_as(&srv, &e, "POST", "/api/v1/me/tokens", JSON,
	            "{\"name\":\"x\",\"role\":\"editor\",\"scope\":\"15\"}");
	assert_int_equal(r.status, 201);
	json_t *j = json_loads(r.body, 0, NULL);
	snprintf(t.bearer, sizeof t.bearer, "%s", json_string_value(json_object_get(j, "token")));
	json_decref(j);
	http_resp_free(&r);
	r = http_as(&srv, &t, "PUT", "/api/v1/me/password", JSON,
	            "{\"current\":\"Camel-Caravan-555\",\"password\":\"Taken-Over-By-Token\"}");
	assert_int_equal(r.status, 403);
	assert_non_null(strstr(r.body, "session_required"));
	http_resp_free(&r);
	assert_int_equal(harness_sign_in(&srv, "erdem", "Camel-Caravan-555", &x), 201);
}

/* Wrong current passwords count toward the account's lock like failed sign-ins: after
 * auth.lock_failures of them (5) the account is locked — for password changes (even with
 * the right password) and for signing in — and each failure is audited. */
static void test_wrong_current_password_locks(void **state)
{
	struct creds g = sign_in("gerel", "Silver-River-Bend-6");
	int64_t changed = db_int("SELECT password_changed_at FROM users WHERE login = 'gerel'");
	for (int i = 0; i < 5; i++) {
		struct http_resp r =
		    http_as(&srv, &g, "PUT", "/api/v1/me/password", JSON,
		            "{\"current\":\"Guess-Number-1\",\"password\":\"New-Yurt-Door-42\"}");
		assert_int_equal(r.status, 400);
		assert_non_null(strstr(r.body, "wrong_password"));
		http_resp_free(&r);
	}
	assert_int_equal(db_int("SELECT COUNT(*) FROM login_attempts WHERE account = 'gerel'"
	                        " AND ok = 0"),
	                 5);
	assert_int_equal(db_int("SELECT COUNT(*) FROM audit_log"
	                        " WHERE action = 'account.password_check.failed'"
	                        " AND object_id = 'gerel' AND actor = 'gerel'"),
	                 5);
	assert_true(db_int("SELECT locked_until FROM users WHERE login = 'gerel'") > 0);
	struct http_resp r = form_post(&g, "/account/password",
	                               "current=Silver-River-Bend-6&password=New-Yurt-Door-42"
	                               "&password2=New-Yurt-Door-42");
	assert_int_equal(r.status, 429);
	http_resp_free(&r);
	struct creds x;
	assert_int_not_equal(harness_sign_in(&srv, "gerel", "Silver-River-Bend-6", &x), 201);
	assert_int_equal(db_int("SELECT password_changed_at FROM users WHERE login = 'gerel'"),
	                 changed);
}

static int64_t current_session_id(const struct creds *c, int64_t *other)
{
	json_t *j = get_json_as(c, "/api/v1/me/sessions");
	json_t *items = json_object_get(j, "items");
	int64_t current = 0;
	*other = 0;
	size_t i;
	json_t *v;
	json_array_foreach(items, i, v)
	{
		int64_t id = json_integer_value(json_object_get(v, "id"));
		if (json_is_true(json_object_get(v, "current")))
			current = id;
		else if (!*other)
			*other = id;
	}
	assert_int_equal(json_integer_value(json_object_get(j, "total")), json_array_size(items));
	json_decref(j);
	return current;
}

static void test_sessions(void **state)
{
	struct creds a = sign_in("chen", "Horse-Fiddle-1977");
	struct creds b = sign_in("chen", "Horse-Fiddle-1977");
	struct creds other_user = sign_in("dorj", "Blue-Sky-Eternal-9");
	int64_t b_id, a_id, dorj_id, unused;
	a_id = current_session_id(&a, &b_id);
	dorj_id = current_session_id(&other_user, &unused);
	assert_true(a_id > 0 && b_id > 0 && a_id != b_id);

	struct http_resp r = http_as(&srv, &a, "GET", "/account", NULL, NULL);
	char row[64];
	snprintf(row, sizeof row, "data-session=\"%lld\"", (long long)b_id);
	assert_non_null(strstr(r.body, row));
	http_resp_free(&r);

	/* someone else's session, an unknown one, a malformed id: 404, nothing ends */
	char path[128];
	snprintf(path, sizeof path, "/account/sessions/%lld/revoke", (long long)dorj_id);
	r = form_post(&a, path, "");
	assert_int_equal(r.status, 404);
	http_resp_free(&r);
	assert_int_equal(me_status(&other_user), 200);
	assert_int_equal(
	    http_status_as(&srv, &a, "DELETE", "/api/v1/me/sessions/999999", NULL, NULL), 404);
	assert_int_equal(http_status_as(&srv, &a, "DELETE", "/api/v1/me/sessions/x1", NULL, NULL),
	                 404);

	/* end the other session from the page */
	snprintf(path, sizeof path, "/account/sessions/%lld/revoke", (long long)b_id);
	r = form_post(&a, path, "");
	assert_int_equal(r.status, 303);
	assert_string_equal(http_header(&r, "Location"), "/account?done=session");
	http_resp_free(&r);
	assert_int_equal(me_status(&b), 401);
	assert_int_equal(me_status(&a), 200);
	r = form_post(&a, path, ""); /* already ended */
	assert_int_equal(r.status, 404);
	http_resp_free(&r);

	/* sign out everywhere: this session too, back to the sign-in page */
	struct creds c = sign_in("chen", "Horse-Fiddle-1977");
	r = form_post(&a, "/account/sessions/revoke-all", "");
	assert_int_equal(r.status, 303);
	assert_string_equal(http_header(&r, "Location"), "/login");
	assert_non_null(strstr(http_header(&r, "Set-Cookie"), "tala_session=;"));
	http_resp_free(&r);
	assert_int_equal(me_status(&a), 401);
	assert_int_equal(me_status(&c), 401);
	assert_int_equal(me_status(&other_user), 200);

	/* the API's sign out everywhere */
	struct creds d = sign_in("chen", "Horse-Fiddle-1977");
	assert_int_equal(http_status_as(&srv, &d, "DELETE", "/api/v1/me/sessions", NULL, NULL),
	                 204);
	assert_int_equal(me_status(&d), 401);
}

static void test_tokens(void **state)
{
	struct creds a = sign_in("anna", "Steppe-Wind-2024");
	int64_t before = db_int("SELECT COUNT(*) FROM api_tokens");
	/* a role anna does not hold, a scope outside hers, bad values: refused, nothing stored */
	struct http_resp r = form_post(&a, "/account/tokens", "name=t&role=admin&scope=1525");
	assert_int_equal(r.status, 403);
	assert_non_null(strstr(r.body, "只能为您自己拥有的角色和范围创建令牌"));
	http_resp_free(&r);
	r = form_post(&a, "/account/tokens", "name=t&role=editor&scope=1501");
	assert_int_equal(r.status, 403);
	http_resp_free(&r);
	r = form_post(&a, "/account/tokens", "name=t&role=editor&scope=15");
	assert_int_equal(r.status, 403); /* 15 is wider than 1525 */
	http_resp_free(&r);
	r = form_post(&a, "/account/tokens", "name=t&role=chief&scope=1525");
	assert_int_equal(r.status, 400);
	http_resp_free(&r);
	r = form_post(&a, "/account/tokens", "name=t&role=editor&scope=15x");
	assert_int_equal(r.status, 400);
	http_resp_free(&r);
	r = form_post(&a, "/account/tokens", "role=editor&scope=1525");
	assert_int_equal(r.status, 400);
	http_resp_free(&r);
	assert_int_equal(db_int("SELECT COUNT(*) FROM api_tokens"), before);

	/* created for a county inside anna's league: shown once */
	r = form_post(&a, "/account/tokens", "name=terminal-7&role=editor&scope=152502");
	assert_int_equal(r.status, 201);
	assert_string_equal(http_header(&r, "Cache-Control"), "no-store");
	const char *code = strstr(r.body, "<code class=\"token\">");
	assert_non_null(code);
	char token[64];
	snprintf(token, sizeof token, "%.43s", code + strlen("<code class=\"token\">"));
	assert_int_equal(strlen(token), 43);
	http_resp_free(&r);
	r = http_as(&srv, &a, "GET", "/account", NULL, NULL);
	assert_null(strstr(r.body, token));
	assert_non_null(strstr(r.body, "terminal-7"));
	http_resp_free(&r);
	assert_int_equal(db_int("SELECT COUNT(*) FROM api_tokens WHERE name = 'terminal-7'"
	                        " AND length(token_hash) = 32 AND scope = '152502'"),
	                 1);

	/* the token works, is listed, and stops working once revoked */
	struct creds t = {0};
	snprintf(t.bearer, sizeof t.bearer, "%s", token);
	json_t *me = get_json_as(&t, "/api/v1/me");
	assert_string_equal(json_string_value(json_object_get(me, "login")), "anna");
	json_decref(me);
	json_t *list = get_json_as(&a, "/api/v1/me/tokens");
	json_t *first = json_array_get(json_object_get(list, "items"), 0);
	int64_t id = json_integer_value(json_object_get(first, "id"));
	assert_string_equal(json_string_value(json_object_get(first, "name")), "terminal-7");
	assert_null(json_object_get(first, "token"));
	json_decref(list);

	struct creds other = sign_in("chen", "Horse-Fiddle-1977");
	char path[96];
	snprintf(path, sizeof path, "/account/tokens/%lld/revoke", (long long)id);
	r = form_post(&other, path, ""); /* not chen's token */
	assert_int_equal(r.status, 404);
	http_resp_free(&r);
	assert_int_equal(me_status(&t), 200);
	r = form_post(&a, path, "");
	assert_int_equal(r.status, 303);
	assert_string_equal(http_header(&r, "Location"), "/account?done=token");
	http_resp_free(&r);
	assert_int_equal(me_status(&t), 401);
	snprintf(path, sizeof path, "/api/v1/me/tokens/%lld", (long long)id);
	assert_int_equal(http_status_as(&srv, &a, "DELETE", path, NULL, NULL), 404);

	/* the JSON mirror: created, listed without the secret, deleted */
	r = http_as(&srv, &a, "POST", "/api/v1/me/tokens", JSON,
	            "{\"name\":\"api\",\"role\":\"editor\",\"scope\":\"1525\"}");
	assert_int_equal(r.status, 201);
	json_t *j = json_loads(r.body, 0, NULL);
	assert_int_equal(strlen(json_string_value(json_object_get(j, "token"))), 43);
	snprintf(path, sizeof path, "/api/v1/me/tokens/%lld",
	         (long long)json_integer_value(json_object_get(j, "id")));
	json_decref(j);
	http_resp_free(&r);
	assert_int_equal(http_status_as(&srv, &a, "DELETE", path, NULL, NULL), 204);
}

static void test_language_preference(void **state)
{
	struct creds c = sign_in("dorj", "Blue-Sky-Eternal-9");
	struct http_resp r = form_post(&c, "/account/lang", "lang=fr");
	assert_int_equal(r.status, 400);
	http_resp_free(&r);
	r = form_post(&c, "/account/lang", "lang=mn");
	assert_int_equal(r.status, 303);
	assert_string_equal(http_header(&r, "Location"), "/account?done=lang&lang=mn");
	http_resp_free(&r);
	json_t *me = get_json_as(&c, "/api/v1/me");
	assert_string_equal(json_string_value(json_object_get(me, "lang")), "mn");
	json_decref(me);
	/* without ?lang= or a lang cookie, the preference chooses the page's language */
	r = http_as(&srv, &c, "GET", "/account", NULL, NULL);
	assert_non_null(strstr(r.body, "<html lang=\"mn-Mong\""));
	http_resp_free(&r);
}

/* Every account write left its audit entry (the tests above ran on this server). */
static void test_writes_are_audited(void **state)
{
	static const char *const actions[] = {
	    "account.password_change", "account.session_end",  "account.sign_out_everywhere",
	    "account.token_create",    "account.token_revoke", "account.lang_set",
	};
	for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++) {
		char sql[256];
		snprintf(
		    sql, sizeof sql,
		    "SELECT COUNT(*) FROM audit_log WHERE action = '%s' AND actor_id IS NOT NULL"
		    " AND object_id IS NOT NULL",
		    actions[i]);
		if (db_int(sql) < 1)
			fail_msg("no audit entry for %s", actions[i]);
	}
	/* refused writes (404, 400, 403) left none: three token revocations were refused */
	assert_int_equal(
	    db_int("SELECT COUNT(*) FROM audit_log WHERE action = 'account.token_revoke'"), 2);
}

int main(int argc, char **argv)
{
	tala_bin = argv[1];
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_page_needs_sign_in),
	    cmocka_unit_test(test_page_in_both_languages),
	    cmocka_unit_test(test_change_password),
	    cmocka_unit_test(test_wrong_current_password_locks),
	    cmocka_unit_test(test_sessions),
	    cmocka_unit_test(test_tokens),
	    cmocka_unit_test(test_language_preference),
	    cmocka_unit_test(test_writes_are_audited),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
