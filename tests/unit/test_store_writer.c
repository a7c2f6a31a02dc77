/* test_store_writer.c: the single writer with group commit (src/store/store_writer.c) —
 * commits visible to readers, a failed closure rolling back only itself inside a shared
 * batch, completions only after the commit, draining on close, batch statistics.
 *
 * To put several writes in one batch deterministically, a "gate" closure holds the writer
 * while the others are queued (closures must not block in production; here it is the
 * point). */
#include "store/store.h"
#include "test_util.h"

#include "base/common.h"
#include "base/log.h"

#include <pthread.h>
#include <time.h>

static int quiet(void **state)
{
	(void)state;
	log_set_level(LOG_ERROR);
	return 0;
}

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* ---- the gate ---- */

struct gate {
	pthread_mutex_t m;
	pthread_cond_t c;
	bool entered, open;
};

#define GATE_INIT                                                                                  \
	{                                                                                          \
		PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false, false                  \
	}

static int gate_closure(sqlite3 *db, void *ctx)
{
	(void)db;
	struct gate *g = ctx;
	pthread_mutex_lock(&g->m);
	g->entered = true;
	pthread_cond_broadcast(&g->c);
	while (!g->open)
		pthread_cond_wait(&g->c, &g->m);
	pthread_mutex_unlock(&g->m);
	return OK;
}

static void gate_ignore(void *ctx, int result)
{
	(void)ctx;
	(void)result;
}

/* Queues the gate and waits until the writer is held in it. */
static void gate_close(struct store *s, struct gate *g)
{
	assert_int_equal(store_write_async(s, gate_closure, g, gate_ignore, NULL), OK);
	pthread_mutex_lock(&g->m);
	while (!g->entered)
		pthread_cond_wait(&g->c, &g->m);
	pthread_mutex_unlock(&g->m);
}

static void gate_open(struct gate *g)
{
	pthread_mutex_lock(&g->m);
	g->open = true;
	pthread_cond_broadcast(&g->c);
	pthread_mutex_unlock(&g->m);
}

static void *gate_open_later(void *arg)
{
	sleep_ms(100);
	gate_open(arg);
	return NULL;
}

/* Waits until n writes are queued behind the gate. */
static void wait_queued(struct store *s, int64_t n)
{
	for (int i = 0; i < 10000; i++) {
		struct store_stats st;
		store_stats(s, &st);
		if (st.queue_depth == n)
			return;
		sleep_ms(1);
	}
	fail_msg("the queue never reached %lld writes", (long long)n);
}

/* ---- write jobs that record what they saw ---- */

struct batch;

struct job {
	struct batch *b;
	int id;
	bool fail;               /* insert, then return ERR */
	int64_t seen_in_closure; /* rows with this id another connection saw mid-transaction */
	int64_t seen_in_done;    /* ... and in the done callback */
	int result;
	bool done;
};

struct batch {
	const char *path;
	pthread_mutex_t m;
	pthread_cond_t c;
	int done;
	struct job *jobs;
	int n;
};

static int64_t rows_with_id(const char *path, int id)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM t WHERE id IN (%d, %d)", id, id + 100000);
	return tu_path_int(path, sql);
}

static int job_closure(sqlite3 *db, void *ctx)
{
	struct job *j = ctx;
	char sql[128];
	snprintf(sql, sizeof sql, "INSERT INTO t(id, v) VALUES (%d, 'x')", j->id);
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return ERR;
	j->seen_in_closure = rows_with_id(j->b->path, j->id);
	if (!j->fail)
		return OK;
	snprintf(sql, sizeof sql, "INSERT INTO t(id, v) VALUES (%d, 'partial')", j->id + 100000);
	sqlite3_exec(db, sql, NULL, NULL, NULL);
	return ERR;
}

static void job_done(void *ctx, int result)
{
	struct job *j = ctx;
	j->seen_in_done = rows_with_id(j->b->path, j->id);
	pthread_mutex_lock(&j->b->m);
	j->result = result;
	j->done = true;
	j->b->done++;
	pthread_cond_broadcast(&j->b->c);
	pthread_mutex_unlock(&j->b->m);
}

static void batch_init(struct batch *b, const char *path, int n)
{
	memset(b, 0, sizeof *b);
	b->path = path;
	pthread_mutex_init(&b->m, NULL);
	pthread_cond_init(&b->c, NULL);
	b->jobs = calloc((size_t)n, sizeof *b->jobs);
	assert_non_null(b->jobs);
	b->n = n;
	for (int i = 0; i < n; i++)
		b->jobs[i] = (struct job){b, i + 1, false, -1, -1, -99, false};
}

