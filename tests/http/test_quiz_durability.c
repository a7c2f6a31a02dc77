/* test_quiz_durability.c: every acknowledged quiz answer survives SIGKILL, scored, and no
 * attempt is left inconsistent. Writer processes (one participant each) start attempts,
 * answer every question and finish, as fast as they can, recording each 2xx; the server is
 * killed mid-stream, restarted, and then: every acknowledged answer is stored with the
 * points its option earns, every acknowledged finish is a finished attempt whose score is
 * the sum of its items, no active attempt carries a score, no participant has two active
 * attempts; and the restarted server resumes an interrupted attempt. Three rounds, each
 * killing at a different moment. */
#include "quiz_fixture.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#define ROUNDS  3
#define WRITERS 6

static struct creds creds[WRITERS];

static void record(int fd, const char *line)
{
	size_t n = strlen(line);
	if (write(fd, line, n) != (ssize_t)n)
		_exit(3);
}

/* Answers: the first option of a choice question (in the attempt's order), "Hohhot" for a
 * fill-in — the same answer every time for a position, so a write that committed without
 * its acknowledgement cannot differ from an acknowledged one. */
static void writer_main(struct server *s, int64_t campaign, int w, int fd)
{
	int failures = 0;
	char body[256], path[160], line[256];
	while (failures < 3) {
		snprintf(body, sizeof body, "{\"campaign_id\":%lld}", (long long)campaign);
		long st;
		json_t *a = fx_call(s, &creds[w], "POST", "/api/v1/quiz/attempts", body, &st);
		if (!a || (st != 200 && st != 201)) {
			failures++;
			json_decref(a);
			continue;
		}
		int64_t id = json_integer_value(json_object_get(a, "id"));
		const char *token = json_string_value(json_object_get(a, "token"));
		json_t *items = json_object_get(a, "items");
		for (size_t i = 0; i < json_array_size(items) && failures < 3; i++) {
			json_t *it = json_array_get(items, i);
			json_t *opts = json_object_get(it, "options");
			char ans[64];
			if (json_array_size(opts)) {
				long long oid = (long long)json_integer_value(
				    json_object_get(json_array_get(opts, 0), "id"));
				snprintf(body, sizeof body, "{\"token\":\"%s\",\"options\":[%lld]}",
				         token, oid);
				snprintf(ans, sizeof ans, "%lld", oid);
			} else {
				snprintf(body, sizeof body,
				         "{\"token\":\"%s\",\"text\":\"Hohhot\"}", token);
				snprintf(ans, sizeof ans, "Hohhot");
			}
			snprintf(path, sizeof path, "/api/v1/quiz/attempts/%lld/answers/%zu",
			         (long long)id, i + 1);
			if (http_status_as(s, &creds[w], "PUT", path, "application/json", body) ==
			    200) {
				snprintf(line, sizeof line, "A %lld %zu %s\n", (long long)id, i + 1,
				         ans);
				record(fd, line);
			} else {
				failures++;
			}
		}
		snprintf(path, sizeof path, "/api/v1/quiz/attempts/%lld/finish", (long long)id);
		snprintf(body, sizeof body, "{\"token\":\"%s\"}", token);
		if (failures < 3 &&
		    http_status_as(s, &creds[w], "POST", path, "application/json", body) == 200) {
			snprintf(line, sizeof line, "F %lld\n", (long long)id);
			record(fd, line);
		}
		json_decref(a);
	}
	_exit(0);
}

static int64_t db_int(const char *dir, const char *fmt, long long a, long long b)
{
	char sql[700];
	snprintf(sql, sizeof sql, fmt, a, b);
	return harness_db_int(dir, sql);
}

static void check_round(const char *dir, const char *acked, int *answers, int *finishes)
{
	FILE *f = fopen(acked, "r");
	assert_non_null(f);
	char kind;
	long long id;
	while (fscanf(f, " %c %lld", &kind, &id) == 2) {
		if (kind == 'F') {
			if (db_int(dir,
			           "SELECT status = 'finished' AND score = (SELECT sum(points) FROM"
			           " quiz_attempt_items WHERE attempt_id = %lld) FROM quiz_attempts"
			           " WHERE id = %lld",
			           id, id) != 1)
				fail_msg("acknowledged finish of attempt %lld is lost", id);
			(*finishes)++;
			continue;
		}
		int pos;
		char ans[64];
		assert_int_equal(fscanf(f, "%d %63s", &pos, ans), 2);
		char sql[700];
		snprintf(
		    sql, sizeof sql,
		    "SELECT answer = '%s' AND points = CASE WHEN answer GLOB '[0-9]*' THEN (SELECT"
		    " o.correct AND (SELECT count(*) FROM quiz_options k WHERE k.question_id ="
		    " o.question_id AND k.correct) = 1 FROM quiz_options o WHERE o.id ="
		    " CAST(answer AS INTEGER)) ELSE 1 END FROM quiz_attempt_items WHERE attempt_id"
		    " = %lld AND position = %d",
		    ans, id, pos);
		if (harness_db_int(dir, sql) != 1)
			fail_msg("acknowledged answer %s to attempt %lld position %d is missing or"
			         " mis-scored after SIGKILL",
			         ans, id, pos);
		(*answers)++;
	}
	fclose(f);
	/* no attempt in an inconsistent state */
	assert_int_equal(harness_db_int(dir,
	                                "SELECT count(*) FROM quiz_attempts t WHERE status <>"
	                                " 'active' AND score <> (SELECT coalesce(sum(points), 0)"
	                                " FROM quiz_attempt_items WHERE attempt_id = t.id)"),
	                 0);
	assert_int_equal(harness_db_int(dir,
	                                "SELECT count(*) FROM quiz_attempts WHERE status ="
	                                " 'active' AND (score IS NOT NULL OR finished_at IS NOT"
	                                " NULL)"),
	                 0);
	assert_int_equal(harness_db_int(dir,
	                                "SELECT count(*) FROM (SELECT user_id FROM quiz_attempts"
	                                " WHERE status = 'active' GROUP BY campaign_id, user_id"
	                                " HAVING count(*) > 1)"),
	                 0);
	assert_int_equal(harness_db_int(dir,
	                                "SELECT count(*) FROM quiz_attempt_items WHERE (answer IS"
	                                " NULL) <> (points IS NULL)"),
	                 0);
}

