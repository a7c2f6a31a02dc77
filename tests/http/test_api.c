/* test_api.c: end-to-end behaviour of the region API and pages, feedback, language choice
 * and escaping, against a real `tala serve`. */
#include "harness.h"

#include <jansson.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct server srv;

static int setup(void **state)
{
	server_start(&srv, harness_data_dir(), "feedback.max_chars=50", NULL);
	return 0;
}

static int teardown(void **state)
{
	/* a clean SIGTERM exit is 0; sanitizer findings (leaks included) make it non-zero */
	assert_int_equal(server_stop(&srv, SIGTERM), 0);
	return 0;
}

static json_t *get_json(const char *path, long want_status)
{
	struct http_resp r = http_get(&srv, path);
	assert_int_equal(r.status, want_status);
	assert_non_null(strstr(http_header(&r, "Content-Type"), "application/json"));
	json_error_t e;
	json_t *j = json_loads(r.body, 0, &e);
	assert_non_null(j);
	http_resp_free(&r);
	return j;
}

static bool list_has_code(json_t *items, const char *code)
{
	size_t i;
	json_t *v;
	json_array_foreach(items, i, v)
	{
		if (strcmp(json_string_value(json_object_get(v, "code")), code) == 0)
			return true;
	}
	return false;
}

static void test_healthz(void **state)
{
	json_t *j = get_json("/healthz", 200);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "ok");
	json_decref(j);
}

static void test_region_detail(void **state)
{
	json_t *j = get_json("/api/v1/regions/1525", 200);
	assert_string_equal(json_string_value(json_object_get(j, "name_zh")), "锡林郭勒盟");
	assert_string_equal(json_string_value(json_object_get(j, "level")), "league");
	assert_string_equal(json_string_value(json_object_get(j, "parent")), "15");
	assert_true(json_is_string(json_object_get(j, "name_mn")));
	json_t *parents = json_object_get(json_object_get(j, "parents"), "items");
	assert_int_equal(json_array_size(parents), 1);
	assert_true(list_has_code(parents, "15"));
	json_t *children = json_object_get(j, "children");
	assert_true(list_has_code(json_object_get(children, "items"), "152502"));
	assert_int_equal(json_integer_value(json_object_get(children, "total")),
	                 json_array_size(json_object_get(children, "items")));
	json_decref(j);

	j = get_json("/api/v1/regions/15", 200);
	assert_true(json_is_null(json_object_get(j, "parent")));
	json_decref(j);
}

static void test_region_children_and_paging(void **state)
{
	json_t *j = get_json("/api/v1/regions?parent=15", 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 12);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 12);
	assert_true(json_is_null(json_object_get(j, "next")));
	json_decref(j);

	json_t *p1 = get_json("/api/v1/regions?parent=1525&limit=5", 200);
	json_t *items1 = json_object_get(p1, "items");
	assert_int_equal(json_array_size(items1), 5);
	const char *next = json_string_value(json_object_get(p1, "next"));
	assert_non_null(next);
	char path[256];
	snprintf(path, sizeof path, "/api/v1/regions?parent=1525&limit=5&cursor=%s", next);
	json_t *p2 = get_json(path, 200);
	json_t *items2 = json_object_get(p2, "items");
	assert_true(json_array_size(items2) >= 1);
	const char *first2 = json_string_value(json_object_get(json_array_get(items2, 0), "code"));
	assert_false(list_has_code(items1, first2));
	assert_true(strcmp(first2, next) > 0);
	json_decref(p1);
	json_decref(p2);
}

static void test_region_search(void **state)
{
	static const char *const queries[] = {
	    "/api/v1/regions?q=%E9%94%A1%E6%9E%97", /* 锡林 */
	    "/api/v1/regions?q=xilinguole",         /* pinyin */
	    "/api/v1/regions?q=Xi%20Lin%20Guo",     /* pinyin with spaces and capitals */
	    "/api/v1/regions?q=xlgl",               /* initials */
	};
	for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
		json_t *j = get_json(queries[i], 200);
		assert_true(list_has_code(json_object_get(j, "items"), "1525"));
		json_decref(j);
	}
	/* Mongolian name: ᠰᠢᠯᠢ */
	json_t *j = get_json("/api/v1/regions?q=%E1%A0%B0%E1%A0%A2%E1%A0%AF%E1%A0%A2", 200);
	assert_true(list_has_code(json_object_get(j, "items"), "1525"));
	json_decref(j);
	/* LIKE wildcards are literal */
	j = get_json("/api/v1/regions?q=%25", 200);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 0);
	json_decref(j);
}

