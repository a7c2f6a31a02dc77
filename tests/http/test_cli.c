/* test_cli.c: the operator command line — bad arguments exit 2 with one line on stderr,
 * init/migrate are idempotent, a newer schema is refused, backup copies the database. */
#include "harness.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int count_lines(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void assert_usage_error(int status, const char *err)
{
	assert_int_equal(status, 2);
	assert_int_equal(count_lines(err), 1);
	assert_non_null(strstr(err, "tala"));
}

static void test_bad_arguments(void **state)
{
	char err[1024];
	assert_usage_error(harness_run(err, sizeof err, "frobnicate", NULL), err);
	assert_usage_error(harness_run(err, sizeof err, "serve", "--port", "abc", NULL), err);
	assert_usage_error(harness_run(err, sizeof err, "serve", "--port", "70000", NULL), err);
	assert_usage_error(harness_run(err, sizeof err, "serve", "--nope", "1", NULL), err);
	assert_usage_error(harness_run(err, sizeof err, "serve", "--port", NULL), err);
	assert_usage_error(harness_run(err, sizeof err, "init", "extra", NULL), err);
	assert_usage_error(harness_run(err, sizeof err, "backup", NULL), err);
	assert_usage_error(harness_run(err, sizeof err, "serve", "--set", "no.such=1", NULL), err);
	assert_usage_error(harness_run(err, sizeof err, "version", "x", NULL), err);
	assert_int_equal(harness_run(err, sizeof err, "version", NULL), 0);
	assert_int_equal(harness_run(err, sizeof err, "help", NULL), 0);
	assert_int_equal(harness_run(err, sizeof err, "serve", "--help", NULL), 0);
}

static void test_config_file_errors(void **state)
{
	char dir[] = "/tmp/tala-cli-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char conf[300];
	snprintf(conf, sizeof conf, "%s/bad.conf", dir);
	FILE *f = fopen(conf, "w");
	fputs("[server]\nport = eighty\n", f);
	fclose(f);
	char err[1024];
	assert_usage_error(
	    harness_run(err, sizeof err, "init", "--data", dir, "--config", conf, NULL), err);
	assert_non_null(strstr(err, "bad.conf:2"));
	assert_usage_error(
	    harness_run(err, sizeof err, "init", "--config", "/nonexistent/tala.conf", NULL), err);
}

static void test_serve_without_init(void **state)
{
	char err[1024];
	assert_int_equal(harness_run(err, sizeof err, "serve", "--data", "/tmp/tala-no-such-dir",
	                             "--port", "0", NULL),
	                 1);
	assert_non_null(strstr(err, "tala init"));
}

static void test_migrate_and_newer_schema(void **state)
{
	const char *dir = harness_data_dir();
	char err[1024];
	assert_int_equal(harness_run(err, sizeof err, "init", "--data", dir, NULL), 0);
	assert_int_equal(harness_run(err, sizeof err, "migrate", "--data", dir, NULL), 0);
	char path[300];
	snprintf(path, sizeof path, "%s/tala.db", dir);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
	                              "INSERT INTO schema_migrations(version, name)"
	                              " VALUES (9999, '9999_future.sql')",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(harness_run(err, sizeof err, "migrate", "--data", dir, NULL), 1);
	assert_non_null(strstr(err, "newer"));
	assert_int_equal(harness_run(err, sizeof err, "serve", "--data", dir, "--port", "0", NULL),
	                 1);
}

static void test_backup(void **state)
{
	const char *dir = harness_data_dir();
	char dest[300], err[1024];
	snprintf(dest, sizeof dest, "%s/backup.db", dir);
	assert_int_equal(harness_run(err, sizeof err, "demo", "--data", dir, NULL), 0);
	assert_int_equal(harness_run(err, sizeof err, "backup", "--data", dir, dest, NULL), 0);
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(dest, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "SELECT (SELECT COUNT(*) FROM regions),"
	                                    " (SELECT COUNT(*) FROM feedback)",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 15938);
	assert_int_equal(sqlite3_column_int(st, 1), 3);
	sqlite3_finalize(st);
	sqlite3_close(db);
	/* never overwrites */
	assert_usage_error(harness_run(err, sizeof err, "backup", "--data", dir, dest, NULL), err);
}

int main(int argc, char **argv)
{
	tala_bin = argv[1];
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bad_arguments),
	    cmocka_unit_test(test_config_file_errors),
	    cmocka_unit_test(test_serve_without_init),
	    cmocka_unit_test(test_migrate_and_newer_schema),
	    cmocka_unit_test(test_backup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
