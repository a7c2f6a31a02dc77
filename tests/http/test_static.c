/* test_static.c: static files (content types, ETag → 304, long caching only for versioned
 * links, the Mongolian font), /metrics and clean shutdown with requests in flight. */
#include "harness.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static struct server srv;

static int setup(void **state)
{
	server_start(&srv, harness_data_dir(), "feedback.rate_per_minute=0", NULL);
	return 0;
}

static int teardown(void **state)
{
	if (srv.pid)
		assert_int_equal(server_stop(&srv, SIGTERM), 0);
	return 0;
}

static void test_css_etag(void **state)
{
	struct http_resp r = http_get(&srv, "/static/css/tala.css");
	assert_int_equal(r.status, 200);
	assert_string_equal(http_header(&r, "Content-Type"), "text/css; charset=utf-8");
	assert_non_null(strstr(r.body, "writing-mode: vertical-lr"));
	char etag[64];
	snprintf(etag, sizeof etag, "%s", http_header(&r, "ETag"));
	assert_true(strlen(etag) > 2 && etag[0] == '"');
	assert_string_equal(http_header(&r, "Cache-Control"), "public, no-cache");
	http_resp_free(&r);

	char url[256], inm[128];
	snprintf(url, sizeof url, "%s/static/css/tala.css", srv.base);
	snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
	const char *const h[] = {inm, NULL};
	r = http_do("GET", url, h, NULL, 0);
	assert_int_equal(r.status, 304);
	assert_int_equal(r.len, 0);
	http_resp_free(&r);

	static const char *const stale[] = {"If-None-Match: \"0000\"", NULL};
	r = http_do("GET", url, stale, NULL, 0);
	assert_int_equal(r.status, 200);
	http_resp_free(&r);

	/* the versioned link the layout writes is cached for a year */
	char path[128];
	snprintf(path, sizeof path, "/static/css/tala.css?v=%.*s", (int)strlen(etag) - 2, etag + 1);
	r = http_get(&srv, path);
	assert_int_equal(r.status, 200);
	assert_string_equal(http_header(&r, "Cache-Control"),
	                    "public, max-age=31536000, immutable");
	http_resp_free(&r);
	r = http_get(&srv, "/regions");
	assert_non_null(strstr(r.body, path));
	http_resp_free(&r);
}

static void test_font(void **state)
{
	struct http_resp r = http_get(&srv, "/static/fonts/NotoSansMongolian-Regular.ttf");
	assert_int_equal(r.status, 200);
	assert_string_equal(http_header(&r, "Content-Type"), "font/ttf");
	assert_true(r.len > 10000);
	http_resp_free(&r);
}

static void test_static_not_found(void **state)
{
	static const char *const paths[] = {"/static/nope.css", "/static/../src/main.c",
	                                    "/static/css/../../README.md", "/static/"};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		struct http_resp r = http_get(&srv, paths[i]);
		assert_int_equal(r.status, 404);
		http_resp_free(&r);
	}
}

static void test_metrics(void **state)
{
	struct http_resp r = http_get(&srv, "/api/v1/regions/15");
	http_resp_free(&r);
	r = http_post_json(&srv, "/api/v1/feedback", "{\"body\":\"metrics\"}");
	assert_int_equal(r.status, 201);
	http_resp_free(&r);
	r = http_get(&srv, "/metrics");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "tala_http_requests_total{method=\"GET\",route=\"/api/v1/"
	                               "regions/:code\",status=\"200\"} "));
	assert_non_null(strstr(r.body, "tala_http_requests_total{method=\"POST\",route=\"/api/v1/"
	                               "feedback\",status=\"201\"} 1"));
	assert_non_null(strstr(r.body, "tala_http_request_duration_seconds_bucket{route=\"/api/v1/"
	                               "regions/:code\",method=\"GET\",le=\"+Inf\"} "));
	assert_non_null(strstr(r.body, "tala_store_queue_depth "));
	assert_non_null(strstr(r.body, "tala_store_batch_size_bucket{le=\"1\"} "));
	assert_non_null(strstr(r.body, "tala_store_writes_total "));
	http_resp_free(&r);
}

/* SIGTERM while writes are in flight: the server finishes them, answers requests that arrive
 * meanwhile with a whole 503, and exits 0. */
static void test_clean_shutdown(void **state)
{
	pid_t kids[4];
	int pipefd[2];
	assert_int_equal(pipe(pipefd), 0);
	for (int k = 0; k < 4; k++) {
		kids[k] = fork();
		if (kids[k] == 0) {
			int ok = 0;
			for (int i = 0; i < 200; i++) {
				struct http_resp r = http_post_json(&srv, "/api/v1/feedback",
				                                    "{\"body\":\"shutdown\"}");
				long st = r.status;
				http_resp_free(&r);
				if (st == 201)
					ok++;
				else if (st == 0 || st == 503)
					break; /* stopping (a whole 503 answer) or gone (refused) */
				else
					_exit(1); /* a half-answered request would show here */
			}
			_exit(0);
		}
	}
	close(pipefd[0]);
	close(pipefd[1]);
	usleep(200000);
	assert_int_equal(server_stop(&srv, SIGTERM), 0);
	for (int k = 0; k < 4; k++) {
		int status;
		waitpid(kids[k], &status, 0);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
}

int main(int argc, char **argv)
{
	tala_bin = argv[1];
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_css_etag),         cmocka_unit_test(test_font),
	    cmocka_unit_test(test_static_not_found), cmocka_unit_test(test_metrics),
	    cmocka_unit_test(test_clean_shutdown),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
