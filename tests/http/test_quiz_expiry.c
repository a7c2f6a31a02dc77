/* test_quiz_expiry.c: the background expiry end to end against a real `tala serve` with
 * quiz.grace_ms=0 and quiz.expire_seconds=1 — a participant starts an attempt of a campaign
 * with the shortest time limit (10 s), answers two of five questions rightly and one
 * wrongly, and never comes back; without any further request of theirs the attempt becomes
 * `expired`, scored 2 from its answered items with the deadline as its end, and appears on
 * the overall and league leaderboards; an answer sent afterwards is refused (409 deadline_passed).
 * An attempt still within its time stays active meanwhile. */
#include "quiz_fixture.h"

#include <signal.h>
#include <unistd.h>

static struct server srv;
static const char *dir;
static struct creds qm, p1, p2;

static int setup(void **state)
{
	(void)state;
	dir = harness_data_dir();
	fx_bank(dir, 6);
	harness_user_add(dir, "qm", QPASS, NULL, "quiz_manager", "15");
	fx_participant(dir, "p1", "13800000001", "150102");
	fx_participant(dir, "p2", "13800000002", "150203");
	server_start(&srv, dir, "auth.argon2_m_kib=64", "auth.argon2_t=1", "quiz.grace_ms=0",
	             "quiz.expire_seconds=1", NULL);
	assert_int_equal(harness_sign_in(&srv, "qm", QPASS, &qm), 201);
	assert_int_equal(harness_sign_in(&srv, "p1", QPASS, &p1), 201);
	assert_int_equal(harness_sign_in(&srv, "p2", QPASS, &p2), 201);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	assert_int_equal(server_stop(&srv, SIGTERM), 0);
	return 0;
}

static int64_t make_campaign(int time_limit_s)
{
	int64_t now = fx_now_ms();
	char body[1024];
	snprintf(body, sizeof body,
	         "{\"title_zh\":\"限时竞赛\",\"title_mn\":\"ᠤᠷᠠᠯᠳᠤᠭᠠᠨ\",\"region\":\"15\","
	         "\"opens_at\":%lld,\"closes_at\":%lld,\"time_limit_s\":%d,\"pass_mark\":1,"
	         "\"prizes\":1,\"draws\":\"sci:2; tf:1; multi:1; fill:1\"}",
	         (long long)(now - 1000), (long long)(now + 3600000), time_limit_s);
	long st;
	json_t *j = fx_call(&srv, &qm, "POST", "/api/v1/quiz/campaigns", body, &st);
	assert_int_equal(st, 201);
	int64_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	return id;
}

/* The attempt's state as its participant sees it (NULL unless 200). */
static json_t *state_of(const struct creds *c, int64_t id, const char *token)
{
	char path[256];
	snprintf(path, sizeof path, "/api/v1/quiz/attempts/%lld?token=%s", (long long)id, token);
	long st;
	json_t *j = fx_call(&srv, c, "GET", path, NULL, &st);
	if (st != 200) {
		json_decref(j);
		return NULL;
	}
	return j;
}

static long put_answer(const struct creds *c, int64_t id, int pos, const char *body)
{
	char path[128];
	snprintf(path, sizeof path, "/api/v1/quiz/attempts/%lld/answers/%d", (long long)id, pos);
	struct http_resp r = http_as(&srv, c, "PUT", path, "application/json", body);
	long st = r.status;
	http_resp_free(&r);
	return st;
}

