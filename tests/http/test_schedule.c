/* test_schedule.c: scheduled publishing and unpublishing happen without a request — a
 * reviewer approves an article for a moment a few seconds ahead; with no further request
 * to the server the article becomes published (read straight from the database, audited as
 * the system's sweep); then an unpublish time is set and, again without requests, the
 * article is archived, and the portal (whose page cache follows the content generation)
 * no longer shows it. The waits poll the database with a generous upper bound; nothing
 * asserts how fast the scheduler is. */
#include "harness.h"

#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#define PASSWORD "Steppe-Wind-2024"
#define JSON     "application/json"
#define LEAD_MS  3000  /* how far ahead the schedule is set */
#define WAIT_MAX 60000 /* ms polled at most before the test gives up */

static struct server srv;
static const char *dir;
static struct creds ed, rev;

static int setup(void **state)
{
	dir = harness_data_dir();
	harness_user_add(dir, "ed", PASSWORD, NULL, "editor", "15");
	harness_user_add(dir, "rev", PASSWORD, NULL, "reviewer", "15");
	/* the scheduler's longest wait is far beyond the test: only the due time wakes it */
	server_start(&srv, dir, "auth.argon2_m_kib=64", "auth.argon2_t=1",
	             "content.schedule_seconds=3600", NULL);
	assert_int_equal(harness_sign_in(&srv, "ed", PASSWORD, &ed), 201);
	assert_int_equal(harness_sign_in(&srv, "rev", PASSWORD, &rev), 201);
	return 0;
}

static int teardown(void **state)
{
	assert_int_equal(server_stop(&srv, SIGTERM), 0);
	return 0;
}

static long long now_ms(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (long long)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

static json_t *call(const struct creds *c, const char *method, const char *path, const char *body,
                    long want)
{
	struct http_resp r = http_as(&srv, c, method, path, body ? JSON : NULL, body);
	if (r.status != want)
		fail_msg("%s %s: %ld, want %ld: %s", method, path, r.status, want, r.body);
	json_t *j = json_loads(r.body, 0, NULL);
	http_resp_free(&r);
	return j;
}

static int64_t status_is(long id, const char *status)
{
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM articles WHERE id = %ld AND status = '%s'",
	         id, status);
	return harness_db_int(dir, sql);
}

/* Polls the database (not the server) until the article has status; fails after WAIT_MAX. */
static void await_status(long id, const char *status)
{
	for (int waited = 0; waited < WAIT_MAX; waited += 50) {
		if (status_is(id, status) == 1)
			return;
		usleep(50 * 1000);
	}
	fail_msg("article %ld never became %s", id, status);
}

static void test_publish_and_unpublish_on_time(void **state)
{
	json_t *j = call(&ed, "POST", "/api/v1/articles",
	                 "{\"site\":\"nmg\",\"column\":\"news\",\"zh\":{\"title\":\"定时\","
	                 "\"body\":\"<p>定时发布</p>\"}}",
	                 201);
	long id = (long)json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	char path[96], body[160];
	snprintf(path, sizeof path, "/api/v1/articles/%ld/transition", id);
	json_decref(call(&ed, "POST", path, "{\"to\":\"review\"}", 200));
	long long due = now_ms() + LEAD_MS;
	snprintf(body, sizeof body, "{\"to\":\"published\",\"publish_at\":%lld}", due);
	j = call(&rev, "POST", path, body, 200);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "review");
	json_decref(j);
	/* not before its time ... */
	assert_int_equal(status_is(id, "review"), 1);
	/* ... and then with no request at all */
	await_status(id, "published");
	assert_true(now_ms() >= due);
	assert_int_equal(harness_db_int(dir,
	                                "SELECT count(*) FROM audit_log"
	                                " WHERE action = 'content.sweep' AND actor = 'system'"),
	                 1);
	char page[64];
	snprintf(page, sizeof page, "/s/nmg/a/%ld", id);
	struct http_resp r = http_get(&srv, page);
	assert_int_equal(r.status, 200);
	http_resp_free(&r);
	/* the unpublish time, set through an update */
	snprintf(path, sizeof path, "/api/v1/articles/%ld", id);
	j = call(&ed, "GET", path, NULL, 200);
	long version = (long)json_integer_value(json_object_get(j, "version"));
	json_decref(j);
	due = now_ms() + LEAD_MS;
	char upd[320];
	snprintf(upd, sizeof upd,
	         "{\"version\":%ld,\"column\":\"news\",\"unpublish_at\":%lld,"
	         "\"zh\":{\"title\":\"定时\",\"body\":\"<p>定时发布</p>\"}}",
	         version, due);
	json_decref(call(&ed, "PUT", path, upd, 200));
	assert_int_equal(status_is(id, "published"), 1);
	await_status(id, "archived");
	assert_true(now_ms() >= due);
	/* the portal's cached page went with it */
	r = http_get(&srv, page);
	assert_int_equal(r.status, 404);
	http_resp_free(&r);
}

int main(int argc, char **argv)
{
	tala_bin = argv[1];
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_publish_and_unpublish_on_time),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
