/* test_editor.c: the editors' console end to end through its HTML forms — an editor writes
 * a bilingual article and submits it for review in one form post; the article is in the
 * review queue of a reviewer, who publishes it; an editor may not publish (403); a save
 * from a stale version answers 409 with the conflict shown and saves nothing; an editor of
 * another region neither sees (404) nor creates on (403) the site; forms without the CSRF
 * token are refused; revisions, diff, restore, placements and the media page answer. Users
 * are made with `tala user add` and `tala user grant`. */
#include "harness.h"

#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PASSWORD    "Steppe-Wind-2024"
#define FORM        "application/x-www-form-urlencoded"
#define FAST_ARGON2 "--set", "auth.argon2_m_kib=64", "--set", "auth.argon2_t=1"
/* 草原 / ᠮᠣᠩᠭᠣᠯ, percent-encoded */
#define ZH_TITLE "%E8%8D%89%E5%8E%9F%E7%A7%91%E6%99%AE"
#define MN_TITLE "%E1%A0%AE%E1%A0%A3%E1%A0%A9%E1%A0%AD%E1%A0%A3%E1%A0%AF"

static struct server srv;
static const char *dir;
static struct creds ed, rev, far;
static long art_id;

static void user_add(const char *login, const char *role, const char *scope)
{
	char err[1024];
	if (harness_run_input(PASSWORD "\n", NULL, 0, err, sizeof err, "user", "add", login,
	                      "--data", dir, FAST_ARGON2, NULL) != 0)
		fail_msg("tala user add %s: %s", login, err);
	if (harness_run_input(NULL, NULL, 0, err, sizeof err, "user", "grant", login, role, scope,
	                      "--data", dir, NULL) != 0)
		fail_msg("tala user grant %s: %s", login, err);
}

static json_t *article_json(long id)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/articles/%ld", id);
	struct http_resp r = http_as(&srv, &ed, "GET", path, NULL, NULL);
	assert_int_equal(r.status, 200);
	json_t *j = json_loads(r.body, 0, NULL);
	assert_non_null(j);
	http_resp_free(&r);
	return j;
}

static const char *status_of(long id, long *version)
{
	static char buf[32];
	json_t *j = article_json(id);
	snprintf(buf, sizeof buf, "%s", json_string_value(json_object_get(j, "status")));
	if (version)
		*version = (long)json_integer_value(json_object_get(j, "version"));
	json_decref(j);
	return buf;
}

static int setup(void **state)
{
	dir = harness_data_dir();
	user_add("ed", "editor", "15");
	user_add("rev", "reviewer", "15");
	user_add("far", "editor", "1525");
	server_start(&srv, dir, "auth.argon2_m_kib=64", "auth.argon2_t=1", NULL);
	assert_int_equal(harness_sign_in(&srv, "ed", PASSWORD, &ed), 201);
	assert_int_equal(harness_sign_in(&srv, "rev", PASSWORD, &rev), 201);
	assert_int_equal(harness_sign_in(&srv, "far", PASSWORD, &far), 201);
	return 0;
}

static int teardown(void **state)
{
	assert_int_equal(server_stop(&srv, SIGTERM), 0);
	return 0;
}

static void test_console_links(void **state)
{
	struct http_resp r = http_as(&srv, &ed, "GET", "/admin", NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "href=\"/admin/articles\""));
	assert_null(strstr(r.body, "href=\"/admin/review\""));
	http_resp_free(&r);
	r = http_as(&srv, &rev, "GET", "/admin", NULL, NULL);
	assert_non_null(strstr(r.body, "href=\"/admin/review\""));
	http_resp_free(&r);
}

static void test_editor_form_page(void **state)
{
	struct http_resp r = http_as(&srv, &ed, "GET", "/admin/articles/new", NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "name=\"_csrf\""));
	assert_non_null(strstr(r.body, "<fieldset class=\"lang-mn\" lang=\"mn-Mong\">"));
	assert_non_null(strstr(r.body, "<textarea name=\"mn_body\""));
	assert_non_null(strstr(r.body, "name=\"zh_title\""));
	assert_non_null(strstr(r.body, "value=\"nmg\""));
	http_resp_free(&r);
	/* the Mongolian console page too */
	r = http_as(&srv, &ed, "GET", "/admin/articles/new?lang=mn", NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "ᠰᠢᠨ᠎ᠡ ᠦᠭᠦᠯᠡᠯ"));
	http_resp_free(&r);
	/* a reviewer (no content.edit) may not open the editor */
	assert_int_equal(http_status_as(&srv, &rev, "GET", "/admin/articles/new", NULL, NULL), 403);
}

