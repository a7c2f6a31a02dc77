/* test_badinput.c: bad requests get a clear 4xx, change nothing, and the server keeps
 * serving — oversized headers and bodies, invalid UTF-8 in path, query and form, unknown
 * routes, wrong methods, malformed JSON, unsupported media types, rate limits. */
#include "harness.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct server srv;

static int setup(void **state)
{
	server_start(&srv, harness_data_dir(), "server.max_body_bytes=4096",
	             "server.max_header_bytes=8192", "feedback.rate_per_minute=0", NULL);
	return 0;
}

static int teardown(void **state)
{
	assert_int_equal(server_stop(&srv, SIGTERM), 0);
	return 0;
}

static void assert_still_serving(void)
{
	struct http_resp r = http_get(&srv, "/healthz");
	assert_int_equal(r.status, 200);
	http_resp_free(&r);
}

static void test_oversized_headers(void **state)
{
	size_t n = 20000;
	char *req = malloc(n + 200);
	int len = snprintf(req, 200, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ");
	memset(req + len, 'a', n);
	memcpy(req + len + n, "\r\n\r\n", 5);
	char reply[4096];
	int status = http_raw_status(&srv, req, (size_t)len + n + 4, reply, sizeof reply);
	assert_int_equal(status, 431);
	free(req);
	assert_still_serving();
}

static void test_oversized_body(void **state)
{
	size_t n = 10000;
	char *body = malloc(n + 1);
	memset(body, 'x', n);
	body[n] = '\0';
	char *json = malloc(n + 32);
	snprintf(json, n + 32, "{\"body\":\"%s\"}", body);
	struct http_resp r = http_post_json(&srv, "/api/v1/feedback", json);
	assert_int_equal(r.status, 413);
	assert_non_null(strstr(r.body, "\"body_too_large\""));
	http_resp_free(&r);
	/* chunked: no Content-Length, the cap applies while reading */
	char url[256];
	snprintf(url, sizeof url, "%s/api/v1/feedback", srv.base);
	static const char *const h[] = {"Content-Type: application/json",
	                                "Transfer-Encoding: chunked", NULL};
	r = http_do("POST", url, h, json, strlen(json));
	assert_int_equal(r.status, 413);
	http_resp_free(&r);
	free(body);
	free(json);
	assert_still_serving();
}

static void test_invalid_utf8(void **state)
{
	char reply[8192];
	/* percent-encoded invalid UTF-8 in the path */
	const char *a = "GET /regions/%FF%FE HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
	assert_int_equal(http_raw_status(&srv, a, strlen(a), reply, sizeof reply), 400);
	/* raw invalid bytes in the path */
	const char *b = "GET /regions/\xC0\xAF HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
	assert_int_equal(http_raw_status(&srv, b, strlen(b), reply, sizeof reply), 400);
	/* an encoded NUL */
	const char *c = "GET /regions/15%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
	assert_int_equal(http_raw_status(&srv, c, strlen(c), reply, sizeof reply), 400);
	/* in the query: the error names the field */
	struct http_resp r = http_get(&srv, "/api/v1/regions?q=%ED%A0%80");
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "\"field\":\"q\""));
	http_resp_free(&r);
	/* in a form body */
	char url[256];
	snprintf(url, sizeof url, "%s/api/v1/feedback", srv.base);
	static const char *const h[] = {"Content-Type: application/x-www-form-urlencoded", NULL};
	const char *body = "body=%C3%28";
	r = http_do("POST", url, h, body, strlen(body));
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "\"field\":\"body\""));
	http_resp_free(&r);
	/* in JSON (jansson rejects it) */
	const char bad_json[] = "{\"body\":\"\xFF\"}";
	static const char *const jh[] = {"Content-Type: application/json", NULL};
	r = http_do("POST", url, jh, bad_json, sizeof bad_json - 1);
	assert_int_equal(r.status, 400);
	http_resp_free(&r);
	assert_still_serving();
}