static void assert_error(const char *path, long status, const char *code, const char *field)
{
	json_t *j = get_json(path, status);
	json_t *e = json_object_get(j, "error");
	assert_string_equal(json_string_value(json_object_get(e, "code")), code);
	if (field)
		assert_string_equal(json_string_value(json_object_get(e, "field")), field);
	assert_true(strlen(json_string_value(json_object_get(e, "message"))) > 0);
	json_decref(j);
}

static void test_region_errors(void **state)
{
	assert_error("/api/v1/regions/9999", 404, "unknown_region", "code");
	assert_error("/api/v1/regions/abc", 404, "unknown_region", "code");
	assert_error("/api/v1/regions?parent=99", 404, "unknown_region", "parent");
	assert_error("/api/v1/regions?parent=15&limit=0", 400, "invalid_value", "limit");
	assert_error("/api/v1/regions?parent=15&limit=9999", 400, "invalid_value", "limit");
}

static int64_t feedback_rows(const char *where_body)
{
	char path[512];
	snprintf(path, sizeof path, "%s/tala.db", srv.data_dir);
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(
	    sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM feedback WHERE body = ?", -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(st, 1, where_body, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

static void test_feedback_json(void **state)
{
	struct http_resp r =
	    http_post_json(&srv, "/api/v1/feedback",
	                   "{\"body\":\"  牧区需要更多防灾科普  \",\"lang\":\"zh\","
	                   "\"region\":\"1525\",\"contact\":\"13800001234\"}");
	assert_int_equal(r.status, 201);
	json_t *j = json_loads(r.body, 0, NULL);
	assert_true(json_integer_value(json_object_get(j, "id")) > 0);
	assert_non_null(http_header(&r, "Location"));
	json_decref(j);
	http_resp_free(&r);
	/* acknowledged means stored (trimmed) */
	assert_int_equal(feedback_rows("牧区需要更多防灾科普"), 1);
}

static void test_feedback_invalid(void **state)
{
	struct {
		const char *body;
		const char *code, *field;
	} cases[] = {
	    {"{\"lang\":\"zh\"}", "required", "body"},
	    {"{\"body\":\"   \"}", "required", "body"},
	    {"{\"body\":\"x\",\"region\":\"999999\"}", "unknown_region", "region"},
	    {"{\"body\":\"x\",\"lang\":\"en\"}", "invalid_value", "lang"},
	    {"{\"body\":12}", "invalid_value", "body"},
	    {"{\"body\":\"012345678901234567890123456789012345678901234567890\"}", "too_long",
	     "body"},
	    {"[1,2]", "invalid_value", NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct http_resp r = http_post_json(&srv, "/api/v1/feedback", cases[i].body);
		assert_int_equal(r.status, 400);
		json_t *j = json_loads(r.body, 0, NULL);
		json_t *e = json_object_get(j, "error");
		assert_string_equal(json_string_value(json_object_get(e, "code")), cases[i].code);
		if (cases[i].field)
			assert_string_equal(json_string_value(json_object_get(e, "field")),
			                    cases[i].field);
		json_decref(j);
		http_resp_free(&r);
	}
	assert_int_equal(feedback_rows("x"), 0);
}

static void test_error_language(void **state)
{
	char url[256];
	snprintf(url, sizeof url, "%s/api/v1/feedback", srv.base);
	static const char *const mn[] = {"Content-Type: application/json",
	                                 "Accept-Language: mn-Mong", NULL};
	struct http_resp r = http_do("POST", url, mn, "{}", 2);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "ᠡᠨᠡ ᠵᠦᠢᠯ")); /* "this item" … must be filled */
	http_resp_free(&r);
	snprintf(url, sizeof url, "%s/api/v1/feedback?lang=zh", srv.base);
	r = http_do("POST", url, mn, "{}", 2);
	assert_non_null(strstr(r.body, "此项必填")); /* ?lang= beats the header */
	http_resp_free(&r);
}

/* Reads the CSRF cookie and the form's hidden _csrf field from a page. */
static void form_csrf(const char *path, char *cookie_header, size_t cap, char *token, size_t tcap)
{
	struct http_resp r = http_get(&srv, path);
	assert_int_equal(r.status, 200);
	const char *set = http_header(&r, "Set-Cookie");
	assert_non_null(set);
	assert_non_null(strstr(set, "HttpOnly"));
	const char *semi = strchr(set, ';');
	snprintf(cookie_header, cap, "Cookie: %.*s", (int)(semi - set), set);
	const char *field = strstr(r.body, "name=\"_csrf\" value=\"");
	assert_non_null(field);
	field += strlen("name=\"_csrf\" value=\"");
	snprintf(token, tcap, "%.*s", (int)(strchr(field, '"') - field), field);
	http_resp_free(&r);
}

static void test_feedback_form(void **state)
{
	char url[256], cookie[256], token[80], body[512];
	form_csrf("/feedback", cookie, sizeof cookie, token, sizeof token);
	snprintf(url, sizeof url, "%s/feedback", srv.base);
	const char *const h[] = {"Content-Type: application/x-www-form-urlencoded", cookie, NULL};
	snprintf(body, sizeof body,
	         "body=%%E8%%A1%%A8%%E5%%8D%%95%%E5%%8F%%8D%%E9%%A6%%88&lang=mn&contact=&_csrf=%s",
	         token);
	struct http_resp r = http_do("POST", url, h, body, strlen(body));
	assert_int_equal(r.status, 303);
	assert_string_equal(http_header(&r, "Location"), "/feedback?sent=1");
	http_resp_free(&r);
	assert_int_equal(feedback_rows("表单反馈"), 1);
	/* multipart too */
	char mh_ctype[] = "Content-Type: multipart/form-data; boundary=XyZ";
	const char *const mh[] = {mh_ctype, cookie, NULL};
	char mbody[512];
	snprintf(mbody, sizeof mbody,
	         "--XyZ\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\n"
	         "multipart feedback\r\n--XyZ\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n"
	         "\r\n%s\r\n--XyZ--\r\n",
	         token);
	r = http_do("POST", url, mh, mbody, strlen(mbody));
	assert_int_equal(r.status, 303);
	http_resp_free(&r);
	assert_int_equal(feedback_rows("multipart feedback"), 1);
	/* without the token, or with another one, nothing is stored */
	const char *const nocookie[] = {"Content-Type: application/x-www-form-urlencoded", NULL};
	const char *forged = "body=forged&_csrf=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
	r = http_do("POST", url, nocookie, forged, strlen(forged));
	assert_int_equal(r.status, 403);
	http_resp_free(&r);
	r = http_do("POST", url, h, forged, strlen(forged));
	assert_int_equal(r.status, 403);
	http_resp_free(&r);
	assert_int_equal(feedback_rows("forged"), 0);
	/* an API route takes a visitor's browser form only with the token too: a page elsewhere
	 * cannot sign someone in or send codes (or post feedback) through the API form path */
	const char *const api_paths[] = {"/api/v1/sessions", "/api/v1/auth/sms-code"};
	const char *cross = "body=forged&login=a&password=b&phone=13800000000";
	for (size_t i = 0; i < sizeof api_paths / sizeof api_paths[0]; i++) {
		snprintf(url, sizeof url, "%s%s", srv.base, api_paths[i]);
		r = http_do("POST", url, nocookie, cross, strlen(cross));
		assert_int_equal(r.status, 403);
		assert_non_null(strstr(r.body, "\"csrf_failed\""));
		http_resp_free(&r);
	}
	/* with the cookie and its token the form gets through to the handler (a wrong password) */
	snprintf(url, sizeof url, "%s/api/v1/sessions", srv.base);
	snprintf(body, sizeof body, "login=nobody&password=wrong-password-1&_csrf=%s", token);
	r = http_do("POST", url, h, body, strlen(body));
	assert_int_equal(r.status, 401);
	http_resp_free(&r);
}

static void test_pages(void **state)
{
	struct http_resp r = http_get(&srv, "/regions/1525");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(http_header(&r, "Content-Type"), "text/html"));
	assert_non_null(strstr(r.body, "锡林郭勒盟"));
	assert_non_null(strstr(r.body, "href=\"/regions/152502\""));
	assert_non_null(strstr(r.body, "lang=\"zh-Hans\""));
	assert_non_null(http_header(&r, "Content-Security-Policy"));
	http_resp_free(&r);

	r = http_get(&srv, "/regions/1525?lang=mn");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<html lang=\"mn-Mong\""));
	assert_non_null(strstr(r.body, "class=\"page mn\" lang=\"mn-Mong\""));
	assert_non_null(strstr(r.body, "ᠰᠢᠯᠢ"));
	assert_non_null(strstr(http_header(&r, "Set-Cookie"), "lang=mn"));
	http_resp_free(&r);

	/* the cookie keeps the language */
	char url[256];
	snprintf(url, sizeof url, "%s/feedback", srv.base);
	static const char *const cookie[] = {"Cookie: lang=mn", NULL};
	r = http_do("GET", url, cookie, NULL, 0);
	assert_non_null(strstr(r.body, "<html lang=\"mn-Mong\""));
	http_resp_free(&r);

	r = http_get(&srv, "/");
	assert_int_equal(r.status, 200);
	http_resp_free(&r);
	r = http_get(&srv, "/regions");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "内蒙古自治区"));
	http_resp_free(&r);
	r = http_get(&srv, "/regions/152502000000"); /* a village-level code that does not exist */
	assert_int_equal(r.status, 404);
	http_resp_free(&r);
}

