/* test_sites.c: admins manage the portal sites in the console end to end — create a site
 * (audited; shown by the API with every column), refuse bad fields (slug, host, region,
 * parent, names) with 400 naming the field and nothing saved, change it under a version
 * check (409 when stale, nothing saved), refuse a parent below the site, choose and order
 * its columns, add a bilingual column, grant and revoke its editors (who can then write on
 * it, and then cannot); editors and admins of another league are refused (403), and forms
 * without the CSRF token are refused. */
#include "harness.h"

#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PASSWORD "Steppe-Wind-2024"
#define FORM     "application/x-www-form-urlencoded"
/* 测试旗 / ᠲᠡᠰᠲ, percent-encoded */
#define ZH_NAME "%E6%B5%8B%E8%AF%95%E6%97%97"
#define MN_NAME "%E1%A0%B2%E1%A0%A1%E1%A0%B0%E1%A0%B2"

static struct server srv;
static const char *dir;
static struct creds adm, league_adm, ed, newbie;

static int setup(void **state)
{
	dir = harness_data_dir();
	harness_user_add(dir, "adm", PASSWORD, NULL, "admin", "15");
	harness_user_add(dir, "ladm", PASSWORD, NULL, "admin", "1525");
	harness_user_add(dir, "ed", PASSWORD, NULL, "editor", "15");
	harness_user_add(dir, "newbie", PASSWORD, NULL, NULL, NULL);
	server_start(&srv, dir, "auth.argon2_m_kib=64", "auth.argon2_t=1", NULL);
	assert_int_equal(harness_sign_in(&srv, "adm", PASSWORD, &adm), 201);
	assert_int_equal(harness_sign_in(&srv, "ladm", PASSWORD, &league_adm), 201);
	assert_int_equal(harness_sign_in(&srv, "ed", PASSWORD, &ed), 201);
	assert_int_equal(harness_sign_in(&srv, "newbie", PASSWORD, &newbie), 201);
	return 0;
}

static int teardown(void **state)
{
	assert_int_equal(server_stop(&srv, SIGTERM), 0);
	return 0;
}

static json_t *site_json(const char *slug)
{
	char path[128];
	snprintf(path, sizeof path, "/api/v1/sites/%s", slug);
	struct http_resp r = http_get(&srv, path);
	json_t *j = r.status == 200 ? json_loads(r.body, 0, NULL) : NULL;
	http_resp_free(&r);
	return j;
}

static int64_t count(const char *sql)
{
	return harness_db_int(dir, sql);
}

static void test_list_and_access(void **state)
{
	struct http_resp r = http_as(&srv, &adm, "GET", "/admin/sites", NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "href=\"/admin/sites/nmg\""));
	assert_non_null(strstr(r.body, "href=\"/admin/sites/new\""));
	http_resp_free(&r);
	r = http_as(&srv, &adm, "GET", "/admin", NULL, NULL);
	assert_non_null(strstr(r.body, "href=\"/admin/sites\""));
	http_resp_free(&r);
	r = http_as(&srv, &ed, "GET", "/admin", NULL, NULL);
	assert_null(strstr(r.body, "href=\"/admin/sites\""));
	http_resp_free(&r);
	assert_int_equal(http_status_as(&srv, &ed, "GET", "/admin/sites", NULL, NULL), 403);
	assert_int_equal(http_status_as(&srv, &ed, "GET", "/admin/sites/nmg", NULL, NULL), 403);
	/* a league's admin does not manage the region portal */
	assert_int_equal(http_status_as(&srv, &league_adm, "GET", "/admin/sites/nmg", NULL, NULL),
	                 403);
	assert_int_equal(http_status_as(&srv, &adm, "GET", "/admin/sites/nosuch", NULL, NULL), 404);
	r = http_as(&srv, &adm, "GET", "/admin/sites/nmg?lang=mn", NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "ᠰᠠᠶᠢᠲ"));
	assert_non_null(strstr(r.body, "name=\"col_health\""));
	http_resp_free(&r);
}

