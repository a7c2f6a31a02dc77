/* test_content_api.c: /api/v1/sites and /api/v1/articles end to end against a real `tala
 * serve` on the demo network (`tala demo`: 143 sites, 2,100 articles): the site list and
 * columns; an editor writes a bilingual article, submits it, a reviewer publishes it and
 * the public then sees it (sanitized body); a push from the region portal reaches every
 * site below in one request and a county takes it down locally; revisions and restore;
 * bad input — missing language, unknown column, over-long title, wrong types, unknown
 * site/article (404), stale version (409), no permission (403) — answered with the field
 * and a message in the caller's language, and nothing partial saved. */
#include "harness.h"

#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PASSWORD "Steppe-Wind-2024"

static struct server srv;
static const char *dir;
static struct creds ed, rev, cty, pub;

static int setup(void **state)
{
	dir = harness_data_dir();
	char err[512] = "";
	if (harness_run(err, sizeof err, "demo", "--data", dir, NULL) != 0)
		fail_msg("tala demo: %s", err);
	harness_user_add(dir, "ed", PASSWORD, NULL, "editor", "15");
	harness_user_add(dir, "rev", PASSWORD, NULL, "reviewer", "15");
	harness_user_add(dir, "cty", PASSWORD, NULL, "reviewer", "150121");
	harness_user_add(dir, "pub", PASSWORD, NULL, "citizen", "15");
	server_start(&srv, dir, "auth.argon2_m_kib=64", "auth.argon2_t=1", NULL);
	assert_int_equal(harness_sign_in(&srv, "ed", PASSWORD, &ed), 201);
	assert_int_equal(harness_sign_in(&srv, "rev", PASSWORD, &rev), 201);
	assert_int_equal(harness_sign_in(&srv, "cty", PASSWORD, &cty), 201);
	assert_int_equal(harness_sign_in(&srv, "pub", PASSWORD, &pub), 201);
	return 0;
}

static int teardown(void **state)
{
	assert_int_equal(server_stop(&srv, SIGTERM), 0);
	return 0;
}

static json_t *as_json(const struct http_resp *r)
{
	json_t *j = json_loads(r->body, 0, NULL);
	if (!j)
		fail_msg("not JSON (%ld): %s", r->status, r->body);
	return j;
}

/* Sends a JSON request as c; returns the parsed body, *status the HTTP status. */
static json_t *call(const struct creds *c, const char *method, const char *path, const char *body,
                    long *status)
{
	struct http_resp r = http_as(&srv, c, method, path, body ? "application/json" : NULL, body);
	*status = r.status;
	json_t *j = r.len ? as_json(&r) : json_null();
	http_resp_free(&r);
	return j;
}

/* Expects status and, for errors, the field named. */
static void expect(const struct creds *c, const char *method, const char *path, const char *body,
                   long want, const char *field)
{
	long st;
	json_t *j = call(c, method, path, body, &st);
	if (st != want)
		fail_msg("%s %s: %ld, want %ld: %s", method, path, st, want, json_dumps(j, 0));
	if (field) {
		json_t *e = json_object_get(j, "error");
		assert_non_null(e);
		assert_string_equal(json_string_value(json_object_get(e, "field")), field);
		assert_true(strlen(json_string_value(json_object_get(e, "message"))) > 0);
	}
	json_decref(j);
}

static int64_t articles(void)
{
	return harness_db_int(dir, "SELECT count(*) FROM articles");
}

