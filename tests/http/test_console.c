/* test_console.c: the staff console end to end — the shell's navigation follows the
 * user's permissions; an admin of the league 1525 sees, edits and grants only within 1525
 * (404 for a user at 1501, 403 for a grant at 15, 403 for changing someone who acts for the
 * whole region) while the region's admin sees everyone;
 * stale versions answer 409; phone numbers are masked everywhere but on the audited phone
 * page, and are not readable in the database file. Users are made with `tala user add`. */
#include "harness.h"

#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PASSWORD    "Steppe-Wind-2024"
#define FORM        "application/x-www-form-urlencoded"
#define ANN_PHONE   "13812341234"
#define BAT_PHONE   "13987654321"
#define ANN_MASKED  "138****1234"
#define FAST_ARGON2 "--set", "auth.argon2_m_kib=64", "--set", "auth.argon2_t=1"

static struct server srv;
static const char *dir;
/* signed in: the region's admin, the league's admin, an org manager and an editor of the
 * league, a citizen */
static struct creds root, league, om, ed, pub;
static long ann_id, bat_id;

static void user_add(const char *login, const char *role, const char *scope, ...)
{
	const char *extra[8] = {0};
	va_list ap;
	va_start(ap, scope);
	for (size_t n = 0; n < 7 && (extra[n] = va_arg(ap, const char *)); n++)
		;
	va_end(ap);
	char err[1024];
	if (harness_run_input(PASSWORD "\n", NULL, 0, err, sizeof err, "user", "add", login,
	                      "--data", dir, FAST_ARGON2, extra[0], extra[1], extra[2], extra[3],
	                      extra[4], extra[5], extra[6], NULL) != 0)
		fail_msg("tala user add %s: %s", login, err);
	if (role && harness_run_input(NULL, NULL, 0, err, sizeof err, "user", "grant", login, role,
	                              scope, "--data", dir, NULL) != 0)
		fail_msg("tala user grant %s: %s", login, err);
}

static json_t *get_json(const struct creds *c, const char *path, long want)
{
	struct http_resp r = http_as(&srv, c, "GET", path, NULL, NULL);
	if (r.status != want)
		fail_msg("GET %s: %ld, wanted %ld: %s", path, r.status, want, r.body);
	json_t *j = json_loads(r.body, 0, NULL);
	assert_non_null(j);
	http_resp_free(&r);
	return j;
}

/* The id of the user login, as the region's admin finds it. */
static long id_of(const char *login)
{
	char path[128];
	snprintf(path, sizeof path, "/api/v1/users?q=%s", login);
	json_t *j = get_json(&root, path, 200);
	json_t *items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 1);
	long id = (long)json_integer_value(json_object_get(json_array_get(items, 0), "id"));
	json_decref(j);
	return id;
}

static int setup(void **state)
{
	dir = harness_data_dir();
	user_add("root", "admin", "15", NULL);
	user_add("league", "admin", "1525", "--region", "1525", NULL);
	user_add("om", "org_manager", "1525", "--region", "1525", NULL);
	user_add("ed", "editor", "1525", "--region", "1525", NULL);
	user_add("pub", "citizen", "15", NULL);
	user_add("ann", NULL, NULL, "--region", "152502", "--phone", ANN_PHONE, "--name-zh", "安娜",
	         NULL);
	user_add("bat", NULL, NULL, "--region", "1501", "--phone", BAT_PHONE, NULL);
	/* works in the league's office, acts for the whole region */
	user_add("prov", "admin", "15", "--region", "1525", NULL);
	server_start(&srv, dir, "auth.argon2_m_kib=64", "auth.argon2_t=1", NULL);
	assert_int_equal(harness_sign_in(&srv, "root", PASSWORD, &root), 201);
	assert_int_equal(harness_sign_in(&srv, "league", PASSWORD, &league), 201);
	assert_int_equal(harness_sign_in(&srv, "om", PASSWORD, &om), 201);
	assert_int_equal(harness_sign_in(&srv, "ed", PASSWORD, &ed), 201);
	assert_int_equal(harness_sign_in(&srv, "pub", PASSWORD, &pub), 201);
	ann_id = id_of("ann");
	bat_id = id_of("bat");
	return 0;
}

