/* test_quiz.c: quiz campaigns and attempts end to end against a real `tala serve` — a
 * manager creates and edits a campaign (stale version 409, bad fields 400 with the field,
 * another region 403); participants with proven phones start, answer one at a time and all
 * at once, resume with a rotated token and finish; the server scores (the key is never sent
 * before the end, the result then shows it with explanations); someone else's attempt 403,
 * a wrong token 403, unknown options and malformed bodies 400, replaying a finished attempt
 * 409, answering after the close 409 in the caller's language, attempts used up 409, a
 * participant without a proven phone and a non-member 403; the leaderboard orders by score
 * then time, overall and per league, and drops an excluded attempt at once; the review
 * flags fast answers and identical answers from one network; the draw refuses before the
 * close, then is reproducible from the commitment and frozen list (in process and with
 * `tala quiz draw-verify`), and a tampered file fails verification; the pages take a
 * participant through a quiz with plain forms; the console lists campaigns for managers. */
#include "quiz_fixture.h"

#include "quiz/quiz.h"

#include <signal.h>
#include <unistd.h>

static struct server srv;
static const char *dir;
static struct creds qm, qm_out, p1, p2, p3, p4, nophone, citizen;

static int setup(void **state)
{
	(void)state;
	dir = harness_data_dir();
	fx_bank(dir, 6);
	harness_user_add(dir, "qm", QPASS, NULL, "quiz_manager", "15");
	harness_user_add(dir, "qmout", QPASS, NULL, "quiz_manager", "1502");
	fx_participant(dir, "p1", "13800000001", "150102");
	fx_participant(dir, "p2", "13800000002", "150203");
	fx_participant(dir, "p3", "13800000003", "150203");
	harness_user_add(dir, "nophone", QPASS, "13800000004", "citizen", "15");
	fx_participant(dir, "cit", "13800000005", "150102");
	fx_participant(dir, "p4", "13800000006", "150102");
	server_start(&srv, dir, "auth.argon2_m_kib=64", "auth.argon2_t=1", "quiz.grace_ms=0",
	             "quiz.answer_floor_ms=60000", NULL);
	struct creds *cs[] = {&qm, &qm_out, &p1, &p2, &p3, &nophone, &citizen, &p4};
	const char *logins[] = {"qm", "qmout", "p1", "p2", "p3", "nophone", "cit", "p4"};
	for (int i = 0; i < 8; i++)
		assert_int_equal(harness_sign_in(&srv, logins[i], QPASS, cs[i]), 201);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	assert_int_equal(server_stop(&srv, SIGTERM), 0);
	return 0;
}

/* Creates a campaign as qm; returns its id. */
static int64_t make_campaign_drawing(int64_t opens, int64_t closes, const char *draws,
                                     const char *extra)
{
	char body[1024];
	snprintf(body, sizeof body,
	         "{\"title_zh\":\"科普知识竞赛\",\"title_mn\":\"ᠮᠡᠳᠡᠯᠭᠡ ᠶᠢᠨ ᠤᠷᠠᠯᠳᠤᠭᠠᠨ\","
	         "\"rules_zh\":\"每人一次\",\"region\":\"15\",\"opens_at\":%lld,\"closes_at\":%lld,"
	         "\"time_limit_s\":600,\"pass_mark\":3,\"prizes\":2,"
	         "\"draws\":\"%s\"%s}",
	         (long long)opens, (long long)closes, draws, extra ? extra : "");
	long st;
	json_t *j = fx_call(&srv, &qm, "POST", "/api/v1/quiz/campaigns", body, &st);
	if (st != 201)
		fail_msg("create campaign: %ld %s", st, j ? json_dumps(j, 0) : "");
	int64_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	return id;
}

static int64_t make_campaign(int64_t opens, int64_t closes, const char *extra)
{
	return make_campaign_drawing(opens, closes, "sci:2; tf:1; multi:1; fill:1", extra);
}

struct attempt {
	int64_t id;
	char token[64];
	json_t *state;
};

static long start(const struct creds *c, int64_t campaign, struct attempt *a)
{
	char body[64];
	snprintf(body, sizeof body, "{\"campaign_id\":%lld}", (long long)campaign);
	long st;
	json_t *j = fx_call(&srv, c, "POST", "/api/v1/quiz/attempts", body, &st);
	memset(a, 0, sizeof *a);
	if (j && (st == 200 || st == 201)) {
		a->id = json_integer_value(json_object_get(j, "id"));
		snprintf(a->token, sizeof a->token, "%s",
		         json_string_value(json_object_get(j, "token")));
		a->state = j;
	} else if (j) {
		a->state = j;
	}
	return st;
}

static long answer(const struct creds *c, const struct attempt *a, int pos, const char *body)
{
	char path[128];
	snprintf(path, sizeof path, "/api/v1/quiz/attempts/%lld/answers/%d", (long long)a->id, pos);
	struct http_resp r = http_as(&srv, c, "PUT", path, "application/json", body);
	long st = r.status;
	if (st >= 400)
		print_message("answer %d: %ld %s (sent %s)\n", pos, st, r.body, body);
	http_resp_free(&r);
	return st;
}

