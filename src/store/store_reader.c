/* store_reader.c: one read connection per thread, each with a prepared-statement cache
 * keyed by the SQL text. The store keeps a list of them so store_close can close them. */
#include "store/store_internal.h"
#include "base/common.h"
#include "base/log.h"

#include <stdlib.h>
#include <string.h>

#define STMT_CACHE_SIZE 64

struct cached_stmt {
	char *sql; /* own copy of the SQL text: the key */
	sqlite3_stmt *stmt;
};

struct reader {
	struct reader *next;
	sqlite3 *db;
	struct cached_stmt cache[STMT_CACHE_SIZE];
	size_t ncache;
};

static void reader_close(struct reader *r)
{
	for (size_t i = 0; i < r->ncache; i++) {
		sqlite3_finalize(r->cache[i].stmt);
		free(r->cache[i].sql);
	}
	sqlite3_close(r->db);
	free(r);
}

static struct reader *reader_get(struct store *s)
{
	struct reader *r = pthread_getspecific(s->reader_key);
	if (r)
		return r;
	char err[256];
	sqlite3 *db = store_connect(s, true, err, sizeof err);
	if (!db) {
		log_msg(LOG_ERROR, "store.reader", "%s", err);
		return NULL;
	}
	r = calloc(1, sizeof *r);
	if (!r) {
		sqlite3_close(db);
		return NULL;
	}
	r->db = db;
	pthread_mutex_lock(&s->readers_lock);
	r->next = s->readers;
	s->readers = r;
	pthread_mutex_unlock(&s->readers_lock);
	pthread_setspecific(s->reader_key, r);
	return r;
}

sqlite3 *store_reader(struct store *s)
{
	struct reader *r = reader_get(s);
	return r ? r->db : NULL;
}

sqlite3_stmt *store_stmt(struct store *s, const char *sql)
{
	struct reader *r = reader_get(s);
	if (!r)
		return NULL;
	for (size_t i = 0; i < r->ncache; i++) {
		if (strcmp(r->cache[i].sql, sql) == 0) {
			sqlite3_stmt *st = r->cache[i].stmt;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return st;
		}
	}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(r->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		log_msg(LOG_ERROR, "store.prepare", "%s", sqlite3_errmsg(r->db));
		return NULL;
	}
	if (r->ncache == STMT_CACHE_SIZE) { /* full: drop the oldest */
		sqlite3_finalize(r->cache[0].stmt);
		free(r->cache[0].sql);
		memmove(r->cache, r->cache + 1, sizeof r->cache[0] * (STMT_CACHE_SIZE - 1));
		r->ncache--;
	}
	char *copy = strdup(sql);
	if (!copy) {
		sqlite3_finalize(st);
		return NULL;
	}
	r->cache[r->ncache].sql = copy;
	r->cache[r->ncache].stmt = st;
	r->ncache++;
	return st;
}

void store_readers_close_all(struct store *s)
{
	pthread_mutex_lock(&s->readers_lock);
	struct reader *r = s->readers;
	s->readers = NULL;
	pthread_mutex_unlock(&s->readers_lock);
	while (r) {
		struct reader *next = r->next;
		reader_close(r);
		r = next;
	}
	pthread_setspecific(s->reader_key, NULL);
}