static int teardown(void **state)
{
	assert_int_equal(server_stop(&srv, SIGTERM), 0);
	return 0;
}

/* GET path as c: the status, and the body into a malloc'd string (free it) when body. */
static long post(const struct creds *c, const char *path, const char *form)
{
	return http_status_as(&srv, c, "POST", path, FORM, form);
}

/* method (GET, or POST with an empty form) on path answers status, with has and without lacks
 * in the body (each may be NULL). */
static void assert_answer(const struct creds *c, const char *method, const char *path, long status,
                          const char *has, const char *lacks)
{
	struct http_resp r = http_as(&srv, c, method, path, strcmp(method, "GET") ? FORM : NULL,
	                             strcmp(method, "GET") ? "" : NULL);
	if (r.status != status || (has && !strstr(r.body, has)) || (lacks && strstr(r.body, lacks)))
		fail_msg("%s %s: %ld (wanted %ld, with '%s', without '%s'):\n%s", method, path,
		         r.status, status, has ? has : "", lacks ? lacks : "", r.body);
	http_resp_free(&r);
}

static void assert_page(const struct creds *c, const char *path, long status, const char *has,
                        const char *lacks)
{
	assert_answer(c, "GET", path, status, has, lacks);
}

static void test_shell_shows_what_one_may_use(void **state)
{
	assert_page(&root, "/admin", 200, "href=\"/admin/users\"", NULL);
	assert_page(&root, "/admin", 200, "href=\"/admin/audit\"", NULL);
	assert_page(&om, "/admin", 200, "href=\"/admin/users\"", "href=\"/admin/audit\"");
	assert_page(&ed, "/admin", 200, "href=\"/admin/articles\"", "href=\"/admin/users\"");
	assert_page(&pub, "/admin", 403, NULL, NULL);
	assert_page(NULL, "/admin", 401, NULL, NULL);
	/* both languages; Mongolian pages are vertical */
	assert_page(&root, "/admin?lang=mn", 200, "<main class=\"page mn\" lang=\"mn-Mong\">",
	            "管理控制台");
	assert_page(&root, "/admin?lang=mn", 200, "ᠬᠡᠷᠡᠭᠯᠡᠭᠴᠢ ᠪᠠ ᠡᠷᠬᠡ", NULL);
	assert_page(&root, "/admin/users?lang=mn", 200, "<main class=\"page mn\"", "用户名");
	char path[64];
	snprintf(path, sizeof path, "/admin/users/%ld?lang=mn", ann_id);
	assert_page(&root, path, 200, "ᠬᠠᠷᠢᠶᠠᠯᠠᠬᠤ ᠵᠠᠰᠠᠭ", NULL);
}

static bool has_login(json_t *items, const char *login)
{
	size_t i;
	json_t *v;
	json_array_foreach(items, i, v)
	{
		if (strcmp(json_string_value(json_object_get(v, "login")), login) == 0)
			return true;
	}
	return false;
}

static void test_list_within_scope(void **state)
{
	json_t *j = get_json(&root, "/api/v1/users", 200);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 8);
	json_decref(j);

	j = get_json(&league, "/api/v1/users", 200);
	json_t *items = json_object_get(j, "items");
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 5);
	size_t i;
	json_t *v;
	json_array_foreach(items, i, v)
	{
		assert_int_equal(
		    strncmp(json_string_value(json_object_get(v, "region")), "1525", 4), 0);
	}
	assert_true(has_login(items, "ann") && has_login(items, "om"));
	assert_false(has_login(items, "bat") || has_login(items, "root"));
	json_decref(j);

	j = get_json(&league, "/api/v1/users?region=152502", 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	assert_true(has_login(json_object_get(j, "items"), "ann"));
	json_decref(j);
	assert_page(&league, "/api/v1/users?region=15", 403, NULL, NULL);
	assert_page(&league, "/api/v1/users?region=1501", 403, NULL, NULL);
	assert_page(&league, "/admin/users", 200, ">ann</a>", ">bat</a>");
	assert_page(&root, "/admin/users", 200, ">bat</a>", NULL);

	/* someone outside the scope does not exist for the viewer */
	char path[64];
	snprintf(path, sizeof path, "/admin/users/%ld", bat_id);
	assert_page(&league, path, 404, NULL, "bat");
	assert_page(&root, path, 200, NULL, NULL);
	snprintf(path, sizeof path, "/api/v1/users/%ld", bat_id);
	assert_page(&league, path, 404, NULL, "bat");
	assert_page(&league, "/admin/users/999999", 404, NULL, NULL);
	assert_page(&league, "/admin/users/abc", 404, NULL, NULL);
	/* roles without user.read */
	assert_page(&ed, "/admin/users", 403, NULL, NULL);
	assert_page(&pub, "/api/v1/users", 403, NULL, NULL);
	assert_page(NULL, "/api/v1/users", 401, NULL, NULL);
	/* bad paging */
	assert_page(&root, "/api/v1/users?limit=0", 400, "\"limit\"", NULL);
	assert_page(&root, "/api/v1/users?limit=501", 400, "\"limit\"", NULL);
	assert_page(&root, "/api/v1/users?cursor=x", 400, "\"cursor\"", NULL);
	assert_page(&root, "/api/v1/users?region=x", 403, NULL, NULL);
}