static json_t *finish(const struct creds *c, const struct attempt *a, long *st)
{
	char path[128], body[128];
	snprintf(path, sizeof path, "/api/v1/quiz/attempts/%lld/finish", (long long)a->id);
	snprintf(body, sizeof body, "{\"token\":\"%s\"}", a->token);
	return fx_call(&srv, c, "POST", path, body, st);
}

/* Answers every item of a: the first `right` correctly, the rest wrongly. */
static void answer_all(const struct creds *c, struct attempt *a, int right)
{
	json_t *items = json_object_get(a->state, "items");
	for (size_t i = 0; i < json_array_size(items); i++) {
		json_t *it = json_array_get(items, i);
		char *b = fx_answer_body(dir, a->id, it, (int)i < right, a->token);
		assert_int_equal(answer(c, a, (int)(i + 1), b), 200);
		free(b);
	}
}

static void test_campaign_api(void **state)
{
	(void)state;
	int64_t now = fx_now_ms();
	int64_t id = make_campaign(now - 1000, now + 3600000, NULL);
	long st;
	char path[128];
	snprintf(path, sizeof path, "/api/v1/quiz/campaigns/%lld", (long long)id);
	struct http_resp r = http_get(&srv, path);
	assert_int_equal(r.status, 200);
	json_t *j = fx_json(&r);
	assert_int_equal(strlen(json_string_value(json_object_get(j, "commitment"))), 64);
	assert_null(json_object_get(j, "seed"));
	assert_null(json_object_get(j, "draws")); /* the drawing rules are the managers' */
	int64_t version = json_integer_value(json_object_get(j, "version"));
	json_decref(j);
	http_resp_free(&r);
	/* the commitment is SHA-256 of the stored seed */
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT length(seed) FROM quiz_campaigns WHERE id = %lld",
	         (long long)id);
	assert_int_equal(harness_db_int(dir, sql), 32);

	char body[1024];
	snprintf(
	    body, sizeof body,
	    "{\"version\":%lld,\"title_zh\":\"改名\",\"region\":\"15\",\"opens_at\":%lld,"
	    "\"closes_at\":%lld,\"pass_mark\":2,\"draws\":[{\"category\":\"sci\",\"count\":3}]}",
	    (long long)version, (long long)(now - 1000), (long long)(now + 3600000));
	j = fx_call(&srv, &qm, "PUT", path, body, &st);
	assert_int_equal(st, 200);
	assert_string_equal(json_string_value(json_object_get(j, "title_zh")), "改名");
	assert_int_equal(json_array_size(json_object_get(j, "draws")), 1);
	json_decref(j);
	/* the same version again is stale */
	j = fx_call(&srv, &qm, "PUT", path, body, &st);
	assert_int_equal(st, 409);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "code")),
	                    "stale_version");
	json_decref(j);

	/* bad input: each names its field; nothing is created */
	int64_t before = harness_db_int(dir, "SELECT count(*) FROM quiz_campaigns");
	static const struct {
		const char *body, *field;
		long status;
	} bad[] = {
	    {"{\"region\":\"15\",\"opens_at\":1,\"closes_at\":2,\"pass_mark\":1,\"draws\":\"sci:"
	     "1\"}",
	     "title_zh", 400},
	    {"{\"title_zh\":\"x\",\"region\":\"15\",\"opens_at\":2000000000000,\"closes_at\":"
	     "1000000000000,\"pass_mark\":1,\"draws\":\"sci:1\"}",
	     "closes_at", 400},
	    {"{\"title_zh\":\"x\",\"region\":\"15\",\"opens_at\":1000000000000,\"closes_at\":"
	     "2000000000000,\"pass_mark\":1,\"draws\":\"sci\"}",
	     "draws", 400},
	    {"{\"title_zh\":\"x\",\"region\":\"99\",\"opens_at\":1000000000000,\"closes_at\":"
	     "2000000000000,\"pass_mark\":1,\"draws\":\"sci:1\"}",
	     "region", 400},
	    {"{\"title_zh\":\"x\",\"region\":\"15\",\"opens_at\":\"tomorrow\",\"closes_at\":"
	     "2000000000000,\"pass_mark\":1,\"draws\":\"sci:1\"}",
	     "opens_at", 400},
	    {"{\"title_zh\":\"x\",\"region\":\"15\",\"opens_at\":1000000000000,\"closes_at\":"
	     "2000000000000,\"pass_mark\":5,\"draws\":\"sci:1\"}",
	     "pass_mark", 400},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		j = fx_call(&srv, &qm, "POST", "/api/v1/quiz/campaigns", bad[i].body, &st);
		assert_int_equal(st, bad[i].status);
		json_t *err = json_object_get(j, "error");
		assert_string_equal(json_string_value(json_object_get(err, "field")), bad[i].field);
		assert_true(strlen(json_string_value(json_object_get(err, "message"))) > 0);
		json_decref(j);
	}
	/* malformed JSON, a manager of another league, a citizen */
	assert_int_equal(http_status_as(&srv, &qm, "POST", "/api/v1/quiz/campaigns",
	                                "application/json", "{\"title_zh\":"),
	                 400);
	snprintf(body, sizeof body,
	         "{\"title_zh\":\"x\",\"region\":\"15\",\"opens_at\":1000000000000,\"closes_at\":"
	         "2000000000000,\"pass_mark\":1,\"draws\":\"sci:1\"}");
	assert_int_equal(http_status_as(&srv, &qm_out, "POST", "/api/v1/quiz/campaigns",
	                                "application/json", body),
	                 403);
	assert_int_equal(http_status_as(&srv, &citizen, "POST", "/api/v1/quiz/campaigns",
	                                "application/json", body),
	                 403);
	assert_int_equal(http_status_as(&srv, &qm_out, "PUT", path, "application/json", body), 403);
	assert_int_equal(harness_db_int(dir, "SELECT count(*) FROM quiz_campaigns"), before);
	assert_int_equal(
	    http_status_as(&srv, NULL, "GET", "/api/v1/quiz/campaigns/999999", NULL, NULL), 404);
}