static void test_editor_creates_and_submits(void **state)
{
	struct http_resp r = http_as(
	    &srv, &ed, "POST", "/admin/articles", FORM,
	    "site=nmg&column=health&tags=%E8%8D%89%E5%8E%9F%2C+grass&zh_title=" ZH_TITLE
	    "&zh_summary=s&zh_body=%3Cp%3E%E6%AD%A3%E6%96%87%3C%2Fp%3E%3Cscript%3Ex%3C%2Fscript%3E"
	    "&mn_title=" MN_TITLE "&mn_body=%3Cp%3E" MN_TITLE "%3C%2Fp%3E&action=submit");
	if (r.status != 303)
		fail_msg("create: %ld %s", r.status, r.body);
	const char *loc = http_header(&r, "Location");
	assert_non_null(loc);
	assert_int_equal(sscanf(loc, "/admin/articles/%ld/edit?done=submitted", &art_id), 1);
	http_resp_free(&r);
	assert_string_equal(status_of(art_id, NULL), "review");
	json_t *j = article_json(art_id);
	const char *body = json_string_value(json_object_get(json_object_get(j, "zh"), "body"));
	assert_null(strstr(body, "<script"));
	assert_int_equal(json_array_size(json_object_get(j, "tags")), 2);
	json_decref(j);
	/* the list finds it, by text too */
	r = http_as(&srv, &ed, "GET", "/admin/articles?status=review&q=" ZH_TITLE, NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "草原科普"));
	http_resp_free(&r);
	r = http_as(&srv, &ed, "GET", "/admin/articles?status=draft", NULL, NULL);
	assert_null(strstr(r.body, "草原科普"));
	http_resp_free(&r);
	assert_int_equal(
	    http_status_as(&srv, &ed, "GET", "/admin/articles?status=bogus", NULL, NULL), 400);
}

static void test_editor_cannot_publish(void **state)
{
	char path[64], body[64];
	long v;
	status_of(art_id, &v);
	snprintf(path, sizeof path, "/admin/articles/%ld/transition", art_id);
	snprintf(body, sizeof body, "to=published&version=%ld", v);
	assert_int_equal(http_status_as(&srv, &ed, "POST", path, FORM, body), 403);
	assert_string_equal(status_of(art_id, NULL), "review");
	/* the review queue is the reviewers' */
	assert_int_equal(http_status_as(&srv, &ed, "GET", "/admin/review", NULL, NULL), 403);
}

static void test_reviewer_publishes(void **state)
{
	struct http_resp r = http_as(&srv, &rev, "GET", "/admin/review", NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "草原科普"));
	assert_non_null(strstr(r.body, "value=\"published\""));
	http_resp_free(&r);
	char path[64], body[64];
	long v;
	status_of(art_id, &v);
	snprintf(path, sizeof path, "/admin/articles/%ld/transition", art_id);
	snprintf(body, sizeof body, "to=published&version=%ld", v);
	r = http_as(&srv, &rev, "POST", path, FORM, body);
	assert_int_equal(r.status, 303);
	assert_non_null(strstr(http_header(&r, "Location"), "/admin/review?done=published"));
	http_resp_free(&r);
	assert_string_equal(status_of(art_id, NULL), "published");
	/* publishing twice is a conflict */
	assert_int_equal(http_status_as(&srv, &rev, "POST", path, FORM, "to=published"), 409);
	/* the audit log has both */
	assert_true(harness_db_int(dir, "SELECT count(*) FROM audit_log WHERE action LIKE "
	                                "'article.%'") >= 2);
}

static void test_stale_version_conflict(void **state)
{
	char path[64];
	long v;
	status_of(art_id, &v);
	snprintf(path, sizeof path, "/admin/articles/%ld", art_id);
	struct http_resp r = http_as(&srv, &ed, "POST", path, FORM,
	                             "version=1&column=health&zh_title=Overwritten&action=save");
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "class=\"conflict\""));
	assert_non_null(strstr(r.body, "value=\"Overwritten\"")); /* the editor's text kept */
	assert_non_null(strstr(r.body, "草原科普"));              /* and the stored one shown */
	http_resp_free(&r);
	long v2;
	status_of(art_id, &v2);
	assert_int_equal(v2, v);
	json_t *j = article_json(art_id);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "zh"), "title")),
	                    "草原科普");
	json_decref(j);
	/* a current save goes through and makes a revision */
	char body[256];
	snprintf(body, sizeof body,
	         "version=%ld&column=health&zh_title=%s2&mn_title=%s&action=save", v, ZH_TITLE,
	         MN_TITLE);
	r = http_as(&srv, &ed, "POST", path, FORM, body);
	assert_int_equal(r.status, 303);
	http_resp_free(&r);
	status_of(art_id, &v2);
	assert_int_equal(v2, v + 1);
	/* a missing title is a 400 naming the field, nothing saved */
	snprintf(body, sizeof body, "version=%ld&column=health&zh_summary=x&action=save", v2);
	r = http_as(&srv, &ed, "POST", path, FORM, body);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "class=\"error\""));
	http_resp_free(&r);
	long v3;
	status_of(art_id, &v3);
	assert_int_equal(v3, v2);
}

