/* test_store_store.c: opening and closing the database, connection pragmas, online backup
 * and statistics (src/store/store.c). */
#include "store/store.h"
#include "test_util.h"

#include "base/common.h"
#include "base/log.h"

#include <stdatomic.h>
#include <sys/stat.h>

static int quiet(void **state)
{
	(void)state;
	log_set_level(LOG_ERROR);
	return 0;
}

/* Returns the text of the first column of the first row (static buffer). */
static const char *sqlite_text(sqlite3 *db, const char *sql)
{
	static char out[256];
	sqlite3_stmt *st = NULL;
	out[0] = '\0';
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("prepare %s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, sizeof out, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

/* Creates a database file outside the store. */
static sqlite3 *create_db(const char *path)
{
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK)
		fail_msg("create %s", path);
	return db;
}

struct writer_pragmas {
	int64_t synchronous, foreign_keys, busy_timeout;
	char journal_mode[16];
};

static int read_writer_pragmas(sqlite3 *db, void *ctx)
{
	struct writer_pragmas *p = ctx;
	p->synchronous = tu_sqlite_int(db, "PRAGMA synchronous");
	p->foreign_keys = tu_sqlite_int(db, "PRAGMA foreign_keys");
	p->busy_timeout = tu_sqlite_int(db, "PRAGMA busy_timeout");
	snprintf(p->journal_mode, sizeof p->journal_mode, "%s",
	         sqlite_text(db, "PRAGMA journal_mode"));
	return OK;
}

static void pragmas(void **state)
{
	(void)state;
	struct tu_db d;
	tu_mkdtemp(d.dir, sizeof d.dir);
	snprintf(d.path, sizeof d.path, "%s/tala.db", d.dir);
	struct store_options opt = {d.path, 1234, 0, false, NULL};
	char err[256] = "";
	d.s = store_open(&opt, err, sizeof err);
	assert_non_null(d.s);
	struct stat sb;
	assert_int_equal(stat(d.path, &sb), 0); /* created */

	struct writer_pragmas w = {0};
	assert_int_equal(store_write(d.s, read_writer_pragmas, &w), OK);
	assert_int_equal(w.synchronous, 2); /* FULL */
	assert_int_equal(w.foreign_keys, 1);
	assert_int_equal(w.busy_timeout, 1234);
	assert_string_equal(w.journal_mode, "wal");

	sqlite3 *r = store_reader(d.s);
	assert_non_null(r);
	assert_int_equal(tu_sqlite_int(r, "PRAGMA foreign_keys"), 1);
	assert_int_equal(tu_sqlite_int(r, "PRAGMA query_only"), 1);
	assert_int_equal(tu_sqlite_int(r, "PRAGMA busy_timeout"), 1234);
	assert_string_equal(sqlite_text(r, "PRAGMA journal_mode"), "wal");
	tu_db_close(&d);
}

static void foreign_keys_are_enforced(void **state)
{
	(void)state;
	struct tu_db d;
	tu_db_open(&d, 0);
	assert_int_equal(store_write(d.s, tu_exec_closure,
	                             "CREATE TABLE p(id INTEGER PRIMARY KEY);"
	                             "CREATE TABLE c(p INTEGER REFERENCES p(id));"
	                             "INSERT INTO p VALUES (1)"),
	                 OK);
	assert_int_equal(store_write(d.s, tu_exec_closure, "INSERT INTO c VALUES (1)"), OK);
	assert_int_equal(store_write(d.s, tu_exec_closure, "INSERT INTO c VALUES (2)"), ERR);
	assert_int_equal(tu_path_int(d.path, "SELECT count(*) FROM c"), 1);
	tu_db_close(&d);
}

static atomic_int init_calls;
static atomic_int init_fail;

static int count_init(sqlite3 *db)
{
	(void)db;
	init_calls++;
	return init_fail ? ERR : OK;
}

static void conn_init_runs_on_every_connection(void **state)
{
	(void)state;
	struct tu_db d;
	tu_mkdtemp(d.dir, sizeof d.dir);
	snprintf(d.path, sizeof d.path, "%s/tala.db", d.dir);
	init_calls = 0;
	init_fail = 0;
	struct store_options opt = {d.path, 0, 0, false, count_init};
	char err[256] = "";
	d.s = store_open(&opt, err, sizeof err);
	assert_non_null(d.s);
	assert_int_equal(init_calls, 1); /* the writer */
	assert_non_null(store_reader(d.s));
	assert_int_equal(init_calls, 2); /* and this thread's reader */
	store_close(d.s);

	init_fail = 1;
	d.s = store_open(&opt, err, sizeof err);
	assert_null(d.s);
	assert_non_null(strstr(err, "connection setup failed"));
	tu_db_close(&d);
}

static void open_errors(void **state)
{
	(void)state;
	char err[256] = "";
	struct store_options opt = {"/nonexistent-dir-for-tala/x/tala.db", 0, 0, false, NULL};
	assert_null(store_open(&opt, err, sizeof err));
	assert_non_null(strstr(err, "/nonexistent-dir-for-tala/x/tala.db"));

	char longpath[1024];
	memset(longpath, 'a', sizeof longpath - 1);
	longpath[sizeof longpath - 1] = '\0';
	opt.path = longpath;
	err[0] = '\0';
	assert_null(store_open(&opt, err, sizeof err));
	assert_non_null(strstr(err, "too long"));

	/* a read-only store does not create the file */
	char dir[256], path[320];
	tu_mkdtemp(dir, sizeof dir);
	snprintf(path, sizeof path, "%s/absent.db", dir);
	struct store_options ro = {path, 0, 0, true, NULL};
	assert_null(store_open(&ro, err, sizeof err));
	struct stat sb;
	assert_int_not_equal(stat(path, &sb), 0);
	tu_rmtree(dir);
}

static void backup_is_a_readable_copy(void **state)
{
	(void)state;
	struct tu_db d;
	tu_db_open(&d, 0);
	assert_int_equal(store_write(d.s, tu_exec_closure,
	                             "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);"
	                             "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1"
	                             " FROM n WHERE i < 5000)"
	                             " INSERT INTO t SELECT i, hex(randomblob(40)) FROM n"),
	                 OK);
	char dest[400], err[256] = "";
	snprintf(dest, sizeof dest, "%s/backup.db", d.dir);
	if (store_backup(d.s, dest, err, sizeof err) != OK)
		fail_msg("store_backup: %s", err);

	sqlite3 *b = tu_sqlite_open(dest, false);
	assert_string_equal(sqlite_text(b, "PRAGMA integrity_check"), "ok");
	assert_int_equal(tu_sqlite_int(b, "SELECT count(*) FROM t"), 5000);
	/* row for row the same as the original */
	char attach[512];
	snprintf(attach, sizeof attach, "ATTACH '%s' AS o", d.path);
	assert_int_equal(sqlite3_exec(b, attach, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(tu_sqlite_int(b, "SELECT count(*) FROM (SELECT * FROM main.t"
	                                  " EXCEPT SELECT * FROM o.t)"),
	                 0);
	assert_int_equal(tu_sqlite_int(b, "SELECT count(*) FROM (SELECT * FROM o.t"
	                                  " EXCEPT SELECT * FROM main.t)"),
	                 0);
	sqlite3_close(b);
	tu_db_close(&d);
}

static void backup_refuses_an_existing_file(void **state)
{
	(void)state;
	struct tu_db d;
	tu_db_open(&d, 0);
	assert_int_equal(store_write(d.s, tu_exec_closure, "CREATE TABLE t(x)"), OK);
	char dest[400], err[256] = "";
	tu_write_file(d.dir, "precious.txt", "keep me\n", dest, sizeof dest);
	assert_int_equal(store_backup(d.s, dest, err, sizeof err), ERR);
	assert_non_null(strstr(err, dest));
	FILE *f = fopen(dest, "r");
	assert_non_null(f);
	char line[32] = "";
	assert_non_null(fgets(line, sizeof line, f));
	fclose(f);
	assert_string_equal(line, "keep me\n");

	/* an existing database is not overwritten either */
	snprintf(dest, sizeof dest, "%s/other.db", d.dir);
	sqlite3 *other = create_db(dest);
	assert_int_equal(sqlite3_exec(other, "CREATE TABLE mine(y); INSERT INTO mine VALUES (7)",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(other);
	err[0] = '\0';
	assert_int_equal(store_backup(d.s, dest, err, sizeof err), ERR);
	assert_non_null(strstr(err, dest));
	assert_int_equal(tu_path_int(dest, "SELECT y FROM mine"), 7);

	snprintf(dest, sizeof dest, "%s/no/such/dir/b.db", d.dir);
	err[0] = '\0';
	assert_int_equal(store_backup(d.s, dest, err, sizeof err), ERR);
	assert_true(strlen(err) > 0);
	tu_db_close(&d);
}

static void stats_count_commits_and_writes(void **state)
{
	(void)state;
	struct tu_db d;
	tu_db_open(&d, 0);
	struct store_stats st;
	memset(&st, 0xFF, sizeof st);
	store_stats(d.s, &st);
	assert_int_equal(st.commits, 0);
	assert_int_equal(st.writes, 0);
	assert_int_equal(st.queue_depth, 0);
	for (int i = 0; i < 8; i++)
		assert_int_equal(st.batch_hist[i], 0);
	assert_int_equal(store_write(d.s, tu_exec_closure, "CREATE TABLE t(x)"), OK);
	assert_int_equal(store_write(d.s, tu_exec_closure, "INSERT INTO nowhere VALUES (1)"), ERR);
	store_stats(d.s, &st);
	assert_int_equal(st.commits, 2); /* a failed closure is still a write in a commit */
	assert_int_equal(st.writes, 2);
	assert_int_equal(st.batch_hist[0], 2);
	tu_db_close(&d);
}

static void exec_helper(void **state)
{
	(void)state;
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(store_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1)"), OK);
	struct tu_capture cap;
	tu_capture_begin(&cap);
	int rc = store_exec(db, "INSERT INTO missing VALUES (1)");
	char *logged = tu_capture_end(&cap);
	assert_int_equal(rc, ERR);
	assert_non_null(strstr(logged, "event=store.exec"));
	assert_non_null(strstr(logged, "no such table: missing"));
	free(logged);
	sqlite3_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(pragmas, quiet),
	    cmocka_unit_test_setup(foreign_keys_are_enforced, quiet),
	    cmocka_unit_test_setup(conn_init_runs_on_every_connection, quiet),
	    cmocka_unit_test_setup(open_errors, quiet),
	    cmocka_unit_test_setup(backup_is_a_readable_copy, quiet),
	    cmocka_unit_test_setup(backup_refuses_an_existing_file, quiet),
	    cmocka_unit_test_setup(stats_count_commits_and_writes, quiet),
	    cmocka_unit_test_setup(exec_helper, quiet),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
