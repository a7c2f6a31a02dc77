/* store_writer.c: the single writer thread. It takes every queued write closure (up to
 * batch_max), runs each inside one transaction under its own savepoint, commits once, and
 * only then completes each caller: group commit. synchronous=FULL makes the commit durable. */
#include "store/store_internal.h"
#include "base/common.h"
#include "base/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The writer thread's statement cache (one connection: the writer's). Set up when the
 * thread starts, finalized before it ends; other threads never see entries. */
#define WRITE_STMT_CACHE 64
static _Thread_local struct {
	sqlite3 *db;
	struct {
		char *sql;
		sqlite3_stmt *stmt;
	} items[WRITE_STMT_CACHE];
	size_t n;
} wcache;

sqlite3_stmt *store_write_stmt(sqlite3 *db, const char *sql)
{
	if (db == wcache.db) {
		for (size_t i = 0; i < wcache.n; i++)
			if (strcmp(wcache.items[i].sql, sql) == 0)
				return wcache.items[i].stmt;
	}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		log_msg(LOG_ERROR, "store.prepare", "%s", sqlite3_errmsg(db));
		sqlite3_finalize(st);
		return NULL;
	}
	if (db == wcache.db && wcache.n < WRITE_STMT_CACHE) {
		char *copy = strdup(sql);
		if (copy) {
			wcache.items[wcache.n].sql = copy;
			wcache.items[wcache.n].stmt = st;
			wcache.n++;
		}
	}
	return st;
}

void store_write_stmt_release(sqlite3 *db, sqlite3_stmt *st)
{
	if (!st)
		return;
	if (db == wcache.db)
		for (size_t i = 0; i < wcache.n; i++)
			if (wcache.items[i].stmt == st) {
				sqlite3_reset(st);
				sqlite3_clear_bindings(st);
				return;
			}
	sqlite3_finalize(st);
}

static void wcache_clear(void)
{
	for (size_t i = 0; i < wcache.n; i++) {
		sqlite3_finalize(wcache.items[i].stmt);
		free(wcache.items[i].sql);
	}
	wcache.n = 0;
	wcache.db = NULL;
}

static int hist_bucket(int n)
{
	int b = 0;
	while (n > 1 && b < 7) {
		n >>= 1;
		b++;
	}
	return b;
}

static void run_batch(struct store *s, struct write_job *batch, int n)
{
	int results[n];
	int commit_ok = store_exec(s->wdb, "BEGIN IMMEDIATE") == OK;
	int i = 0;
	for (struct write_job *j = batch; j; j = j->next, i++) {
		results[i] = ERR;
		if (!commit_ok)
			continue;
		if (store_exec(s->wdb, "SAVEPOINT w") != OK) {
			commit_ok = 0;
			continue;
		}
		results[i] = j->fn(s->wdb, j->ctx);
		if (results[i] != OK && store_exec(s->wdb, "ROLLBACK TO w") != OK)
			commit_ok = 0;
		if (store_exec(s->wdb, "RELEASE w") != OK)
			commit_ok = 0;
	}
	if (commit_ok && store_exec(s->wdb, "COMMIT") != OK)
		commit_ok = 0;
	if (!commit_ok) {
		if (!sqlite3_get_autocommit(s->wdb))
			store_exec(s->wdb, "ROLLBACK");
		log_msg(LOG_ERROR, "store.commit", "batch of %d writes failed", n);
	}
	s->commits++;
	s->writes += n;
	s->batch_hist[hist_bucket(n)]++;
	i = 0;
	struct write_job *j = batch;
	while (j) {
		struct write_job *next = j->next; /* done() may free the job's owner */
		j->done(j->done_ctx, commit_ok ? results[i] : ERR);
		free(j);
		j = next;
		i++;
	}
}

static void *writer_main(void *arg)
{
	struct store *s = arg;
	wcache.db = s->wdb;
	pthread_mutex_lock(&s->lock);
	for (;;) {
		while (!s->head && !s->stopping)
			pthread_cond_wait(&s->wake, &s->lock);
		if (!s->head && s->stopping)
			break;
		struct write_job *batch = s->head, *last = batch;
		int n = 1;
		while (last->next && n < s->batch_max) {
			last = last->next;
			n++;
		}
		s->head = last->next;
		if (!s->head)
			s->tail = NULL;
		last->next = NULL;
		s->queue_depth -= n;
		pthread_mutex_unlock(&s->lock);
		run_batch(s, batch, n);
		pthread_mutex_lock(&s->lock);
	}
	pthread_mutex_unlock(&s->lock);
	wcache_clear();
	return NULL;
}

int store_writer_start(struct store *s, char *err, size_t errlen)
{
	if (pthread_create(&s->writer, NULL, writer_main, s) != 0) {
		snprintf(err, errlen, "cannot start the writer thread");
		return ERR;
	}
	s->writer_running = true;
	return OK;
}

void store_writer_stop(struct store *s)
{
	if (!s->writer_running)
		return;
	pthread_mutex_lock(&s->lock);
	s->stopping = true; /* the writer drains what is queued, then exits */
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->writer, NULL);
	s->writer_running = false;
}

int store_write_async(struct store *s, store_write_fn fn, void *ctx, store_done_fn done,
                      void *done_ctx)
{
	struct write_job *j = malloc(sizeof *j);
	if (!j)
		return ERR;
	*j = (struct write_job){NULL, fn, ctx, done, done_ctx};
	pthread_mutex_lock(&s->lock);
	if (s->stopping || !s->writer_running) {
		pthread_mutex_unlock(&s->lock);
		free(j);
		return ERR;
	}
	if (s->tail)
		s->tail->next = j;
	else
		s->head = j;
	s->tail = j;
	s->queue_depth++;
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->lock);
	return OK;
}

struct sync_wait {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool done;
	int result;
};

static void sync_done(void *arg, int result)
{
	struct sync_wait *w = arg;
	pthread_mutex_lock(&w->lock);
	w->result = result;
	w->done = true;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

int store_write(struct store *s, store_write_fn fn, void *ctx)
{
	struct sync_wait w = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false, ERR};
	if (store_write_async(s, fn, ctx, sync_done, &w) != OK)
		return ERR;
	pthread_mutex_lock(&w.lock);
	while (!w.done)
		pthread_cond_wait(&w.cond, &w.lock);
	pthread_mutex_unlock(&w.lock);
	pthread_mutex_destroy(&w.lock);
	pthread_cond_destroy(&w.cond);
	return w.result;
}