static void test_attempt_flow(void **state)
{
	(void)state;
	int64_t now = fx_now_ms();
	int64_t cid = make_campaign(now - 1000, now + 3600000, NULL);
	struct attempt a;
	assert_int_equal(start(&p1, cid, &a), 201);
	json_t *items = json_object_get(a.state, "items");
	assert_int_equal(json_array_size(items), 5);
	assert_int_equal(strlen(a.token), 43);
	/* nothing of the key before the end */
	char *dump = json_dumps(a.state, 0);
	assert_null(strstr(dump, "correct"));
	assert_null(strstr(dump, "explanation"));
	assert_null(strstr(dump, "因为"));
	free(dump);
	/* the server stored the questions and their option order */
	char sql[256];
	snprintf(
	    sql, sizeof sql,
	    "SELECT count(*) FROM quiz_attempt_items WHERE attempt_id = %lld AND"
	    " (option_order <> '' OR question_id IN (SELECT id FROM quiz_questions WHERE kind ="
	    " 'fill'))",
	    (long long)a.id);
	assert_int_equal(harness_db_int(dir, sql), 5);

	/* someone else's attempt, a wrong token, unknown option ids, malformed bodies */
	json_t *it0 = json_array_get(items, 0);
	char *good = fx_answer_body(dir, a.id, it0, true, a.token);
	assert_int_equal(answer(&p2, &a, 1, good), 403);
	struct attempt forged = a;
	memset(forged.token, 'A', 43);
	char *forged_body = fx_answer_body(dir, a.id, it0, true, forged.token);
	assert_int_equal(answer(&p1, &a, 1, forged_body), 403);
	free(forged_body);
	char body[256];
	snprintf(body, sizeof body, "{\"token\":\"%s\",\"options\":[987654321]}", a.token);
	const char *kind0 = json_string_value(json_object_get(it0, "kind"));
	if (strcmp(kind0, "fill") != 0) {
		char up[128];
		snprintf(up, sizeof up, "/api/v1/quiz/attempts/%lld/answers/1", (long long)a.id);
		struct http_resp r = http_as(&srv, &p1, "PUT", up, "application/json", body);
		assert_int_equal(r.status, 400);
		assert_non_null(strstr(r.body, "unknown_option"));
		http_resp_free(&r);
	}
	snprintf(body, sizeof body, "{\"token\":\"%s\",\"options\":\"12\"}", a.token);
	assert_int_equal(answer(&p1, &a, 1, body), 400);
	assert_int_equal(answer(&p1, &a, 1, "[1,2]"), 400);
	assert_int_equal(answer(&p1, &a, 1, "{\"token\":"), 400);
	snprintf(body, sizeof body, "{\"token\":\"%s\"}", a.token);
	assert_int_equal(answer(&p1, &a, 1, body), 400);
	assert_int_equal(answer(&p1, &a, 99, good), 404);
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM quiz_attempt_items WHERE attempt_id = %lld AND answer IS NOT"
	         " NULL",
	         (long long)a.id);
	assert_int_equal(harness_db_int(dir, sql), 0);
	free(good);

	/* starting again resumes the same attempt with a new token; the old one stops working */
	struct attempt again;
	assert_int_equal(start(&p1, cid, &again), 200);
	assert_int_equal(again.id, a.id);
	assert_string_not_equal(again.token, a.token);
	char *old = fx_answer_body(dir, a.id, it0, true, a.token);
	assert_int_equal(answer(&p1, &a, 1, old), 403);
	free(old);
	json_decref(again.state);
	json_t *keep = a.state;
	a = again;
	a.state = keep;

	/* four right, one wrong: score 4 */
	answer_all(&p1, &a, 4);
	assert_int_equal(harness_db_int(dir, sql), 5);
	long st;
	json_t *res = finish(&p1, &a, &st);
	assert_int_equal(st, 200);
	assert_string_equal(json_string_value(json_object_get(res, "status")), "finished");
	assert_int_equal(json_integer_value(json_object_get(res, "score")), 4);
	dump = json_dumps(res, 0);
	assert_non_null(strstr(dump, "explanation_zh"));
	assert_non_null(strstr(dump, "因为"));
	assert_non_null(strstr(dump, "\"correct\": true"));
	free(dump);
	json_decref(res);
	snprintf(
	    sql, sizeof sql,
	    "SELECT score = (SELECT sum(points) FROM quiz_attempt_items WHERE attempt_id = %lld)"
	    " FROM quiz_attempts WHERE id = %lld",
	    (long long)a.id, (long long)a.id);
	assert_int_equal(harness_db_int(dir, sql), 1);

	/* replaying a finished attempt: finish and answers are refused */
	res = finish(&p1, &a, &st);
	assert_int_equal(st, 409);
	json_decref(res);
	char *late = fx_answer_body(dir, a.id, json_array_get(json_object_get(a.state, "items"), 0),
	                            true, a.token);
	assert_int_equal(answer(&p1, &a, 1, late), 409);
	free(late);
	/* attempts_allowed is 1 */
	struct attempt third;
	assert_int_equal(start(&p1, cid, &third), 409);
	json_decref(third.state);
	/* no proven phone */
	assert_int_equal(start(&nophone, cid, &third), 403);
	json_decref(third.state);

	/* submit all at once, finishing: p2 gets 2 */
	struct attempt b;
	assert_int_equal(start(&p2, cid, &b), 201);
	json_t *arr = json_array();
	items = json_object_get(b.state, "items");
	for (size_t i = 0; i < json_array_size(items); i++) {
		char *one = fx_answer_body(dir, b.id, json_array_get(items, i), i < 2, b.token);
		json_t *o = json_loads(one, 0, NULL);
		json_object_del(o, "token");
		json_object_set_new(o, "position", json_integer((json_int_t)i + 1));
		json_array_append_new(arr, o);
		free(one);
	}
	json_t *sub = json_pack("{s:s, s:o, s:b}", "token", b.token, "answers", arr, "finish", 1);
	char *sb = json_dumps(sub, JSON_COMPACT);
	char path[128];
	snprintf(path, sizeof path, "/api/v1/quiz/attempts/%lld/answers", (long long)b.id);
	res = fx_call(&srv, &p2, "POST", path, sb, &st);
	assert_int_equal(st, 200);
	assert_int_equal(json_integer_value(json_object_get(res, "score")), 2);
	json_decref(res);
	free(sb);
	json_decref(sub);

	/* leaderboard: p1 (4) above p2 (2); the league of p2 holds only p2 */
	snprintf(path, sizeof path, "/api/v1/quiz/campaigns/%lld/leaderboard", (long long)cid);
	struct http_resp r = http_get(&srv, path);
	assert_int_equal(r.status, 200);
	json_t *board = fx_json(&r);
	http_resp_free(&r);
	json_t *rows = json_object_get(board, "items");
	assert_int_equal(json_array_size(rows), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(rows, 0), "score")), 4);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(rows, 1), "rank")), 2);
	json_decref(board);
	snprintf(path, sizeof path, "/api/v1/quiz/campaigns/%lld/leaderboard?group=1502",
	         (long long)cid);
	r = http_get(&srv, path);
	board = fx_json(&r);
	http_resp_free(&r);
	assert_int_equal(json_integer_value(json_object_get(board, "total")), 1);
	assert_int_equal(json_integer_value(json_object_get(
	                     json_array_get(json_object_get(board, "items"), 0), "score")),
	                 2);
	json_decref(board);
	snprintf(path, sizeof path, "/api/v1/quiz/campaigns/%lld/leaderboard?group=15x",
	         (long long)cid);
	assert_int_equal(http_status_as(&srv, NULL, "GET", path, NULL, NULL), 400);
	json_decref(a.state);
	json_decref(b.state);
}