static void batch_wait(struct batch *b)
{
	pthread_mutex_lock(&b->m);
	while (b->done < b->n)
		pthread_cond_wait(&b->c, &b->m);
	pthread_mutex_unlock(&b->m);
}

static void batch_free(struct batch *b)
{
	free(b->jobs);
	pthread_mutex_destroy(&b->m);
	pthread_cond_destroy(&b->c);
}

struct enqueuer {
	struct store *s;
	struct batch *b;
	int from, to;
};

static void *enqueue_range(void *arg)
{
	struct enqueuer *e = arg;
	for (int i = e->from; i < e->to; i++)
		if (store_write_async(e->s, job_closure, &e->b->jobs[i], job_done,
		                      &e->b->jobs[i]) != OK)
			return "store_write_async failed";
	return NULL;
}

/* Queues the batch's jobs from `threads` threads at once. */
static void enqueue_from_threads(struct store *s, struct batch *b, int threads)
{
	pthread_t tid[16];
	struct enqueuer e[16];
	assert_true(threads <= 16);
	for (int t = 0; t < threads; t++) {
		e[t] = (struct enqueuer){s, b, b->n * t / threads, b->n * (t + 1) / threads};
		assert_int_equal(pthread_create(&tid[t], NULL, enqueue_range, &e[t]), 0);
	}
	for (int t = 0; t < threads; t++) {
		void *ret;
		pthread_join(tid[t], &ret);
		assert_null(ret);
	}
}

/* Holds the writer at a gate while b's jobs are queued from `threads` threads, so they
 * meet in the queue, and returns with the gate still closed. */
static void queue_behind_gate(struct store *s, struct batch *b, int threads, struct gate *g)
{
	gate_close(s, g);
	enqueue_from_threads(s, b, threads);
	wait_queued(s, b->n);
}

/* Queues b behind the gate, lets the writer go and waits for every completion. */
static void run_behind_gate(struct store *s, struct batch *b, int threads)
{
	struct gate g = GATE_INIT;
	queue_behind_gate(s, b, threads, &g);
	gate_open(&g);
	batch_wait(b);
}

/* Opens a fresh store holding an empty table t(id, v). */
static void open_with_table(struct tu_db *d, int batch_max)
{
	tu_db_open(d, batch_max);
	assert_int_equal(
	    store_write(d->s, tu_exec_closure, "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)"),
	    OK);
}

/* ---- tests ---- */

static void write_commits_and_readers_see_it(void **state)
{
	(void)state;
	struct tu_db d;
	open_with_table(&d, 0);
	const char *count = "SELECT count(*) FROM t";
	sqlite3_stmt *st = store_stmt(d.s, count);
	assert_non_null(st);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 0);
	sqlite3_reset(st);

	assert_int_equal(store_write(d.s, tu_exec_closure, "INSERT INTO t VALUES (1, 'a')"), OK);
	st = store_stmt(d.s, count);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	sqlite3_reset(st);

	/* the closure's result comes back; a failed closure leaves nothing */
	assert_int_equal(
	    store_write(d.s, tu_exec_closure, "INSERT INTO t VALUES (2, 'b'); SELECT nonsense"),
	    ERR);
	assert_int_equal(store_write(d.s, tu_exec_closure, "INSERT INTO t VALUES (1, 'dup')"), ERR);
	st = store_stmt(d.s, "SELECT group_concat(id || v) FROM t");
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "1a");
	sqlite3_reset(st);
	assert_int_equal(tu_path_int(d.path, count), 1);
	tu_db_close(&d);
}

static void failed_closure_rolls_back_only_itself(void **state)
{
	(void)state;
	struct tu_db d;
	open_with_table(&d, 0);
	struct store_stats before, after;
	store_stats(d.s, &before);

	struct batch b;
	batch_init(&b, d.path, 20);
	b.jobs[6].fail = true;  /* id 7 */
	b.jobs[13].fail = true; /* id 14 */
	run_behind_gate(d.s, &b, 4);

	for (int i = 0; i < b.n; i++) {
		struct job *j = &b.jobs[i];
		assert_true(j->done);
		assert_int_equal(j->result, j->fail ? ERR : OK);
		assert_int_equal(j->seen_in_closure, 0); /* not committed yet */
		if (j->seen_in_done != (j->fail ? 0 : 1))
			fail_msg("job %d: done saw %lld rows", j->id, (long long)j->seen_in_done);
	}
	assert_int_equal(tu_path_int(d.path, "SELECT count(*) FROM t"), 18);
	assert_int_equal(tu_path_int(d.path, "SELECT count(*) FROM t WHERE id IN (7, 14)"), 0);
	assert_int_equal(tu_path_int(d.path, "SELECT count(*) FROM t WHERE id > 100000"), 0);

	/* the gate alone, then all twenty in one commit */
	store_stats(d.s, &after);
	assert_int_equal(after.commits - before.commits, 2);
	assert_int_equal(after.writes - before.writes, 21);
	assert_int_equal(after.batch_hist[0] - before.batch_hist[0], 1);
	assert_int_equal(after.batch_hist[4] - before.batch_hist[4], 1); /* 16-31 */
	assert_int_equal(after.queue_depth, 0);
	batch_free(&b);
	tu_db_close(&d);
}

