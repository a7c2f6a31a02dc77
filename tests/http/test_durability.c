/* test_durability.c: every write acknowledged with 2xx survives SIGKILL. Writer processes
 * post feedback as fast as they can and record each acknowledged id; the server is killed
 * mid-stream, restarted, and every recorded id must be in the database with its text.
 * Five rounds, each killing at a different moment. */
#include "harness.h"

#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS  5
#define WRITERS 8

/* A writer process: posts until the server stops answering; appends "id body" per 2xx. */
static void writer_main(struct server *s, int round, int writer, int out_fd)
{
	int failures = 0;
	for (int seq = 0; failures < 3; seq++) {
		char body[128], json[256];
		snprintf(body, sizeof body, "dur-%d-%d-%d", round, writer, seq);
		snprintf(json, sizeof json, "{\"body\":\"%s\"}", body);
		struct http_resp r = http_post_json(s, "/api/v1/feedback", json);
		if (r.status == 201) {
			long long id = 0;
			const char *p = strstr(r.body, "\"id\":");
			if (p)
				id = atoll(p + 5);
			char line[256];
			int n = snprintf(line, sizeof line, "%lld %s\n", id, body);
			if (write(out_fd, line, (size_t)n) != n)
				_exit(3);
		} else {
			failures++;
		}
		http_resp_free(&r);
	}
	_exit(0);
}

static void check_acknowledged(const char *data_dir, const char *acked_path, int *checked)
{
	char path[512];
	snprintf(path, sizeof path, "%s/tala.db", data_dir);
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(
	    sqlite3_prepare_v2(db, "SELECT body FROM feedback WHERE id = ?", -1, &st, NULL),
	    SQLITE_OK);
	FILE *f = fopen(acked_path, "r");
	assert_non_null(f);
	long long id;
	char body[128];
	while (fscanf(f, "%lld %127s", &id, body) == 2) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) != SQLITE_ROW)
			fail_msg("acknowledged write %lld (%s) is missing after SIGKILL", id, body);
		assert_string_equal((const char *)sqlite3_column_text(st, 0), body);
		(*checked)++;
	}
	fclose(f);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static void test_acknowledged_writes_survive_sigkill(void **state)
{
	const char *dir = harness_data_dir();
	char data_dir[256];
	snprintf(data_dir, sizeof data_dir, "%s", dir);
	srand((unsigned)time(NULL));
	int total = 0;
	for (int round = 0; round < ROUNDS; round++) {
		struct server s;
		server_start(&s, data_dir, "feedback.rate_per_minute=0", "server.access_log=off",
		             NULL);
		char acked[512];
		snprintf(acked, sizeof acked, "%s/acked-%d.txt", data_dir, round);
		int fd = open(acked, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600);
		assert_true(fd >= 0);
		pid_t writers[WRITERS];
		for (int w = 0; w < WRITERS; w++) {
			writers[w] = fork();
			if (writers[w] == 0)
				writer_main(&s, round, w, fd);
		}
		/* let the writes flow, then kill at a varying moment */
		usleep((useconds_t)(300000 + round * 150000 + rand() % 100000));
		assert_int_equal(server_stop(&s, SIGKILL), 128 + SIGKILL);
		for (int w = 0; w < WRITERS; w++) {
			int status;
			waitpid(writers[w], &status, 0);
			assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
		}
		close(fd);
		/* restart: recovery happens; then every acknowledged write must be there */
		struct server again;
		server_start(&again, data_dir, NULL);
		struct http_resp r = http_get(&again, "/healthz");
		assert_int_equal(r.status, 200);
		http_resp_free(&r);
		int checked = 0;
		check_acknowledged(data_dir, acked, &checked);
		print_message("round %d: %d acknowledged writes, all present after SIGKILL\n",
		              round, checked);
		assert_true(checked > 0); /* the round really wrote something */
		total += checked;
		assert_int_equal(server_stop(&again, SIGTERM), 0);
	}
	print_message("%d acknowledged writes checked over %d kills\n", total, ROUNDS);
}

int main(int argc, char **argv)
{
	tala_bin = argv[1];
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_acknowledged_writes_survive_sigkill),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