static void test_create(void **state)
{
	int64_t before = count("SELECT count(*) FROM sites");
	struct http_resp r = http_as(&srv, &adm, "POST", "/admin/sites", FORM,
	                             "version=&kind=county&region=152502&parent=nmg&slug=xlht"
	                             "&host=xlht.example.cn&name_zh=" ZH_NAME "&name_mn=" MN_NAME);
	if (r.status != 303)
		fail_msg("create: %ld %s", r.status, r.body);
	assert_string_equal(http_header(&r, "Location"), "/admin/sites/xlht?done=created");
	http_resp_free(&r);
	assert_int_equal(count("SELECT count(*) FROM sites"), before + 1);
	assert_int_equal(count("SELECT count(*) FROM audit_log WHERE action = 'site.create'"
	                       " AND object_id = (SELECT id FROM sites WHERE slug = 'xlht')"),
	                 1);
	json_t *j = site_json("xlht");
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "kind")), "county");
	assert_string_equal(json_string_value(json_object_get(j, "region")), "152502");
	assert_string_equal(json_string_value(json_object_get(j, "parent")), "nmg");
	assert_string_equal(json_string_value(json_object_get(j, "host")), "xlht.example.cn");
	json_t *name = json_object_get(j, "name");
	assert_string_equal(json_string_value(json_object_get(name, "zh")), "测试旗");
	assert_string_equal(json_string_value(json_object_get(name, "mn")), "ᠲᠡᠰᠲ");
	assert_int_equal(json_array_size(json_object_get(j, "columns")), 9);
	json_decref(j);
	/* the portal serves it */
	r = http_get(&srv, "/s/xlht/");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "测试旗"));
	http_resp_free(&r);
}

/* Each bad form: 400 naming the field, and no site more. */
static void test_create_refused(void **state)
{
	static const struct {
		const char *body, *field_text;
	} bad[] = {
	    {"kind=county&region=152502&parent=nmg&slug=Bad_Slug&name_zh=x", "站点地址"},
	    {"kind=county&region=152502&parent=nmg&slug=xlht&name_zh=x", "站点地址"}, /* taken */
	    {"kind=county&region=152502&parent=nmg&slug=ok1&host=bad host&name_zh=x", "独立域名"},
	    {"kind=county&region=152502&parent=nmg&slug=ok2&host=xlht.example.cn&name_zh=x",
	     "独立域名"}, /* taken */
	    {"kind=county&parent=nmg&slug=ok3&name_zh=x", "行政区划代码"},
	    {"kind=county&region=159999&parent=nmg&slug=ok4&name_zh=x", "行政区划代码"},
	    {"kind=league&region=152502&parent=nmg&slug=ok5&name_zh=x", "行政区划代码"},
	    {"kind=planet&region=152502&parent=nmg&slug=ok6&name_zh=x", "站点类型"},
	    {"kind=county&region=152502&parent=nosuch&slug=ok7&name_zh=x", "上级站点"},
	    {"kind=county&region=152502&slug=ok8&name_zh=x", "上级站点"},
	    {"kind=county&region=152502&parent=nmg&slug=ok9&name_zh=", "中文名称"},
	};
	int64_t before = count("SELECT count(*) FROM sites");
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct http_resp r = http_as(&srv, &adm, "POST", "/admin/sites", FORM, bad[i].body);
		if (r.status != 400 || !strstr(r.body, bad[i].field_text))
			fail_msg("%s: %ld, expected 400 naming %s", bad[i].body, r.status,
			         bad[i].field_text);
		http_resp_free(&r);
	}
	assert_int_equal(count("SELECT count(*) FROM sites"), before);
	/* out of scope and without CSRF */
	assert_int_equal(http_status_as(&srv, &league_adm, "POST", "/admin/sites", FORM,
	                                "kind=county&region=150102&parent=nmg&slug=hh&name_zh=x"),
	                 403);
	assert_int_equal(http_status_as(&srv, &ed, "POST", "/admin/sites", FORM,
	                                "kind=county&region=152502&parent=nmg&slug=e1&name_zh=x"),
	                 403);
	struct creds nocsrf = adm;
	nocsrf.csrf[0] = '\0';
	assert_int_equal(http_status_as(&srv, &nocsrf, "POST", "/admin/sites", FORM,
	                                "kind=county&region=152502&parent=nmg&slug=c1&name_zh=x"),
	                 403);
	assert_int_equal(count("SELECT count(*) FROM sites"), before);
}

