/* store_internal.h: the store's private state, shared by store*.c only. */
#ifndef TALA_STORE_INTERNAL_H
#define TALA_STORE_INTERNAL_H

#include "store/store.h"

#include <pthread.h>
#include <stdatomic.h>

struct write_job {
	struct write_job *next;
	store_write_fn fn;
	void *ctx;
	store_done_fn done;
	void *done_ctx;
};

struct reader;

struct store {
	char path[512];
	int busy_timeout_ms;
	int batch_max;
	bool readonly;
	store_conn_init_fn conn_init;

	sqlite3 *wdb; /* the writer's connection (also used for migrations before start) */

	pthread_mutex_t lock;
	pthread_cond_t wake; /* writer waits for work */
	struct write_job *head, *tail;
	bool stopping;
	bool writer_running;
	pthread_t writer;

	pthread_key_t reader_key;
	pthread_mutex_t readers_lock;
	struct reader *readers; /* every open read connection, for store_close */

	_Atomic int64_t queue_depth, commits, writes;
	_Atomic int64_t batch_hist[8];
};

/* Opens a connection with Tala's pragmas; NULL with err on failure. */
sqlite3 *store_connect(struct store *s, bool readonly, char *err, size_t errlen);
void store_readers_close_all(struct store *s);
int store_writer_start(struct store *s, char *err, size_t errlen);
void store_writer_stop(struct store *s);

#endif