static void test_answers_survive_sigkill(void **state)
{
	(void)state;
	const char *d = harness_data_dir();
	char dir[256];
	snprintf(dir, sizeof dir, "%s", d);
	fx_bank(dir, 6);
	harness_user_add(dir, "qm", QPASS, NULL, "quiz_manager", "15");
	for (int w = 0; w < WRITERS; w++) {
		char login[16], phone[16];
		snprintf(login, sizeof login, "w%d", w);
		snprintf(phone, sizeof phone, "1390000000%d", w);
		fx_participant(dir, login, phone, w % 2 ? "150102" : "150203");
	}
	struct server s;
	server_start(&s, dir, "auth.argon2_m_kib=64", "auth.argon2_t=1", "quiz.rate_per_minute=0",
	             "quiz.participant_rate_per_minute=0", "server.access_log=off", NULL);
	struct creds qm;
	assert_int_equal(harness_sign_in(&s, "qm", QPASS, &qm), 201);
	for (int w = 0; w < WRITERS; w++) {
		char login[16];
		snprintf(login, sizeof login, "w%d", w);
		assert_int_equal(harness_sign_in(&s, login, QPASS, &creds[w]), 201);
	}
	int64_t now = fx_now_ms();
	char body[512];
	snprintf(
	    body, sizeof body,
	    "{\"title_zh\":\"耐久\",\"region\":\"15\",\"opens_at\":%lld,\"closes_at\":%lld,"
	    "\"pass_mark\":1,\"attempts_allowed\":100,\"draws\":\"sci:2;tf:1;multi:1;fill:1\"}",
	    (long long)(now - 1000), (long long)(now + 3600000));
	long st;
	json_t *c = fx_call(&s, &qm, "POST", "/api/v1/quiz/campaigns", body, &st);
	assert_int_equal(st, 201);
	int64_t campaign = json_integer_value(json_object_get(c, "id"));
	json_decref(c);
	srand((unsigned)time(NULL));
	int answers = 0, finishes = 0;
	for (int round = 0; round < ROUNDS; round++) {
		char acked[320];
		snprintf(acked, sizeof acked, "%s/quiz-acked-%d.txt", dir, round);
		int fd = open(acked, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600);
		assert_true(fd >= 0);
		pid_t writers[WRITERS];
		for (int w = 0; w < WRITERS; w++) {
			writers[w] = fork();
			if (writers[w] == 0)
				writer_main(&s, campaign, w, fd);
		}
		usleep((useconds_t)(400000 + round * 200000 + rand() % 100000));
		assert_int_equal(server_stop(&s, SIGKILL), 128 + SIGKILL);
		for (int w = 0; w < WRITERS; w++) {
			int status;
			waitpid(writers[w], &status, 0);
			assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
		}
		close(fd);
		server_start(&s, dir, "auth.argon2_m_kib=64", "auth.argon2_t=1",
		             "quiz.rate_per_minute=0", "quiz.participant_rate_per_minute=0",
		             "server.access_log=off", NULL);
		int a = answers, f = finishes;
		check_round(dir, acked, &answers, &finishes);
		print_message(
		    "round %d: %d acknowledged answers and %d finishes present and scored\n", round,
		    answers - a, finishes - f);
		assert_true(answers > a); /* the round really answered */
	}
	/* the restarted server resumes an interrupted attempt where it was */
	snprintf(body, sizeof body, "{\"campaign_id\":%lld}", (long long)campaign);
	json_t *r = fx_call(&s, &creds[0], "POST", "/api/v1/quiz/attempts", body, &st);
	assert_true(st == 200 || st == 201);
	json_decref(r);
	print_message("%d answers and %d finishes checked over %d kills\n", answers, finishes,
	              ROUNDS);
	assert_int_equal(server_stop(&s, SIGTERM), 0);
}

int main(int argc, char **argv)
{
	tala_bin = argv[1];
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_answers_survive_sigkill),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