static void test_sites(void **state)
{
	long st;
	json_t *j = call(NULL, "GET", "/api/v1/sites", NULL, &st);
	assert_int_equal(st, 200);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 143);
	json_decref(j);
	j = call(NULL, "GET", "/api/v1/sites?kind=county", NULL, &st);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 96);
	json_t *first = json_array_get(json_object_get(j, "items"), 0);
	assert_non_null(json_string_value(json_object_get(first, "parent")));
	json_decref(j);
	j = call(NULL, "GET", "/api/v1/sites?kind=society", NULL, &st);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 30);
	json_decref(j);
	j = call(NULL, "GET", "/api/v1/sites/nmg", NULL, &st);
	assert_int_equal(st, 200);
	assert_string_equal(json_string_value(json_object_get(j, "kind")), "region");
	assert_int_equal(json_array_size(json_object_get(j, "columns")), 9);
	json_decref(j);
	expect(NULL, "GET", "/api/v1/sites/nowhere", NULL, 404, "site");
	expect(NULL, "GET", "/api/v1/sites?kind=planet", NULL, 400, "kind");
	/* the demo articles: public list with paging */
	j = call(NULL, "GET", "/api/v1/articles?site=nmg&limit=5", NULL, &st);
	assert_int_equal(st, 200);
	assert_true(json_integer_value(json_object_get(j, "total")) >= 700);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 5);
	const char *next = json_string_value(json_object_get(j, "next"));
	assert_non_null(next);
	json_t *a0 = json_array_get(json_object_get(j, "items"), 0);
	assert_true(json_is_object(json_object_get(a0, "mn")));
	assert_true(json_is_object(json_object_get(a0, "zh")));
	char path[256];
	snprintf(path, sizeof path, "/api/v1/articles?site=nmg&limit=5&cursor=%s", next);
	json_t *j2 = call(NULL, "GET", path, NULL, &st);
	assert_int_equal(st, 200);
	json_t *b0 = json_array_get(json_object_get(j2, "items"), 0);
	assert_true(json_integer_value(json_object_get(b0, "id")) !=
	            json_integer_value(json_object_get(a0, "id")));
	json_decref(j2);
	json_decref(j);
	expect(NULL, "GET", "/api/v1/articles?site=nmg&cursor=zzz", NULL, 400, "cursor");
	expect(NULL, "GET", "/api/v1/articles?column=nope", NULL, 400, "column");
	expect(NULL, "GET", "/api/v1/articles?status=draft", NULL, 403, NULL);
}

static const char *bilingual =
    "{\"site\": \"nmg\", \"column\": \"health\", \"tags\": [\"防疫\"],"
    " \"zh\": {\"title\": \"冬季防疫要点\", \"summary\": \"摘要\","
    "  \"body\": \"<p onclick=\\\"steal()\\\">勤洗手</p><script>alert(1)</script>\"},"
    " \"mn\": {\"title\": \"\u182E\u1823\u1829\u182D\u1823\u182F\", \"body\": \"<p>x</p>\"}}";

static void test_workflow(void **state)
{
	long st;
	json_t *a = call(&ed, "POST", "/api/v1/articles", bilingual, &st);
	assert_int_equal(st, 201);
	assert_string_equal(json_string_value(json_object_get(a, "status")), "draft");
	assert_int_equal(json_integer_value(json_object_get(a, "version")), 1);
	int64_t id = json_integer_value(json_object_get(a, "id"));
	const char *body = json_string_value(json_object_get(json_object_get(a, "zh"), "body"));
	assert_null(strstr(body, "script"));
	assert_null(strstr(body, "onclick"));
	json_decref(a);
	char path[128], tpath[160];
	snprintf(path, sizeof path, "/api/v1/articles/%lld", (long long)id);
	snprintf(tpath, sizeof tpath, "%s/transition", path);
	expect(NULL, "GET", path, NULL, 404, NULL); /* drafts are not public */
	expect(&pub, "GET", path, NULL, 404, NULL);
	expect(&ed, "GET", path, NULL, 200, NULL);
	expect(&ed, "POST", tpath, "{\"to\": \"published\"}", 409, "to"); /* review first */
	expect(&ed, "POST", tpath, "{\"to\": \"review\"}", 200, NULL);
	expect(&ed, "POST", tpath, "{\"to\": \"published\"}", 403, NULL); /* editors cannot */
	expect(&pub, "POST", tpath, "{\"to\": \"published\"}", 403, NULL);
	expect(&rev, "POST", tpath, "{\"to\": \"sideways\"}", 400, "to");
	expect(&rev, "POST", tpath, "{}", 400, "to");
	expect(&rev, "POST", tpath, "{\"to\": \"published\"}", 200, NULL);
	a = call(NULL, "GET", path, NULL, &st);
	assert_int_equal(st, 200);
	assert_string_equal(json_string_value(json_object_get(a, "status")), "published");
	assert_true(json_is_string(json_object_get(a, "published_at")));
	json_decref(a);
	a = call(NULL, "GET", "/api/v1/articles?site=nmg&tag=%E9%98%B2%E7%96%AB", NULL, &st);
	assert_int_equal(st, 200);
	assert_int_equal(json_integer_value(
	                     json_object_get(json_array_get(json_object_get(a, "items"), 0), "id")),
	                 id);
	json_decref(a);
	/* staff list of drafts within scope */
	a = call(&ed, "GET", "/api/v1/articles?status=any&site=nmg&limit=3", NULL, &st);
	assert_int_equal(st, 200);
	json_decref(a);

	/* update with the version; a stale one is refused and changes nothing */
	const char *upd = "{\"version\": %d, \"column\": \"news\", \"zh\": {\"title\": \"%s\","
	                  " \"body\": \"<p>一\\n二</p>\"}, \"mn\": null}";
	char buf[512];
	snprintf(buf, sizeof buf, upd, 3, "新标题"); /* create 1, review 2, publish 3 */
	a = call(&ed, "PUT", path, buf, &st);
	assert_int_equal(st, 200);
	assert_int_equal(json_integer_value(json_object_get(a, "version")), 4);
	assert_true(json_is_null(json_object_get(a, "mn")));
	json_decref(a);
	snprintf(buf, sizeof buf, upd, 3, "迟到的标题");
	expect(&ed, "PUT", path, buf, 409, "version");
	a = call(NULL, "GET", path, NULL, &st);
	assert_string_equal(json_string_value(json_object_get(json_object_get(a, "zh"), "title")),
	                    "新标题");
	json_decref(a);
	/* revisions: 1 and 4 are saves; diff; restore 1 as the newest */
	char rpath[192];
	snprintf(rpath, sizeof rpath, "%s/revisions", path);
	a = call(&ed, "GET", rpath, NULL, &st);
	assert_int_equal(st, 200);
	assert_int_equal(json_integer_value(json_object_get(a, "total")), 2);
	json_decref(a);
	expect(&pub, "GET", rpath, NULL, 403, NULL);
	snprintf(rpath, sizeof rpath, "%s/diff?from=1&to=4", path);
	a = call(&ed, "GET", rpath, NULL, &st);
	assert_int_equal(st, 200);
	assert_true(json_array_size(json_object_get(a, "lines")) > 0);
	json_decref(a);
	snprintf(rpath, sizeof rpath, "%s/restore", path);
	expect(&ed, "POST", rpath, "{\"version\": 1, \"from_version\": 1}", 409, "version");
	a = call(&ed, "POST", rpath, "{\"version\": 4, \"from_version\": 1}", &st);
	assert_int_equal(st, 200);
	assert_int_equal(json_integer_value(json_object_get(a, "version")), 5);
	assert_string_equal(json_string_value(json_object_get(json_object_get(a, "zh"), "title")),
	                    "冬季防疫要点");
	assert_true(json_is_object(json_object_get(a, "mn")));
	json_decref(a);
}