static void test_search_and_paging(void **state)
{
	json_t *j = get_json(&root, "/api/v1/users?q=%E5%AE%89%E5%A8%9C", 200); /* 安娜 */
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	assert_true(has_login(json_object_get(j, "items"), "ann"));
	json_decref(j);
	j = get_json(&root, "/api/v1/users?q=" ANN_PHONE, 200); /* by the keyed phone index */
	assert_true(has_login(json_object_get(j, "items"), "ann"));
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	json_decref(j);
	j = get_json(&root, "/api/v1/users?q=%25", 200); /* LIKE wildcards are literal */
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 0);
	json_decref(j);
	j = get_json(&league, "/api/v1/users?q=bat", 200); /* search stays within the scope */
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 0);
	json_decref(j);

	/* pages of 3 cover everyone once */
	char path[128] = "/api/v1/users?limit=3";
	int seen = 0;
	long last = 0;
	for (int page = 0; page < 5; page++) {
		j = get_json(&root, path, 200);
		json_t *items = json_object_get(j, "items");
		size_t i;
		json_t *v;
		json_array_foreach(items, i, v)
		{
			long id = (long)json_integer_value(json_object_get(v, "id"));
			assert_true(id > last);
			last = id;
			seen++;
		}
		json_t *next = json_object_get(j, "next");
		if (json_is_null(next)) {
			json_decref(j);
			break;
		}
		assert_int_equal(json_array_size(items), 3);
		snprintf(path, sizeof path, "/api/v1/users?limit=3&cursor=%s",
		         json_string_value(next));
		json_decref(j);
	}
	assert_int_equal(seen, 8);
	assert_page(&root, "/admin/users?limit=3", 200,
	            "rel=\"next\" href=\"/admin/users?cursor=", NULL);
}