static void test_expiry(void **state)
{
	(void)state;
	int64_t cid = make_campaign(10), long_cid = make_campaign(3600);
	char body[64];
	snprintf(body, sizeof body, "{\"campaign_id\":%lld}", (long long)cid);
	long st;
	json_t *a = fx_call(&srv, &p1, "POST", "/api/v1/quiz/attempts", body, &st);
	assert_int_equal(st, 201);
	int64_t id = json_integer_value(json_object_get(a, "id"));
	char token[64];
	snprintf(token, sizeof token, "%s", json_string_value(json_object_get(a, "token")));
	int64_t deadline = json_integer_value(json_object_get(a, "deadline_at"));
	int64_t started = json_integer_value(json_object_get(a, "started_at"));
	assert_int_equal(deadline - started, 10000);
	json_t *items = json_object_get(a, "items");
	assert_int_equal(json_array_size(items), 5);
	for (int i = 0; i < 3; i++) { /* two right, one wrong, two unanswered */
		char *b = fx_answer_body(dir, id, json_array_get(items, (size_t)i), i < 2, token);
		assert_int_equal(put_answer(&p1, id, i + 1, b), 200);
		free(b);
	}
	/* p2 takes the hour-long campaign meanwhile: it must stay active */
	snprintf(body, sizeof body, "{\"campaign_id\":%lld}", (long long)long_cid);
	json_t *b2 = fx_call(&srv, &p2, "POST", "/api/v1/quiz/attempts", body, &st);
	assert_int_equal(st, 201);
	int64_t id2 = json_integer_value(json_object_get(b2, "id"));
	char token2[64];
	snprintf(token2, sizeof token2, "%s", json_string_value(json_object_get(b2, "token")));

	/* p1 does nothing more; wait (bounded) for the server to close the attempt */
	json_t *s = NULL;
	for (int tries = 0; tries < 600; tries++) {
		s = state_of(&p1, id, token);
		assert_non_null(s);
		if (strcmp(json_string_value(json_object_get(s, "status")), "active") != 0)
			break;
		json_decref(s);
		s = NULL;
		usleep(100 * 1000);
	}
	assert_non_null(s);
	assert_string_equal(json_string_value(json_object_get(s, "status")), "expired");
	assert_int_equal(json_integer_value(json_object_get(s, "score")), 2);
	assert_int_equal(json_integer_value(json_object_get(s, "finished_at")), deadline);
	assert_true(fx_now_ms() > deadline);
	json_decref(s);

	/* on the boards, overall and in p1's league */
	const char *groups[] = {"", "?group=1501"};
	for (int g = 0; g < 2; g++) {
		char path[160];
		snprintf(path, sizeof path, "/api/v1/quiz/campaigns/%lld/leaderboard%s",
		         (long long)cid, groups[g]);
		struct http_resp r = http_get(&srv, path);
		assert_int_equal(r.status, 200);
		json_t *board = fx_json(&r);
		http_resp_free(&r);
		assert_int_equal(json_integer_value(json_object_get(board, "total")), 1);
		json_t *row = json_array_get(json_object_get(board, "items"), 0);
		assert_string_equal(json_string_value(json_object_get(row, "region")), "150102");
		assert_int_equal(json_integer_value(json_object_get(row, "duration_ms")),
		                 deadline - started);
		assert_int_equal(json_integer_value(json_object_get(row, "score")), 2);
		json_decref(board);
	}

	/* an answer now is refused */
	char *late = fx_answer_body(dir, id, json_array_get(items, 3), true, token);
	char path[128];
	snprintf(path, sizeof path, "/api/v1/quiz/attempts/%lld/answers/4", (long long)id);
	struct http_resp r = http_as(&srv, &p1, "PUT", path, "application/json", late);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "deadline_passed"));
	http_resp_free(&r);
	free(late);

	/* the hour-long attempt was left alone */
	json_t *s2 = state_of(&p2, id2, token2);
	assert_non_null(s2);
	assert_string_equal(json_string_value(json_object_get(s2, "status")), "active");
	json_decref(s2);
	json_decref(b2);
	json_decref(a);
}

/* The first row of sql as text ("" when none). */
static void query_text(const char *sql, char *out, size_t cap)
{
	char path[320];
	snprintf(path, sizeof path, "%s/tala.db", dir);
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	out[0] = '\0';
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* With the expiry off, a start refused because the attempts are used up still closes the
 * participant's timed-out attempt, and its audit entry says so, naming that attempt. */
static void test_refused_start_audit(void **state)
{
	(void)state;
	assert_int_equal(server_stop(&srv, SIGTERM), 0);
	server_start(&srv, dir, "auth.argon2_m_kib=64", "auth.argon2_t=1", "quiz.grace_ms=0",
	             "quiz.expire_seconds=0", NULL);
	assert_int_equal(harness_sign_in(&srv, "qm", QPASS, &qm), 201);
	assert_int_equal(harness_sign_in(&srv, "p1", QPASS, &p1), 201);
	int64_t cid = make_campaign(600); /* one attempt allowed */
	char body[64];
	snprintf(body, sizeof body, "{\"campaign_id\":%lld}", (long long)cid);
	long st;
	json_t *a = fx_call(&srv, &p1, "POST", "/api/v1/quiz/attempts", body, &st);
	assert_int_equal(st, 201);
	int64_t id = json_integer_value(json_object_get(a, "id"));
	json_decref(a);
	/* its time runs out (moved into the past rather than waited for) */
	char sql[256];
	snprintf(sql, sizeof sql,
	         "UPDATE quiz_attempts SET deadline_at = started_at + 1 WHERE id = %lld",
	         (long long)id);
	fx_exec(dir, sql);
	json_t *r = fx_call(&srv, &p1, "POST", "/api/v1/quiz/attempts", body, &st);
	assert_int_equal(st, 409);
	assert_string_equal(json_string_value(json_object_get(json_object_get(r, "error"), "code")),
	                    "attempts_used");
	json_decref(r);
	char out[128], want[64];
	snprintf(sql, sizeof sql, "SELECT status FROM quiz_attempts WHERE id = %lld",
	         (long long)id);
	query_text(sql, out, sizeof out);
	assert_string_equal(out, "expired");
	query_text("SELECT action || ' ' || object_type || ' ' || object_id FROM audit_log"
	           " ORDER BY id DESC LIMIT 1",
	           out, sizeof out);
	snprintf(want, sizeof want, "quiz.attempt.expire quiz_attempt %lld", (long long)id);
	assert_string_equal(out, want);
}

int main(int argc, char **argv)
{
	(void)argc;
	tala_bin = argv[1];
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_expiry),
	                                   cmocka_unit_test(test_refused_start_audit)};
	return cmocka_run_group_tests(tests, setup, teardown);
}
