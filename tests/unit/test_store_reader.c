/* test_store_reader.c: per-thread read connections and their prepared-statement cache
 * (src/store/store_reader.c). */
#include "store/store.h"
#include "test_util.h"

#include "base/common.h"
#include "base/log.h"

#include <pthread.h>

static int setup(void **state)
{
	log_set_level(LOG_ERROR);
	struct tu_db *d = calloc(1, sizeof *d);
	assert_non_null(d);
	tu_db_open(d, 0);
	assert_int_equal(store_write(d->s, tu_exec_closure,
	                             "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);"
	                             "INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, 'three')"),
	                 OK);
	*state = d;
	return 0;
}

static int teardown(void **state)
{
	tu_db_close(*state);
	free(*state);
	return 0;
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

static void statements_are_cached_reset_and_cleared(void **state)
{
	struct tu_db *d = *state;
	const char *sql = "SELECT v FROM t WHERE id = ?";
	sqlite3_stmt *st = store_stmt(d->s, sql);
	assert_non_null(st);
	assert_int_equal(sqlite3_bind_int(st, 1, 2), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "two");
	/* left mid-way on purpose: the next store_stmt resets it and clears the binding */
	char copy[64];
	snprintf(copy, sizeof copy, "%s", sql); /* the cache is keyed by text, not pointer */
	sqlite3_stmt *again = store_stmt(d->s, copy);
	assert_ptr_equal(again, st);
	assert_int_equal(sqlite3_step(again), SQLITE_DONE); /* id = NULL matches nothing */
	sqlite3_reset(again);
	assert_int_equal(sqlite3_bind_int(again, 1, 3), SQLITE_OK);
	assert_int_equal(sqlite3_step(again), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(again, 0), "three");
	sqlite3_reset(again);
	assert_ptr_not_equal(store_stmt(d->s, "SELECT count(*) FROM t"), st);
}

static void reader_connection_is_read_only(void **state)
{
	struct tu_db *d = *state;
	sqlite3 *db = store_reader(d->s);
	assert_non_null(db);
	assert_ptr_equal(store_reader(d->s), db); /* one per thread */
	assert_int_not_equal(sqlite3_exec(db, "INSERT INTO t VALUES (9, 'nine')", NULL, NULL, NULL),
	                     SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM t", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(tu_sqlite_int(db, "SELECT count(*) FROM t"), 3);
	assert_int_equal(tu_sqlite_int(db, "PRAGMA foreign_keys"), 1);
}

static void bad_sql_is_null(void **state)
{
	struct tu_db *d = *state;
	struct tu_capture cap;
	tu_capture_begin(&cap);
	sqlite3_stmt *a = store_stmt(d->s, "SELECT * FROM no_such_table");
	sqlite3_stmt *b = store_stmt(d->s, "SELEC 1");
	char *logged = tu_capture_end(&cap);
	assert_null(a);
	assert_null(b);
	assert_non_null(strstr(logged, "level=error event=store.prepare"));
	assert_non_null(strstr(logged, "no such table: no_such_table"));
	free(logged);
	assert_non_null(store_stmt(d->s, "SELECT 1")); /* the connection is still good */
}

static void cache_overflow_keeps_working(void **state)
{
	struct tu_db *d = *state;
	for (int round = 0; round < 2; round++)
		for (int i = 0; i < 150; i++) {
			char sql[64];
			snprintf(sql, sizeof sql, "SELECT %d + count(*) FROM t", i);
			sqlite3_stmt *st = store_stmt(d->s, sql);
			assert_non_null(st);
			assert_int_equal(sqlite3_step(st), SQLITE_ROW);
			assert_int_equal(sqlite3_column_int(st, 0), i + 3);
			sqlite3_reset(st);
		}
}

struct reader_thread {
	struct store *s;
	sqlite3 *db;
	int64_t count;
};

static void *read_in_thread(void *arg)
{
	struct reader_thread *r = arg;
	r->db = store_reader(r->s);
	sqlite3_stmt *st = store_stmt(r->s, "SELECT count(*) FROM t");
	if (st && sqlite3_step(st) == SQLITE_ROW)
		r->count = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	return NULL;
}

static void each_thread_has_its_own_connection(void **state)
{
	struct tu_db *d = *state;
	sqlite3 *mine = store_reader(d->s);
	enum { N = 4 };
	pthread_t tid[N];
	struct reader_thread r[N];
	for (int i = 0; i < N; i++) {
		r[i] = (struct reader_thread){d->s, NULL, -1};
		assert_int_equal(pthread_create(&tid[i], NULL, read_in_thread, &r[i]), 0);
	}
	for (int i = 0; i < N; i++)
		pthread_join(tid[i], NULL);
	for (int i = 0; i < N; i++) {
		assert_non_null(r[i].db);
		assert_ptr_not_equal(r[i].db, mine);
		assert_int_equal(r[i].count, 3);
		for (int j = 0; j < i; j++)
			assert_ptr_not_equal(r[i].db, r[j].db);
	}
	/* store_close (teardown) closes the connections of threads that have ended */
}

static void reads_see_each_commit(void **state)
{
	struct tu_db *d = *state;
	for (int i = 10; i < 30; i++) {
		char sql[64];
		snprintf(sql, sizeof sql, "INSERT INTO t VALUES (%d, 'n')", i);
		assert_int_equal(store_write(d->s, tu_exec_closure, sql), OK);
		sqlite3_stmt *st = store_stmt(d->s, "SELECT max(id) FROM t");
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st, 0), i);
		sqlite3_reset(st);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(statements_are_cached_reset_and_cleared),
	    TEST(reader_connection_is_read_only),
	    TEST(bad_sql_is_null),
	    TEST(cache_overflow_keeps_working),
	    TEST(each_thread_has_its_own_connection),
	    TEST(reads_see_each_commit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