static void test_update_and_stale(void **state)
{
	int64_t v = count("SELECT version FROM sites WHERE slug = 'xlht'");
	char body[512];
	snprintf(body, sizeof body,
	         "version=%lld&kind=county&region=152502&parent=nmg&slug=xlht&host="
	         "&name_zh=%%E6%%96%%B0&name_mn=%s",
	         (long long)v, MN_NAME);
	struct http_resp r = http_as(&srv, &adm, "POST", "/admin/sites/xlht", FORM, body);
	if (r.status != 303)
		fail_msg("update: %ld %s", r.status, r.body);
	http_resp_free(&r);
	json_t *j = site_json("xlht");
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "name"), "zh")),
	                    "新");
	assert_true(json_is_null(json_object_get(j, "host")));
	json_decref(j);
	assert_int_equal(count("SELECT version FROM sites WHERE slug = 'xlht'"), v + 1);
	/* the same form again is stale: 409, nothing saved */
	snprintf(body, sizeof body,
	         "version=%lld&kind=county&region=152502&parent=nmg&slug=xlht&name_zh=stale",
	         (long long)v);
	r = http_as(&srv, &adm, "POST", "/admin/sites/xlht", FORM, body);
	assert_int_equal(r.status, 409);
	http_resp_free(&r);
	assert_int_equal(count("SELECT count(*) FROM sites WHERE name_zh = 'stale'"), 0);
	assert_int_equal(count("SELECT count(*) FROM audit_log WHERE action = 'site.update'"), 1);
	/* the region portal under its own child: refused */
	int64_t nv = count("SELECT version FROM sites WHERE slug = 'nmg'");
	snprintf(body, sizeof body,
	         "version=%lld&kind=region&region=15&parent=xlht&slug=nmg&name_zh=x",
	         (long long)nv);
	r = http_as(&srv, &adm, "POST", "/admin/sites/nmg", FORM, body);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "上级站点"));
	http_resp_free(&r);
	assert_int_equal(
	    count("SELECT count(*) FROM sites WHERE slug = 'nmg' AND parent_id IS NULL"), 1);
}

static void test_columns(void **state)
{
	int64_t v = count("SELECT version FROM sites WHERE slug = 'xlht'");
	char body[256];
	snprintf(body, sizeof body,
	         "version=%lld&col_news=1&sort_news=5&col_health=1&sort_health=9", (long long)v);
	struct http_resp r = http_as(&srv, &adm, "POST", "/admin/sites/xlht/columns", FORM, body);
	if (r.status != 303)
		fail_msg("columns: %ld %s", r.status, r.body);
	http_resp_free(&r);
	json_t *j = site_json("xlht");
	json_t *cols = json_object_get(j, "columns");
	assert_int_equal(json_array_size(cols), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(cols, 0), "slug")),
	                    "news");
	assert_string_equal(json_string_value(json_object_get(json_array_get(cols, 1), "slug")),
	                    "health");
	json_decref(j);
	/* stale, none chosen, a bad order: refused, nothing changed */
	assert_int_equal(
	    http_status_as(&srv, &adm, "POST", "/admin/sites/xlht/columns", FORM, body), 409);
	snprintf(body, sizeof body, "version=%lld", (long long)v + 1);
	assert_int_equal(
	    http_status_as(&srv, &adm, "POST", "/admin/sites/xlht/columns", FORM, body), 400);
	snprintf(body, sizeof body, "version=%lld&col_news=1&sort_news=-4", (long long)v + 1);
	assert_int_equal(
	    http_status_as(&srv, &adm, "POST", "/admin/sites/xlht/columns", FORM, body), 400);
	assert_int_equal(count("SELECT count(*) FROM site_columns WHERE site_id ="
	                       " (SELECT id FROM sites WHERE slug = 'xlht')"),
	                 2);
	/* a new column, named in both languages, joins the site at the end */
	r = http_as(&srv, &adm, "POST", "/admin/sites/xlht/columns/new", FORM,
	            "column_slug=grassland&column_name_zh=" ZH_NAME "&column_name_mn=" MN_NAME);
	if (r.status != 303)
		fail_msg("column new: %ld %s", r.status, r.body);
	http_resp_free(&r);
	j = site_json("xlht");
	cols = json_object_get(j, "columns");
	assert_int_equal(json_array_size(cols), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(cols, 2), "slug")),
	                    "grassland");
	json_decref(j);
	assert_int_equal(http_status_as(&srv, &adm, "POST", "/admin/sites/xlht/columns/new", FORM,
	                                "column_slug=grassland&column_name_zh=a&column_name_mn=b"),
	                 400);
	assert_int_equal(http_status_as(&srv, &adm, "POST", "/admin/sites/xlht/columns/new", FORM,
	                                "column_slug=meadow&column_name_zh=a&column_name_mn="),
	                 400);
	assert_int_equal(
	    count("SELECT count(*) FROM columns WHERE slug IN ('grassland', 'meadow')"), 1);
}