static void test_create_within_scope(void **state)
{
	assert_page(&league, "/admin/users/new", 200, "name=\"password\"", NULL);
	assert_page(&om, "/admin/users/new", 403, NULL, NULL);
	struct http_resp r =
	    http_as(&srv, &league, "POST", "/admin/users", FORM,
	            "login=Cui&password=Grass-Horizon-55&region=152502&name_zh=Cui&lang=mn");
	assert_int_equal(r.status, 303);
	assert_non_null(strstr(http_header(&r, "Location"), "/admin/users/"));
	http_resp_free(&r);
	json_t *j = get_json(&league, "/api/v1/users?q=cui", 200);
	json_t *cui = json_array_get(json_object_get(j, "items"), 0);
	assert_string_equal(json_string_value(json_object_get(cui, "login")), "cui");
	assert_string_equal(json_string_value(json_object_get(cui, "lang")), "mn");
	assert_true(json_is_null(json_object_get(cui, "phone")));
	json_decref(j);
	assert_int_equal(harness_sign_in(&srv, "cui", "Grass-Horizon-55", &(struct creds){0}), 201);

	/* the region comes from the form: outside the admin's scope is refused */
	assert_int_equal(
	    post(&league, "/admin/users", "login=cui2&password=Grass-Horizon-55&region=1501"), 403);
	assert_int_equal(
	    post(&league, "/admin/users", "login=cui2&password=Grass-Horizon-55&region=15"), 403);
	assert_int_equal(
	    post(&om, "/admin/users", "login=cui2&password=Grass-Horizon-55&region=1525"), 403);
	/* the password policy, with the reason in the user's language */
	static const struct {
		const char *form, *reason;
	} refused[] = {
	    {"login=cui2&password=short&region=1525", "密码至少需要 10 个字符"},
	    {"login=cui2cui2cui2&password=cui2cui2cui2&region=1525", "密码不能与用户名相同"},
	    {"login=cui2&password=1234567890&region=1525", "这个密码太常见"},
	    {"login=cui2&password=Grass-Horizon-55&region=159999", "没有这个行政区划代码"},
	    {"login=cui2&password=Grass-Horizon-55&region=1525&phone=call", "手机号格式不正确"},
	    {"login=-x&password=Grass-Horizon-55&region=1525", "用户名须为"},
	    {"login=cui2&password=Grass-Horizon-55&region=1525&lang=en", "取值无效"},
	    {"password=Grass-Horizon-55&region=1525", "此项必填"},
	};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		r = http_as(&srv, &league, "POST", "/admin/users", FORM, refused[i].form);
		if (r.status != 400 || !strstr(r.body, refused[i].reason))
			fail_msg("%s: %ld %s", refused[i].form, r.status, r.body);
		assert_null(strstr(r.body, "Grass-Horizon-55")); /* never echoed */
		http_resp_free(&r);
	}
	/* malformed input */
	assert_int_equal(post(&league, "/admin/users",
	                      "login=cui2&password=Grass-Horizon-55&region=1525&name_zh=%FF%FE"),
	                 400);
	char form[256];
	snprintf(form, sizeof form,
	         "login=cui2&password=Grass-Horizon-55&region=1525&name_zh=%065d", 0);
	assert_int_equal(post(&league, "/admin/users", form), 400);
	assert_int_equal(http_status_as(&srv, &league, "POST", "/admin/users", "application/json",
	                                "{\"login\": "),
	                 400);
	r = http_as(&srv, &league, "POST", "/admin/users", FORM,
	            "login=ANN&password=Grass-Horizon-55&region=1525");
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "该用户名已被使用"));
	http_resp_free(&r);
	/* without the session's CSRF token */
	struct creds no_csrf = league;
	no_csrf.csrf[0] = '\0';
	assert_int_equal(
	    post(&no_csrf, "/admin/users", "login=cui3&password=Grass-Horizon-55&region=1525"),
	    403);
	j = get_json(&root, "/api/v1/users?q=cui", 200);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
	json_decref(j);
}

static void test_grants_within_scope(void **state)
{
	char path[96], detail[64];
	snprintf(path, sizeof path, "/admin/users/%ld/grants", ann_id);
	snprintf(detail, sizeof detail, "/api/v1/users/%ld", ann_id);
	assert_int_equal(post(&league, path, "role=editor&scope=152502"), 303);
	assert_int_equal(post(&league, path, "role=editor&scope=152502"), 303); /* had it */
	json_t *j = get_json(&league, detail, 200);
	json_t *g = json_array_get(json_object_get(j, "grants"), 0);
	assert_string_equal(json_string_value(json_object_get(g, "role")), "editor");
	assert_string_equal(json_string_value(json_object_get(g, "scope")), "152502");
	assert_int_equal(json_array_size(json_object_get(j, "grants")), 1);
	json_decref(j);
	/* only within the admin's own scope */
	assert_int_equal(post(&league, path, "role=admin&scope=15"), 403);
	assert_int_equal(post(&league, path, "role=editor&scope=1501"), 403);
	assert_int_equal(post(&league, path, "role=wizard&scope=1525"), 400);
	assert_int_equal(post(&league, path, "role=editor&scope=abc"), 400);
	assert_int_equal(post(&league, path, "role=editor&scope=152599"), 400);
	assert_int_equal(post(&league, path, "role=editor"), 400);
	assert_int_equal(post(&om, path, "role=editor&scope=1525"), 403);
	assert_int_equal(post(&root, path, "role=reviewer&scope=15"), 303);
	snprintf(path, sizeof path, "/admin/users/%ld/grants", bat_id);
	assert_int_equal(post(&league, path, "role=editor&scope=1525"), 404);

	/* revoking: within scope, and only what is there */
	snprintf(path, sizeof path, "/admin/users/%ld/grants/delete", ann_id);
	assert_int_equal(post(&league, path, "role=reviewer&scope=15"), 403);
	/* while ann acts for the whole region, the league's admin changes nothing of hers */
	assert_int_equal(post(&league, path, "role=editor&scope=152502"), 403);
	assert_int_equal(post(&root, path, "role=reviewer&scope=15"), 303);
	assert_int_equal(post(&league, path, "role=editor&scope=152502"), 303);
	assert_int_equal(post(&league, path, "role=editor&scope=152502"), 404);
	j = get_json(&league, detail, 200);
	assert_int_equal(json_array_size(json_object_get(j, "grants")), 0);
	json_decref(j);
}