static void test_push_and_hide(void **state)
{
	long st;
	json_t *a = call(&ed, "POST", "/api/v1/articles", bilingual, &st);
	assert_int_equal(st, 201);
	int64_t id = json_integer_value(json_object_get(a, "id"));
	json_decref(a);
	char path[160], buf[128];
	snprintf(path, sizeof path, "/api/v1/articles/%lld/transition", (long long)id);
	expect(&ed, "POST", path, "{\"to\": \"review\"}", 200, NULL);
	expect(&rev, "POST", path, "{\"to\": \"published\"}", 200, NULL);
	snprintf(path, sizeof path, "/api/v1/articles/%lld/push", (long long)id);
	expect(&ed, "POST", path, "{\"to_subtree_of\": \"nmg\"}", 403, NULL);
	expect(&rev, "POST", path, "{\"to_subtree_of\": \"atlantis\"}", 404, "site");
	expect(&rev, "POST", path, "{}", 400, "to_subtree_of");
	a = call(&rev, "POST", path, "{\"to_subtree_of\": \"nmg\"}", &st);
	assert_int_equal(st, 200);
	assert_int_equal(json_integer_value(json_object_get(a, "placed")), 142);
	json_decref(a);
	snprintf(buf, sizeof buf, "SELECT count(*) FROM placements WHERE article_id = %lld",
	         (long long)id);
	assert_int_equal(harness_db_int(dir, buf), 143);
	/* shown on a county; the county takes it down there only */
	const char *q1 = "/api/v1/articles?site=150121&limit=1";
	const char *q2 = "/api/v1/articles?site=150122&limit=1";
	a = call(NULL, "GET", q1, NULL, &st);
	assert_int_equal(json_integer_value(
	                     json_object_get(json_array_get(json_object_get(a, "items"), 0), "id")),
	                 id);
	json_decref(a);
	snprintf(path, sizeof path, "/api/v1/articles/%lld/hide", (long long)id);
	expect(&cty, "POST", path, "{\"site\": \"150122\"}", 403, NULL); /* not its county */
	expect(&cty, "POST", path, "{\"site\": \"150121\"}", 200, NULL);
	a = call(NULL, "GET", q1, NULL, &st);
	assert_true(json_integer_value(json_object_get(
	                json_array_get(json_object_get(a, "items"), 0), "id")) != id);
	json_decref(a);
	a = call(NULL, "GET", q2, NULL, &st);
	assert_int_equal(json_integer_value(
	                     json_object_get(json_array_get(json_object_get(a, "items"), 0), "id")),
	                 id);
	json_decref(a);
	expect(NULL, "POST", "/api/v1/articles/999999/hide", "{\"site\": \"150121\"}", 401, NULL);
	expect(&cty, "POST", "/api/v1/articles/999999/hide", "{\"site\": \"150121\"}", 404, NULL);
}