static void test_unknown_route(void **state)
{
	char url[256];
	snprintf(url, sizeof url, "%s/no/such/page", srv.base);
	static const char *const mn[] = {"Accept-Language: mn", NULL};
	struct http_resp r = http_do("GET", url, mn, NULL, 0);
	assert_int_equal(r.status, 404);
	assert_non_null(strstr(http_header(&r, "Content-Type"), "text/html"));
	assert_non_null(strstr(r.body, "ᠣᠯᠤᠭᠰᠠᠨ ᠦᠭᠡᠢ")); /* Mongolian "not found" */
	http_resp_free(&r);
	static const char *const zh[] = {"Accept-Language: zh-CN,zh;q=0.9", NULL};
	r = http_do("GET", url, zh, NULL, 0);
	assert_int_equal(r.status, 404);
	assert_non_null(strstr(r.body, "找不到"));
	http_resp_free(&r);
	r = http_get(&srv, "/api/v1/nothing");
	assert_int_equal(r.status, 404);
	assert_non_null(strstr(r.body, "\"code\":\"not_found\""));
	http_resp_free(&r);
}

static void test_wrong_method(void **state)
{
	char url[256];
	snprintf(url, sizeof url, "%s/api/v1/regions/15", srv.base);
	struct http_resp r = http_do("DELETE", url, NULL, NULL, 0);
	assert_int_equal(r.status, 405);
	assert_string_equal(http_header(&r, "Allow"), "GET, HEAD");
	assert_non_null(strstr(r.body, "method_not_allowed"));
	http_resp_free(&r);
	snprintf(url, sizeof url, "%s/feedback", srv.base);
	r = http_do("PUT", url, NULL, NULL, 0);
	assert_int_equal(r.status, 405);
	const char *allow = http_header(&r, "Allow");
	assert_non_null(strstr(allow, "GET"));
	assert_non_null(strstr(allow, "POST"));
	http_resp_free(&r);
	/* HEAD works where GET does */
	snprintf(url, sizeof url, "%s/api/v1/regions/15", srv.base);
	r = http_do("HEAD", url, NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	http_resp_free(&r);
}

static void test_malformed_json(void **state)
{
	struct http_resp r = http_post_json(&srv, "/api/v1/feedback", "{\"body\": \"x\",}");
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "\"code\":\"malformed_json\""));
	assert_non_null(strstr(r.body, "position 14"));
	http_resp_free(&r);
	r = http_post_json(&srv, "/api/v1/feedback", "{\"body\":\"a\",\"body\":\"b\"}");
	assert_int_equal(r.status, 400);
	http_resp_free(&r);
}

static void test_unsupported_media_type(void **state)
{
	char url[256];
	snprintf(url, sizeof url, "%s/api/v1/feedback", srv.base);
	static const char *const h[] = {"Content-Type: text/csv", NULL};
	struct http_resp r = http_do("POST", url, h, "a,b", 3);
	assert_int_equal(r.status, 415);
	http_resp_free(&r);
	static const char *const mp[] = {"Content-Type: multipart/form-data", NULL};
	r = http_do("POST", url, mp, "--x\r\n", 5);
	assert_int_equal(r.status, 400);
	http_resp_free(&r);
}

static void test_rate_limit(void **state)
{
	struct server limited;
	server_start(&limited, harness_data_dir(), "feedback.rate_per_minute=3", NULL);
	long statuses[5];
	for (int i = 0; i < 5; i++) {
		struct http_resp r = http_post_json(&limited, "/api/v1/feedback",
		                                    "{\"body\":\"rate limited message\"}");
		statuses[i] = r.status;
		if (i == 4)
			assert_non_null(http_header(&r, "Retry-After"));
		http_resp_free(&r);
	}
	for (int i = 0; i < 3; i++)
		assert_int_equal(statuses[i], 201);
	assert_int_equal(statuses[3], 429);
	assert_int_equal(statuses[4], 429);
	/* reads are not limited */
	struct http_resp r = http_get(&limited, "/api/v1/regions/15");
	assert_int_equal(r.status, 200);
	http_resp_free(&r);
	assert_int_equal(server_stop(&limited, SIGTERM), 0);
}

static void test_garbage_request(void **state)
{
	char reply[4096];
	const char *junk = "\x01\x02\x03 garbage \r\n\r\n";
	int status = http_raw_status(&srv, junk, strlen(junk), reply, sizeof reply);
	assert_true(status == 0 || (status >= 400 && status < 500));
	assert_still_serving();
}

int main(int argc, char **argv)
{
	tala_bin = argv[1];
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_oversized_headers),      cmocka_unit_test(test_oversized_body),
	    cmocka_unit_test(test_invalid_utf8),           cmocka_unit_test(test_unknown_route),
	    cmocka_unit_test(test_wrong_method),           cmocka_unit_test(test_malformed_json),
	    cmocka_unit_test(test_unsupported_media_type), cmocka_unit_test(test_rate_limit),
	    cmocka_unit_test(test_garbage_request),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