static long version_of(long id)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/users/%ld", id);
	json_t *j = get_json(&root, path, 200);
	long v = (long)json_integer_value(json_object_get(j, "version"));
	json_decref(j);
	return v;
}

static void test_edit_and_stale_version(void **state)
{
	char path[64], form[256];
	snprintf(path, sizeof path, "/admin/users/%ld", ann_id);
	long v = version_of(ann_id);
	snprintf(form, sizeof form, "name_zh=Anna&region=152502&status=active&lang=mn&version=%ld",
	         v);
	assert_int_equal(post(&league, path, form), 303);
	assert_int_equal(version_of(ann_id), v + 1);
	/* the same form again: someone saved since it was made */
	struct http_resp r = http_as(&srv, &league, "POST", path, FORM, form);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "已被他人修改"));
	http_resp_free(&r);
	/* made from the current version, it goes through */
	snprintf(form, sizeof form, "name_zh=Anna&region=1525&status=locked&lang=mn&version=%ld",
	         v + 1);
	assert_int_equal(post(&league, path, form), 303);
	snprintf(form, sizeof form, "/api/v1/users/%ld", ann_id);
	json_t *j = get_json(&root, form, 200);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "locked");
	assert_string_equal(json_string_value(json_object_get(j, "region")), "1525");
	assert_string_equal(json_string_value(json_object_get(j, "name_zh")), "Anna");
	json_decref(j);
	/* out of scope, bad values, locking oneself */
	snprintf(form, sizeof form, "region=1501&status=active&lang=zh&version=%ld", v + 2);
	assert_int_equal(post(&league, path, form), 403);
	snprintf(form, sizeof form, "region=1525&status=gone&lang=zh&version=%ld", v + 2);
	assert_int_equal(post(&league, path, form), 400);
	assert_int_equal(post(&league, path, "region=1525&status=active&lang=zh&version=x"), 400);
	snprintf(form, sizeof form, "region=152502&status=active&lang=zh&version=%ld", v + 2);
	assert_int_equal(post(&league, path, form), 303);
	snprintf(path, sizeof path, "/admin/users/%ld", bat_id);
	assert_int_equal(post(&league, path, "region=1501&status=locked&lang=zh&version=1"), 404);
	long root_id = id_of("root");
	snprintf(path, sizeof path, "/admin/users/%ld", root_id);
	snprintf(form, sizeof form, "region=15&status=disabled&lang=zh&version=%ld",
	         version_of(root_id));
	assert_int_equal(post(&root, path, form), 400);
}

/* Whether the file holds the bytes of s. */
static bool file_has(const char *path, const char *s)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	rewind(f);
	char *buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	bool found =
	    fread(buf, 1, (size_t)n, f) == (size_t)n && memmem(buf, (size_t)n, s, strlen(s));
	free(buf);
	fclose(f);
	return found;
}

static int64_t count_unmasked(const char *actor)
{
	char sql[256];
	snprintf(sql, sizeof sql,
	         "SELECT COUNT(*) FROM audit_log WHERE action = 'personal.unmask' AND actor = '%s'"
	         " AND object_type = 'user' AND object_id = '%ld'",
	         actor, ann_id);
	return harness_db_int(dir, sql);
}