static void done_runs_after_commit(void **state)
{
	(void)state;
	struct tu_db d;
	open_with_table(&d, 0);
	for (int round = 0; round < 20; round++) {
		struct batch b;
		batch_init(&b, d.path, 1);
		b.jobs[0].id = 1000 + round;
		assert_int_equal(
		    store_write_async(d.s, job_closure, &b.jobs[0], job_done, &b.jobs[0]), OK);
		batch_wait(&b);
		assert_int_equal(b.jobs[0].result, OK);
		assert_int_equal(b.jobs[0].seen_in_closure, 0);
		assert_int_equal(b.jobs[0].seen_in_done, 1);
		batch_free(&b);
	}
	tu_db_close(&d);
}

static void close_drains_queued_writes(void **state)
{
	(void)state;
	struct tu_db d;
	open_with_table(&d, 0);
	struct batch b;
	batch_init(&b, d.path, 50);
	struct gate g = GATE_INIT;
	queue_behind_gate(d.s, &b, 2, &g);
	pthread_t opener;
	assert_int_equal(pthread_create(&opener, NULL, gate_open_later, &g), 0);
	store_close(d.s); /* returns only once everything queued is committed */
	d.s = NULL;
	pthread_join(opener, NULL);
	assert_int_equal(b.done, 50);
	for (int i = 0; i < b.n; i++) {
		assert_int_equal(b.jobs[i].result, OK);
		assert_int_equal(b.jobs[i].seen_in_done, 1);
	}
	assert_int_equal(tu_path_int(d.path, "SELECT count(*) FROM t"), 50);
	batch_free(&b);
	tu_db_close(&d);
}

static void batch_max_caps_a_commit(void **state)
{
	(void)state;
	struct tu_db d;
	open_with_table(&d, 3);
	struct store_stats before, after;
	store_stats(d.s, &before);
	struct batch b;
	batch_init(&b, d.path, 10);
	run_behind_gate(d.s, &b, 1);
	store_stats(d.s, &after);
	/* the gate, then 3 + 3 + 3 + 1 */
	assert_int_equal(after.commits - before.commits, 5);
	assert_int_equal(after.writes - before.writes, 11);
	assert_int_equal(after.batch_hist[0] - before.batch_hist[0], 2);
	assert_int_equal(after.batch_hist[1] - before.batch_hist[1], 3);
	for (int i = 2; i < 8; i++)
		assert_int_equal(after.batch_hist[i], before.batch_hist[i]);
	assert_int_equal(tu_path_int(d.path, "SELECT count(*) FROM t"), 10);
	batch_free(&b);
	tu_db_close(&d);
}

struct writer_thread {
	struct store *s;
	int first, count;
	int failures;
};

static void *write_many(void *arg)
{
	struct writer_thread *w = arg;
	for (int i = 0; i < w->count; i++) {
		char sql[96];
		snprintf(sql, sizeof sql, "INSERT INTO t(id, v) VALUES (%d, 'w')", w->first + i);
		if (store_write(w->s, tu_exec_closure, sql) != OK)
			w->failures++;
	}
	return NULL;
}