static void test_after_close(void **state)
{
	(void)state;
	int64_t now = fx_now_ms();
	int64_t cid = make_campaign(now - 1000, now + 1500, NULL);
	struct attempt a;
	assert_int_equal(start(&p3, cid, &a), 201);
	json_t *it = json_array_get(json_object_get(a.state, "items"), 0);
	char *b = fx_answer_body(dir, a.id, it, true, a.token);
	while (fx_now_ms() < now + 1700)
		usleep(50000);
	char path[128];
	snprintf(path, sizeof path, "/api/v1/quiz/attempts/%lld/answers/1?lang=mn",
	         (long long)a.id);
	struct http_resp r = http_as(&srv, &p3, "PUT", path, "application/json", b);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "deadline_passed"));
	assert_non_null(strstr(r.body, "ᠬᠠᠷᠢᠭᠤᠯᠬᠤ ᠴᠠᠭ")); /* the message in Mongolian */
	http_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/quiz/attempts/%lld/answers/1?lang=zh",
	         (long long)a.id);
	r = http_as(&srv, &p3, "PUT", path, "application/json", b);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "答题时间已过"));
	http_resp_free(&r);
	free(b);
	char sql[160];
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM quiz_attempt_items WHERE attempt_id = %lld AND answer IS NOT"
	         " NULL",
	         (long long)a.id);
	assert_int_equal(harness_db_int(dir, sql), 0);
	struct attempt late;
	assert_int_equal(start(&p1, cid, &late), 409);
	char *dump = json_dumps(late.state, 0);
	assert_non_null(strstr(dump, "campaign_closed"));
	free(dump);
	json_decref(late.state);
	json_decref(a.state);
}