static void test_bad_input(void **state)
{
	int64_t before = articles();
	expect(&ed, "POST", "/api/v1/articles", "{\"site\": \"nmg\", \"column\": \"health\"}", 400,
	       "zh");
	expect(&ed, "POST", "/api/v1/articles",
	       "{\"site\": \"nmg\", \"column\": \"nope\", \"zh\": {\"title\": \"t\"}}", 400,
	       "column");
	expect(&ed, "POST", "/api/v1/articles", "{\"site\": \"nmg\", \"zh\": {\"title\": \"t\"}}",
	       400, "column");
	expect(&ed, "POST", "/api/v1/articles",
	       "{\"site\": \"nmg\", \"column\": \"health\", \"zh\": \"t\"}", 400, "zh");
	expect(&ed, "POST", "/api/v1/articles",
	       "{\"site\": \"nmg\", \"column\": \"health\", \"zh\": {\"title\": 5}}", 400,
	       "zh.title");
	expect(&ed, "POST", "/api/v1/articles",
	       "{\"site\": \"nmg\", \"column\": \"health\", \"zh\": {\"title\": \"t\"},"
	       " \"tags\": \"x\"}",
	       400, "tags");
	expect(&ed, "POST", "/api/v1/articles",
	       "{\"site\": \"nmg\", \"column\": \"health\", \"zh\": {\"title\": \"t\"},"
	       " \"publish_at\": \"tomorrow\"}",
	       400, "publish_at");
	char longt[600] = "{\"site\": \"nmg\", \"column\": \"health\", \"mn\": {\"title\": \"";
	size_t n = strlen(longt);
	memset(longt + n, 'x', 201);
	strcpy(longt + n + 201, "\"}}");
	/* the message is in the caller's language: Mongolian script for ?lang=mn */
	struct http_resp r =
	    http_as(&srv, &ed, "POST", "/api/v1/articles?lang=mn", "application/json", longt);
	assert_int_equal(r.status, 400);
	json_t *j = as_json(&r);
	json_t *e = json_object_get(j, "error");
	assert_string_equal(json_string_value(json_object_get(e, "field")), "mn.title");
	assert_non_null(strstr(json_string_value(json_object_get(e, "message")), "\xe1\xa0"));
	json_decref(j);
	http_resp_free(&r);
	expect(&ed, "POST", "/api/v1/articles", "[1, 2]", 400, NULL);
	expect(&ed, "POST", "/api/v1/articles",
	       "{\"site\": \"nowhere\", \"column\": \"health\","
	       " \"zh\": {\"title\": \"t\"}}",
	       404, "site");
	expect(&ed, "POST", "/api/v1/articles", "{\"column\": \"health\"}", 400, "site");
	/* permission: a citizen, an editor of another county, a visitor */
	expect(&pub, "POST", "/api/v1/articles", bilingual, 403, NULL);
	expect(&cty, "POST", "/api/v1/articles", bilingual, 403, NULL);
	expect(NULL, "POST", "/api/v1/articles", bilingual, 401, NULL);
	/* unknown articles */
	expect(NULL, "GET", "/api/v1/articles/999999", NULL, 404, NULL);
	expect(NULL, "GET", "/api/v1/articles/abc", NULL, 404, NULL);
	expect(&ed, "PUT", "/api/v1/articles/999999", "{\"version\": 1}", 404, NULL);
	expect(&rev, "POST", "/api/v1/articles/999999/transition", "{\"to\": \"review\"}", 404,
	       NULL);
	/* update without or with a bad version */
	expect(&ed, "PUT", "/api/v1/articles/1", "{\"column\": \"health\"}", 400, "version");
	expect(&ed, "PUT", "/api/v1/articles/1", "{\"version\": \"1\"}", 400, "version");
	assert_int_equal(articles(), before);
}

int main(int argc, char **argv)
{
	tala_bin = argv[1];
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sites),
	    cmocka_unit_test(test_workflow),
	    cmocka_unit_test(test_push_and_hide),
	    cmocka_unit_test(test_bad_input),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