static void test_escaping(void **state)
{
	struct http_resp r = http_get(&srv, "/regions?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22");
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "<script>"));
	assert_non_null(strstr(r.body, "&lt;script&gt;alert(1)&lt;/script&gt;&quot;"));
	http_resp_free(&r);
}

/* Region answers are reused from the response cache: same bytes, an ETag that answers 304,
 * and no mixing of languages under one URL. */
static void test_response_cache(void **state)
{
	struct http_resp first = http_get(&srv, "/regions/1507");
	struct http_resp second = http_get(&srv, "/regions/1507");
	assert_int_equal(first.status, 200);
	assert_int_equal(second.status, 200);
	assert_string_equal(first.body, second.body);
	char etag[64];
	snprintf(etag, sizeof etag, "%s", http_header(&second, "ETag"));
	assert_true(strlen(etag) > 2);
	http_resp_free(&first);
	http_resp_free(&second);

	char url[256], inm[128];
	snprintf(url, sizeof url, "%s/regions/1507", srv.base);
	snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
	const char *const h[] = {inm, NULL};
	struct http_resp r = http_do("GET", url, h, NULL, 0);
	assert_int_equal(r.status, 304);
	http_resp_free(&r);

	static const char *const mn[] = {"Cookie: lang=mn", NULL};
	r = http_do("GET", url, mn, NULL, 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<html lang=\"mn-Mong\""));
	assert_string_not_equal(http_header(&r, "ETag"), etag);
	http_resp_free(&r);
	r = http_get(&srv, "/regions/1507");
	assert_non_null(strstr(r.body, "<html lang=\"zh-Hans\""));
	http_resp_free(&r);

	r = http_get(&srv, "/metrics");
	const char *hits = strstr(r.body, "tala_http_cache_lookups_total{result=\"hit\"} ");
	assert_non_null(hits);
	assert_true(atoi(hits + strlen("tala_http_cache_lookups_total{result=\"hit\"} ")) >= 2);
	http_resp_free(&r);
}

int main(int argc, char **argv)
{
	tala_bin = argv[1];
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_healthz),
	    cmocka_unit_test(test_region_detail),
	    cmocka_unit_test(test_region_children_and_paging),
	    cmocka_unit_test(test_region_search),
	    cmocka_unit_test(test_region_errors),
	    cmocka_unit_test(test_feedback_json),
	    cmocka_unit_test(test_feedback_invalid),
	    cmocka_unit_test(test_error_language),
	    cmocka_unit_test(test_feedback_form),
	    cmocka_unit_test(test_pages),
	    cmocka_unit_test(test_escaping),
	    cmocka_unit_test(test_response_cache),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