static void test_members_only(void **state)
{
	(void)state;
	int64_t now = fx_now_ms();
	int64_t cid = make_campaign(now - 1000, now + 3600000, ",\"audience\":\"members\"");
	struct attempt a;
	assert_int_equal(start(&p1, cid, &a), 403);
	json_decref(a.state);
	char path[128];
	snprintf(path, sizeof path, "/api/v1/quiz/campaigns/%lld/members", (long long)cid);
	long st;
	json_t *j = fx_call(&srv, &qm, "POST", path, "{\"logins\":[\"p1\",\"nobody-here\"]}", &st);
	assert_int_equal(st, 400);
	json_decref(j);
	j = fx_call(&srv, &qm, "POST", path, "{\"logins\":[\"p1\"]}", &st);
	assert_int_equal(st, 200);
	assert_int_equal(json_integer_value(json_object_get(j, "members")), 1);
	json_decref(j);
	assert_int_equal(start(&p1, cid, &a), 201);
	json_decref(a.state);
	assert_int_equal(start(&p2, cid, &a), 403);
	json_decref(a.state);
}

static void test_review_and_draw(void **state)
{
	(void)state;
	int64_t now = fx_now_ms();
	/* every attempt gets the same six questions (in its own order) */
	int64_t cid = make_campaign_drawing(now - 1000, now + 2500, "tf:6", NULL);
	/* p1 and p2 give identical answers from the same network; p3 fewer right */
	struct creds *who[] = {&p1, &p2, &p3, &citizen};
	int right[] = {6, 6, 2, 4};
	int64_t ids[4];
	for (int i = 0; i < 4; i++) {
		struct attempt a;
		assert_int_equal(start(who[i], cid, &a), 201);
		answer_all(who[i], &a, right[i]);
		long st;
		json_decref(finish(who[i], &a, &st));
		assert_int_equal(st, 200);
		ids[i] = a.id;
		json_decref(a.state);
	}
	char path[160];
	snprintf(path, sizeof path, "/api/v1/quiz/campaigns/%lld/review", (long long)cid);
	long st;
	assert_int_equal(http_status_as(&srv, &citizen, "GET", path, NULL, NULL), 403);
	json_t *rev = fx_call(&srv, &qm, "GET", path, NULL, &st);
	assert_int_equal(st, 200);
	/* every answer here came faster than the 60 s floor: all four are listed */
	json_t *items = json_object_get(rev, "items");
	assert_int_equal(json_array_size(items), 4);
	int grouped = 0;
	for (size_t i = 0; i < 4; i++) {
		json_t *s = json_array_get(items, i);
		assert_int_equal(json_integer_value(json_object_get(s, "fast_answers")), 6);
		if (json_integer_value(json_object_get(s, "same_answers_group")) > 0)
			grouped++;
	}
	/* p1 and p2 (both all right: identical answers) share a group, the others differ */
	if (grouped != 2)
		print_message("review: %s\n", json_dumps(rev, JSON_COMPACT));
	assert_int_equal(grouped, 2);
	json_decref(rev);

	/* before the close: no draw */
	snprintf(path, sizeof path, "/api/v1/quiz/campaigns/%lld/draw", (long long)cid);
	assert_int_equal(http_status_as(&srv, &qm, "POST", path, "application/json", "{}"), 409);
	assert_int_equal(http_status_as(&srv, NULL, "GET", path, NULL, NULL), 404);

	/* exclude p2: the board drops it at once */
	char ex[160];
	snprintf(ex, sizeof ex, "/api/v1/quiz/attempts/%lld/exclude", (long long)ids[1]);
	assert_int_equal(
	    http_status_as(&srv, &p1, "POST", ex, "application/json", "{\"excluded\":true}"), 403);
	assert_int_equal(http_status_as(&srv, &qm, "POST", ex, "application/json",
	                                "{\"excluded\":true,\"note\":\"same network\"}"),
	                 200);
	char bp[160];
	snprintf(bp, sizeof bp, "/api/v1/quiz/campaigns/%lld/leaderboard", (long long)cid);
	struct http_resp r = http_get(&srv, bp);
	json_t *board = fx_json(&r);
	http_resp_free(&r);
	assert_int_equal(json_integer_value(json_object_get(board, "total")), 3);
	json_t *rows = json_object_get(board, "items");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(rows, 0), "score")), 6);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(rows, 1), "score")), 4);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(rows, 2), "score")), 2);
	json_decref(board);

	while (fx_now_ms() < now + 2700)
		usleep(50000);
	json_t *d = fx_call(&srv, &qm, "POST", path, "{}", &st);
	assert_int_equal(st, 201);
	/* eligible: score ≥ 3 and not excluded: p1 (6) and citizen (4) */
	json_t *el = json_object_get(d, "eligible");
	assert_int_equal(json_array_size(el), 2);
	assert_int_equal(json_integer_value(json_array_get(el, 0)), ids[0]);
	assert_int_equal(json_integer_value(json_array_get(el, 1)), ids[3]);
	assert_int_equal(json_array_size(json_object_get(d, "winners")), 2);
	/* the published commitment (from creation) is SHA-256 of the revealed seed, and the draw
	 * recomputes in process */
	char cp[128];
	snprintf(cp, sizeof cp, "/api/v1/quiz/campaigns/%lld", (long long)cid);
	r = http_get(&srv, cp);
	json_t *camp = fx_json(&r);
	http_resp_free(&r);
	assert_string_equal(json_string_value(json_object_get(camp, "commitment")),
	                    json_string_value(json_object_get(d, "commitment")));
	json_decref(camp);
	struct arena a;
	arena_init(&a, 4096);
	struct quiz_draw_result res;
	char err[160];
	assert_int_equal(quiz_draw_from_json(d, &a, &res, err, sizeof err), 0);
	assert_null(quiz_draw_check(&res));
	arena_free(&a);
	/* twice: refused */
	assert_int_equal(http_status_as(&srv, &qm, "POST", path, "application/json", "{}"), 409);
	assert_int_equal(
	    http_status_as(&srv, &qm, "POST", ex, "application/json", "{\"excluded\":false}"), 409);

	/* `tala quiz draw-verify` from the published file and from the database */
	r = http_get(&srv, path);
	assert_int_equal(r.status, 200);
	char file[320];
	snprintf(file, sizeof file, "%s/draw.json", dir);
	FILE *f = fopen(file, "w");
	fputs(r.body, f);
	fclose(f);
	char out[4096] = "", errb[1024] = "";
	assert_int_equal(harness_run_input(NULL, out, sizeof out, errb, sizeof errb, "quiz",
	                                   "draw-verify", "--file", file, NULL),
	                 0);
	assert_non_null(strstr(out, "verified"));
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", (long long)cid);
	assert_int_equal(harness_run_input(NULL, out, sizeof out, errb, sizeof errb, "quiz",
	                                   "draw-verify", idtext, "--data", dir, NULL),
	                 0);
	/* a tampered list fails and says why */
	json_t *t = json_loads(r.body, 0, NULL);
	json_array_append_new(json_object_get(t, "eligible"), json_integer(999999));
	json_dump_file(t, file, 0);
	json_decref(t);
	assert_int_equal(harness_run_input(NULL, out, sizeof out, errb, sizeof errb, "quiz",
	                                   "draw-verify", "--file", file, NULL),
	                 1);
	assert_non_null(strstr(errb, "list"));
	assert_int_equal(harness_run_input(NULL, out, sizeof out, errb, sizeof errb, "quiz",
	                                   "draw-verify", NULL),
	                 2);
	http_resp_free(&r);
	json_decref(d);
}