static void concurrent_writers_are_batched(void **state)
{
	(void)state;
	struct tu_db d;
	open_with_table(&d, 0);
	struct store_stats before, after;
	store_stats(d.s, &before);
	enum { THREADS = 8, EACH = 100 };
	pthread_t tid[THREADS];
	struct writer_thread w[THREADS];
	for (int t = 0; t < THREADS; t++) {
		w[t] = (struct writer_thread){d.s, t * EACH, EACH, 0};
		assert_int_equal(pthread_create(&tid[t], NULL, write_many, &w[t]), 0);
	}
	for (int t = 0; t < THREADS; t++) {
		pthread_join(tid[t], NULL);
		assert_int_equal(w[t].failures, 0);
	}
	store_stats(d.s, &after);
	int64_t commits = after.commits - before.commits;
	int64_t writes = after.writes - before.writes;
	assert_int_equal(writes, THREADS * EACH);
	assert_true(commits > 0);
	if (commits >= writes)
		fail_msg("%lld commits for %lld writes: no batching", (long long)commits,
		         (long long)writes);
	int64_t hist = 0;
	for (int i = 0; i < 8; i++)
		hist += after.batch_hist[i] - before.batch_hist[i];
	assert_int_equal(hist, commits);
	assert_int_equal(after.queue_depth, 0);
	assert_int_equal(tu_path_int(d.path, "SELECT count(*) FROM t"), THREADS * EACH);
	tu_db_close(&d);
}

static void never_called(void *ctx, int result)
{
	(void)ctx;
	(void)result;
	fail_msg("done called for a refused write");
}

struct stmt_probe {
	sqlite3_stmt *first, *second;
	int inserted;
};

/* Inserts twice through store_write_stmt, remembering the statements it got. */
static int cached_insert(sqlite3 *db, void *ctx)
{
	struct stmt_probe *p = ctx;
	for (int i = 0; i < 2; i++) {
		sqlite3_stmt *st = store_write_stmt(db, "INSERT INTO t(id, v) VALUES (?, 'c')");
		if (!st)
			return ERR;
		sqlite3_bind_int(st, 1, 100 + p->inserted);
		int rc = sqlite3_step(st);
		store_write_stmt_release(db, st);
		if (rc != SQLITE_DONE)
			return ERR;
		p->inserted++;
		if (i == 0)
			p->first = st;
		else
			p->second = st;
	}
	return OK;
}

/* On the writer thread statements are cached (the same one comes back, reset and
 * unbound); off it they are prepared afresh and finalized on release (LeakSanitizer and
 * store_close would report a leaked or dangling statement). */
static void write_statements_are_cached_on_the_writer(void **state)
{
	(void)state;
	struct tu_db d;
	open_with_table(&d, 0);
	struct stmt_probe p = {0};
	assert_int_equal(store_write(d.s, cached_insert, &p), OK);
	assert_int_equal(p.inserted, 2);
	assert_ptr_equal(p.first, p.second);
	struct stmt_probe again = {0};
	again.inserted = 2;
	assert_int_equal(store_write(d.s, cached_insert, &again), OK);
	assert_ptr_equal(again.first, p.first);
	assert_int_equal(tu_path_int(d.path, "SELECT count(*) FROM t WHERE v = 'c'"), 4);

	sqlite3 *raw;
	assert_int_equal(sqlite3_open(d.path, &raw), SQLITE_OK);
	struct stmt_probe off = {0};
	off.inserted = 10;
	assert_int_equal(cached_insert(raw, &off), OK);
	assert_int_equal(sqlite3_close(raw),
	                 SQLITE_OK); /* SQLITE_BUSY if a statement were left open */
	assert_int_equal(tu_path_int(d.path, "SELECT count(*) FROM t WHERE v = 'c'"), 6);
	tu_db_close(&d);
}

static void read_only_store_refuses_writes(void **state)
{
	(void)state;
	struct tu_db d;
	open_with_table(&d, 0);
	store_close(d.s);
	struct store_options ro = {d.path, 0, 0, true, NULL};
	char err[256] = "";
	d.s = store_open(&ro, err, sizeof err);
	assert_non_null(d.s);
	assert_int_equal(store_write_async(d.s, tu_exec_closure, "INSERT INTO t VALUES (1, 'a')",
	                                   never_called, NULL),
	                 ERR);
	assert_int_equal(store_write(d.s, tu_exec_closure, "INSERT INTO t VALUES (1, 'a')"), ERR);
	assert_int_equal(tu_path_int(d.path, "SELECT count(*) FROM t"), 0);
	tu_db_close(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(write_commits_and_readers_see_it, quiet),
	    cmocka_unit_test_setup(failed_closure_rolls_back_only_itself, quiet),
	    cmocka_unit_test_setup(done_runs_after_commit, quiet),
	    cmocka_unit_test_setup(close_drains_queued_writes, quiet),
	    cmocka_unit_test_setup(batch_max_caps_a_commit, quiet),
	    cmocka_unit_test_setup(concurrent_writers_are_batched, quiet),
	    cmocka_unit_test_setup(read_only_store_refuses_writes, quiet),
	    cmocka_unit_test_setup(write_statements_are_cached_on_the_writer, quiet),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