static long create_article(const struct creds *c)
{
	return http_status_as(&srv, c, "POST", "/api/v1/articles", "application/json",
	                      "{\"site\":\"xlht\",\"column\":\"news\",\"zh\":{\"title\":\"t\"}}");
}

static void test_editors(void **state)
{
	/* before the grant the new account cannot write on the site */
	assert_int_equal(create_article(&newbie), 403);
	struct http_resp r = http_as(&srv, &adm, "POST", "/admin/sites/xlht/editors", FORM,
	                             "login=newbie&role=editor&action=grant");
	if (r.status != 303)
		fail_msg("grant: %ld %s", r.status, r.body);
	http_resp_free(&r);
	assert_int_equal(
	    count("SELECT count(*) FROM grants WHERE role = 'editor' AND scope = '152502'"
	          " AND user_id = (SELECT id FROM users WHERE login = 'newbie')"),
	    1);
	assert_int_equal(count("SELECT count(*) FROM audit_log WHERE action = 'site.grant'"), 1);
	r = http_as(&srv, &adm, "GET", "/admin/sites/xlht", NULL, NULL);
	assert_non_null(strstr(r.body, "data-login=\"newbie\""));
	http_resp_free(&r);
	/* a fresh sign-in carries the grant */
	assert_int_equal(harness_sign_in(&srv, "newbie", PASSWORD, &newbie), 201);
	assert_int_equal(create_article(&newbie), 201);
	/* the same grant again, an unknown user, a role that is not a site role: refused */
	assert_int_equal(http_status_as(&srv, &adm, "POST", "/admin/sites/xlht/editors", FORM,
	                                "login=newbie&role=editor&action=grant"),
	                 409);
	assert_int_equal(http_status_as(&srv, &adm, "POST", "/admin/sites/xlht/editors", FORM,
	                                "login=nobody&role=editor&action=grant"),
	                 400);
	assert_int_equal(http_status_as(&srv, &adm, "POST", "/admin/sites/xlht/editors", FORM,
	                                "login=newbie&role=admin&action=grant"),
	                 400);
	r = http_as(&srv, &adm, "POST", "/admin/sites/xlht/editors", FORM,
	            "login=newbie&role=editor&action=revoke");
	assert_int_equal(r.status, 303);
	http_resp_free(&r);
	assert_int_equal(count("SELECT count(*) FROM grants WHERE scope = '152502'"), 0);
	assert_int_equal(harness_sign_in(&srv, "newbie", PASSWORD, &newbie), 201);
	assert_int_equal(create_article(&newbie), 403);
	/* the league's admin manages the county site in the league */
	assert_int_equal(http_status_as(&srv, &league_adm, "GET", "/admin/sites/xlht", NULL, NULL),
	                 200);
}

int main(int argc, char **argv)
{
	tala_bin = argv[1];
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_list_and_access), cmocka_unit_test(test_create),
	    cmocka_unit_test(test_create_refused),  cmocka_unit_test(test_update_and_stale),
	    cmocka_unit_test(test_columns),         cmocka_unit_test(test_editors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