/* The page flow with plain forms: landing, start (cookie with the token), a question, an
 * answer, finish, the result with explanations; Mongolian pages are vertical. */
static void test_pages(void **state)
{
	(void)state;
	int64_t now = fx_now_ms();
	int64_t cid = make_campaign(now - 1000, now + 3600000, ",\"attempts_allowed\":2");
	char path[160];
	snprintf(path, sizeof path, "/quiz/%lld?lang=mn", (long long)cid);
	struct http_resp r = http_as(&srv, &p3, "GET", path, NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "lang=\"mn-Mong\""));
	assert_non_null(strstr(r.body, "ᠮᠡᠳᠡᠯᠭᠡ ᠶᠢᠨ ᠤᠷᠠᠯᠳᠤᠭᠠᠨ"));
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT commitment FROM quiz_campaigns WHERE id = %lld",
	         (long long)cid);
	http_resp_free(&r);

	char form[256];
	snprintf(form, sizeof form, "_csrf=%s", p3.csrf);
	snprintf(path, sizeof path, "/quiz/%lld/start", (long long)cid);
	r = http_as(&srv, &p3, "POST", path, "application/x-www-form-urlencoded", form);
	assert_int_equal(r.status, 303);
	const char *loc = http_header(&r, "Location");
	assert_non_null(loc);
	long long aid = 0;
	assert_int_equal(sscanf(loc, "/quiz/attempts/%lld/q/1", &aid), 1);
	char cookie[200];
	const char *set = strstr(r.headers, "qt");
	assert_non_null(set);
	size_t len = strcspn(set, ";\r\n");
	snprintf(cookie, sizeof cookie, "Cookie: tala_session=%s; %.*s", p3.session, (int)len, set);
	http_resp_free(&r);

	char url[256];
	snprintf(url, sizeof url, "%s/quiz/attempts/%lld/q/1", srv.base, aid);
	const char *hdr[] = {cookie, NULL};
	r = http_do("GET", url, hdr, NULL, 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "name=\"_csrf\""));
	assert_null(strstr(r.body, "因为")); /* no explanation before the end */
	http_resp_free(&r);
	/* without the attempt cookie: refused */
	assert_int_equal(http_status_as(&srv, &p3, "GET", url + strlen(srv.base), NULL, NULL), 403);

	/* answer question 1 correctly by the form */
	snprintf(sql, sizeof sql,
	         "SELECT q.kind = 'fill' FROM quiz_attempt_items i JOIN quiz_questions q ON q.id ="
	         " i.question_id WHERE i.attempt_id = %lld AND i.position = 1",
	         aid);
	bool fill = harness_db_int(dir, sql) == 1;
	char body[256];
	if (fill)
		snprintf(body, sizeof body,
		         "_csrf=%s&text=%%E5%%91%%BC%%E5%%92%%8C%%E6%%B5%%A9%%E7%%89%%B9&go=next",
		         p3.csrf);
	else {
		snprintf(body, sizeof body, "_csrf=%s&go=next", p3.csrf);
		/* every correct option of the item */
		char q2[300];
		for (int k = 0; k < 4; k++) {
			snprintf(q2, sizeof q2,
			         "SELECT o.id FROM quiz_options o JOIN quiz_attempt_items i ON"
			         " i.question_id = o.question_id WHERE i.attempt_id = %lld AND "
			         "i.position"
			         " = 1 AND o.correct = 1 ORDER BY o.id LIMIT 1 OFFSET %d",
			         aid, k);
			int64_t oid = harness_db_int(dir, q2);
			if (oid > 0) {
				size_t n = strlen(body);
				snprintf(body + n, sizeof body - n, "&option=%lld", (long long)oid);
			}
		}
	}
	char hdrs2[2][256];
	snprintf(hdrs2[0], sizeof hdrs2[0], "%s", cookie);
	snprintf(hdrs2[1], sizeof hdrs2[1], "Content-Type: application/x-www-form-urlencoded");
	const char *hdr2[] = {hdrs2[0], hdrs2[1], NULL};
	r = http_do("POST", url, hdr2, body, strlen(body));
	assert_int_equal(r.status, 303);
	assert_non_null(strstr(http_header(&r, "Location"), "/q/2"));
	http_resp_free(&r);
	snprintf(sql, sizeof sql,
	         "SELECT points FROM quiz_attempt_items WHERE attempt_id = %lld AND position = 1",
	         aid);
	assert_int_equal(harness_db_int(dir, sql), 1);
	/* an unknown option by the form: the question again with a message, nothing saved */
	snprintf(url, sizeof url, "%s/quiz/attempts/%lld/q/2", srv.base, aid);
	snprintf(body, sizeof body, "_csrf=%s&option=987654321&text=", p3.csrf);
	r = http_do("POST", url, hdr2, body, strlen(body));
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "role=\"alert\""));
	http_resp_free(&r);

	snprintf(url, sizeof url, "%s/quiz/attempts/%lld/finish", srv.base, aid);
	snprintf(body, sizeof body, "_csrf=%s", p3.csrf);
	r = http_do("POST", url, hdr2, body, strlen(body));
	assert_int_equal(r.status, 303);
	http_resp_free(&r);
	snprintf(url, sizeof url, "%s/quiz/attempts/%lld", srv.base, aid);
	r = http_do("GET", url, hdr, NULL, 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "因为"));
	assert_non_null(strstr(r.body, "<strong>1</strong>"));
	http_resp_free(&r);

	/* the leaderboard page and the console */
	snprintf(path, sizeof path, "/quiz/%lld/leaderboard", (long long)cid);
	assert_int_equal(http_status_as(&srv, NULL, "GET", path, NULL, NULL), 200);
	assert_int_equal(http_status_as(&srv, NULL, "GET", "/quiz", NULL, NULL), 200);
	r = http_as(&srv, &qm, "GET", "/admin/quiz/campaigns", NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "科普知识竞赛"));
	http_resp_free(&r);
	assert_int_equal(http_status_as(&srv, &p3, "GET", "/admin/quiz/campaigns", NULL, NULL),
	                 403);
	snprintf(path, sizeof path, "/admin/quiz/campaigns/%lld", (long long)cid);
	assert_int_equal(http_status_as(&srv, &qm, "GET", path, NULL, NULL), 200);
	assert_int_equal(http_status_as(&srv, &qm_out, "GET", path, NULL, NULL), 403);
	snprintf(path, sizeof path, "/admin/quiz/campaigns/%lld/review", (long long)cid);
	assert_int_equal(http_status_as(&srv, &qm, "GET", path, NULL, NULL), 200);
}