static void test_out_of_scope(void **state)
{
	char path[64];
	snprintf(path, sizeof path, "/admin/articles/%ld/edit", art_id);
	assert_int_equal(http_status_as(&srv, &far, "GET", path, NULL, NULL), 404);
	snprintf(path, sizeof path, "/admin/articles/%ld", art_id);
	assert_int_equal(http_status_as(&srv, &far, "POST", path, FORM,
	                                "version=9&column=health&zh_title=x&action=save"),
	                 404);
	assert_int_equal(http_status_as(&srv, &far, "POST", "/admin/articles", FORM,
	                                "site=nmg&column=health&zh_title=x&action=save"),
	                 403);
	assert_int_equal(http_status_as(&srv, &ed, "POST", "/admin/articles", FORM,
	                                "site=nosuch&column=health&zh_title=x&action=save"),
	                 404);
	struct http_resp r = http_as(&srv, &far, "GET", "/admin/articles", NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "草原科普"));
	http_resp_free(&r);
	assert_int_equal(http_status_as(&srv, &far, "GET", "/admin/articles?site=nmg", NULL, NULL),
	                 404);
	assert_int_equal(
	    http_status_as(&srv, &ed, "GET", "/admin/articles/999999/edit", NULL, NULL), 404);
}

static void test_csrf_required(void **state)
{
	struct creds nocsrf = ed;
	nocsrf.csrf[0] = '\0';
	assert_int_equal(http_status_as(&srv, &nocsrf, "POST", "/admin/articles", FORM,
	                                "site=nmg&column=health&zh_title=x&action=save"),
	                 403);
}

static void test_revisions_and_placements(void **state)
{
	char path[96];
	long v;
	status_of(art_id, &v);
	/* the first save and the current one: the Chinese title changed */
	snprintf(path, sizeof path, "/admin/articles/%ld/revisions?from=1&to=%ld", art_id, v);
	struct http_resp r = http_as(&srv, &ed, "GET", path, NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "class=\"diff\""));
	assert_non_null(strstr(r.body, "zh.title"));
	http_resp_free(&r);
	snprintf(path, sizeof path, "/admin/articles/%ld/restore", art_id);
	char body[96];
	snprintf(body, sizeof body, "version=%ld&from_version=1", v - 1); /* stale */
	assert_int_equal(http_status_as(&srv, &ed, "POST", path, FORM, body), 409);
	snprintf(body, sizeof body, "version=%ld&from_version=1", v);
	assert_int_equal(http_status_as(&srv, &ed, "POST", path, FORM, body), 303);
	json_t *j = article_json(art_id);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "zh"), "title")),
	                    "草原科普");
	json_decref(j);
	snprintf(path, sizeof path, "/admin/articles/%ld/placements", art_id);
	r = http_as(&srv, &rev, "GET", path, NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "/push\""));
	http_resp_free(&r);
	snprintf(path, sizeof path, "/admin/articles/%ld/hide", art_id);
	assert_int_equal(http_status_as(&srv, &ed, "POST", path, FORM, "site=nmg&hidden=1"), 403);
	assert_int_equal(http_status_as(&srv, &rev, "POST", path, FORM, "site=nmg&hidden=1"), 303);
	assert_int_equal(
	    harness_db_int(dir, "SELECT hidden FROM placements WHERE origin = 'home' ORDER BY "
	                        "article_id DESC LIMIT 1"),
	    1);
	assert_int_equal(http_status_as(&srv, &rev, "POST", path, FORM, "site=nmg&hidden=0"), 303);
	snprintf(path, sizeof path, "/admin/articles/%ld/push", art_id);
	assert_int_equal(http_status_as(&srv, &rev, "POST", path, FORM, "from=nmg"), 303);
	r = http_as(&srv, &ed, "GET", "/admin/media", NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "enctype=\"multipart/form-data\""));
	http_resp_free(&r);
	snprintf(path, sizeof path, "/admin/articles/%ld/preview", art_id);
	r = http_as(&srv, &ed, "GET", path, NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "lang-mn mn vertical\" lang=\"mn-Mong\""));
	http_resp_free(&r);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		tala_bin = argv[1];
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_console_links),
	    cmocka_unit_test(test_editor_form_page),
	    cmocka_unit_test(test_editor_creates_and_submits),
	    cmocka_unit_test(test_editor_cannot_publish),
	    cmocka_unit_test(test_reviewer_publishes),
	    cmocka_unit_test(test_stale_version_conflict),
	    cmocka_unit_test(test_out_of_scope),
	    cmocka_unit_test(test_csrf_required),
	    cmocka_unit_test(test_revisions_and_placements),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