static void test_phone_masked_and_unmasking_audited(void **state)
{
	char path[64];
	assert_page(&root, "/admin/users", 200, ANN_MASKED, ANN_PHONE);
	assert_page(&root, "/api/v1/users", 200, ANN_MASKED, ANN_PHONE);
	snprintf(path, sizeof path, "/admin/users/%ld", ann_id);
	assert_page(&league, path, 200, ANN_MASKED, ANN_PHONE);
	/* org managers may unmask: a button posting with the session's CSRF token */
	assert_page(&om, path, 200, "/phone\"><input type=\"hidden\" name=\"_csrf\"", ANN_PHONE);
	snprintf(path, sizeof path, "/api/v1/users/%ld", ann_id);
	assert_page(&league, path, 200, ANN_MASKED, ANN_PHONE);

	snprintf(path, sizeof path, "/admin/users/%ld/phone", ann_id);
	assert_answer(&ed, "POST", path, 403, NULL, ANN_PHONE);
	assert_answer(&pub, "POST", path, 403, NULL, ANN_PHONE);
	/* a GET writes nothing and shows nothing; a POST without the CSRF token neither */
	assert_page(&league, path, 405, NULL, ANN_PHONE);
	struct creds no_csrf = league;
	no_csrf.csrf[0] = '\0';
	assert_answer(&no_csrf, "POST", path, 403, NULL, ANN_PHONE);
	assert_int_equal(count_unmasked("league"), 0);
	struct http_resp r = http_as(&srv, &league, "POST", path, FORM, "");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, ANN_PHONE));
	assert_string_equal(http_header(&r, "Cache-Control"), "no-store");
	http_resp_free(&r);
	assert_int_equal(count_unmasked("league"), 1);
	assert_answer(&om, "POST", path, 200, ANN_PHONE, NULL);
	assert_int_equal(count_unmasked("om"), 1);
	snprintf(path, sizeof path, "/admin/users/%ld/phone", bat_id);
	assert_answer(&om, "POST", path, 404, NULL, BAT_PHONE);
	assert_answer(&root, "POST", path, 200, BAT_PHONE, NULL);

	/* at rest the numbers are sealed: not in the database file nor its log */
	char db[512];
	static const char *const files[] = {"tala.db", "tala.db-wal"};
	for (size_t i = 0; i < 2; i++) {
		snprintf(db, sizeof db, "%s/%s", dir, files[i]);
		assert_false(file_has(db, ANN_PHONE));
		assert_false(file_has(db, BAT_PHONE));
	}
	snprintf(db, sizeof db, "%s/tala.db", dir);
	assert_true(file_has(db, "152502")); /* the search does find plain text */
}

/* Someone inside the league who holds a role beyond it is seen but not changed by the
 * league's admin. */
static void test_superior_not_managed(void **state)
{
	char path[96], form[128];
	long prov = id_of("prov");
	snprintf(path, sizeof path, "/admin/users/%ld", prov);
	assert_page(&league, path, 200, ">prov<", "name=\"version\"");
	assert_page(&root, path, 200, "name=\"version\"", NULL);
	snprintf(form, sizeof form, "region=1525&status=locked&lang=zh&version=%ld",
	         version_of(prov));
	struct http_resp r = http_as(&srv, &league, "POST", path, FORM, form);
	assert_int_equal(r.status, 403);
	assert_non_null(strstr(r.body, "超出您的管理范围"));
	http_resp_free(&r);
	snprintf(path, sizeof path, "/admin/users/%ld/grants", prov);
	assert_int_equal(post(&league, path, "role=editor&scope=1525"), 403);
	snprintf(path, sizeof path, "/admin/users/%ld/grants/delete", prov);
	assert_int_equal(post(&league, path, "role=admin&scope=15"), 403);
	json_t *j = get_json(&root, "/api/v1/users?q=prov", 200);
	json_t *u = json_array_get(json_object_get(j, "items"), 0);
	assert_string_equal(json_string_value(json_object_get(u, "status")), "active");
	assert_int_equal(json_array_size(json_object_get(u, "grants")), 1);
	json_decref(j);
}

int main(int argc, char **argv)
{
	tala_bin = argv[1];
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_shell_shows_what_one_may_use),
	    cmocka_unit_test(test_list_within_scope),
	    cmocka_unit_test(test_search_and_paging),
	    cmocka_unit_test(test_create_within_scope),
	    cmocka_unit_test(test_grants_within_scope),
	    cmocka_unit_test(test_edit_and_stale_version),
	    cmocka_unit_test(test_superior_not_managed),
	    cmocka_unit_test(test_phone_masked_and_unmasking_audited),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