/* One participant answering far faster than a person can: 429 with Retry-After once the
 * per-participant budget (quiz.participant_rate_per_minute, 120) is spent. */
static void test_participant_rate_limit(void **state)
{
	(void)state;
	int64_t now = fx_now_ms();
	int64_t cid = make_campaign(now - 1000, now + 3600000, NULL);
	struct attempt a;
	assert_int_equal(start(&p4, cid, &a), 201);
	char *b = fx_answer_body(dir, a.id, json_array_get(json_object_get(a.state, "items"), 0),
	                         true, a.token);
	char path[128];
	snprintf(path, sizeof path, "/api/v1/quiz/attempts/%lld/answers/1", (long long)a.id);
	int ok = 0, limited = 0;
	for (int i = 0; i < 200 && !limited; i++) {
		struct http_resp r = http_as(&srv, &p4, "PUT", path, "application/json", b);
		if (r.status == 200)
			ok++;
		else if (r.status == 429) {
			limited = 1;
			assert_non_null(http_header(&r, "Retry-After"));
			assert_non_null(strstr(r.body, "rate_limited"));
		}
		http_resp_free(&r);
	}
	assert_true(limited);
	assert_in_range(ok, 100, 160); /* 120 and what refilled meanwhile (2 per second) */
	/* another participant is not held back */
	struct attempt other;
	assert_int_equal(start(&p1, cid, &other), 201);
	free(b);
	json_decref(a.state);
	json_decref(other.state);
}

/* `tala quiz draw` from the command line on a closed campaign (while the server runs): the
 * draw is stored, published, verifiable, and not repeatable; bad usage exits 2. */
static void test_cli_draw(void **state)
{
	(void)state;
	int64_t now = fx_now_ms();
	int64_t cid = make_campaign_drawing(now - 1000, now + 1500, "tf:3", NULL);
	struct attempt a;
	assert_int_equal(start(&p2, cid, &a), 201);
	answer_all(&p2, &a, 2);
	long st;
	json_decref(finish(&p2, &a, &st));
	assert_int_equal(st, 200);
	char id[24], out[4096] = "", err[1024] = "";
	snprintf(id, sizeof id, "%lld", (long long)cid);
	/* still open: refused */
	assert_int_equal(harness_run_input(NULL, out, sizeof out, err, sizeof err, "quiz", "draw",
	                                   id, "--data", dir, "--set", "quiz.grace_ms=0", NULL),
	                 2);
	assert_non_null(strstr(err, "still open"));
	while (fx_now_ms() < now + 1700)
		usleep(50000);
	/* p2 scored 2 < pass mark 3: nobody is eligible, the draw still happens and says so */
	assert_int_equal(harness_run_input(NULL, out, sizeof out, err, sizeof err, "quiz", "draw",
	                                   id, "--data", dir, "--set", "quiz.grace_ms=0", NULL),
	                 0);
	assert_non_null(strstr(out, "0 eligible"));
	char path[128];
	snprintf(path, sizeof path, "/api/v1/quiz/campaigns/%lld/draw", (long long)cid);
	struct http_resp r = http_get(&srv, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"seed\""));
	http_resp_free(&r);
	assert_int_equal(harness_run_input(NULL, out, sizeof out, err, sizeof err, "quiz", "draw",
	                                   id, "--data", dir, "--set", "quiz.grace_ms=0", NULL),
	                 2);
	int vrc = harness_run_input(NULL, out, sizeof out, err, sizeof err, "quiz", "draw-verify",
	                            id, "--data", dir, NULL);
	if (vrc != 0)
		print_message("draw-verify: %s\n", err);
	assert_int_equal(vrc, 0);
	assert_int_equal(harness_run_input(NULL, out, sizeof out, err, sizeof err, "quiz", "draw",
	                                   "abc", "--data", dir, NULL),
	                 2);
	assert_int_equal(harness_run_input(NULL, out, sizeof out, err, sizeof err, "quiz", "draw",
	                                   "999999", "--data", dir, NULL),
	                 2);
	assert_int_equal(
	    harness_run_input(NULL, out, sizeof out, err, sizeof err, "quiz", "nothing", NULL), 2);
	json_decref(a.state);
}

int main(int argc, char **argv)
{
	tala_bin = argv[1];
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_campaign_api),
	    cmocka_unit_test(test_attempt_flow),
	    cmocka_unit_test(test_after_close),
	    cmocka_unit_test(test_members_only),
	    cmocka_unit_test(test_review_and_draw),
	    cmocka_unit_test(test_pages),
	    cmocka_unit_test(test_participant_rate_limit),
	    cmocka_unit_test(test_cli_draw),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
