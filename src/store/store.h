/* store.h: Tala's SQLite storage. One database file in WAL mode; one read connection per
 * thread (with a prepared-statement cache); one writer thread that commits queued write
 * closures in batches (group commit) and answers each caller only once the commit holding
 * its write is durable (synchronous=FULL). */
#ifndef TALA_STORE_H
#define TALA_STORE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

/* Called on every connection the store opens (e.g. to register tokenizers). */
typedef int (*store_conn_init_fn)(sqlite3 *db);

struct store_options {
	const char *path; /* database file */
	int busy_timeout_ms;
	int batch_max;                /* writes per commit at most; 1 = one fsync per write */
	bool readonly;                /* CLI inspection: no writer thread */
	store_conn_init_fn conn_init; /* may be NULL */
};

/* Opens the database (creating it), applies pragmas and starts the writer thread.
 * Does not migrate (see store_migrate). Returns NULL with a reason in err. */
struct store *store_open(const struct store_options *opt, char *err, size_t errlen);
/* Drains the writer queue, stops the writer thread and closes every connection. */
void store_close(struct store *s);

/* ---- migrations (store_migrate.c) ---- */
/* Applies every embedded db/migrations/NNNN_*.sql newer than the database, each in its own
 * transaction. Refuses (ERR) when the database is newer than this binary. *applied gets
 * the number applied. */
int store_migrate(struct store *s, int *applied, char *err, size_t errlen);
/* Returns the database's schema version (0 when none) or -1 on error. */
int store_schema_version(struct store *s);
/* Returns the highest migration version embedded in this binary. */
int store_schema_latest(void);

/* ---- reads (store_reader.c) ---- */
/* Returns the calling thread's read connection, opening it on first use. */
sqlite3 *store_reader(struct store *s);
/* Returns a cached prepared statement for `sql` on the calling thread's read connection,
 * reset and with bindings cleared. Do not finalize it. NULL on error (logged). */
sqlite3_stmt *store_stmt(struct store *s, const char *sql);

/* ---- writes (store_writer.c) ---- */
/* A write closure: runs inside the writer's transaction; returns OK to keep its changes or
 * ERR to roll back only itself (savepoint). It must not block or call the writer. */
typedef int (*store_write_fn)(sqlite3 *db, void *ctx);
/* Completion: result is the closure's result (OK/ERR), or ERR when the commit failed. Runs
 * on the writer thread; must be quick (e.g. resume a suspended connection). */
typedef void (*store_done_fn)(void *done_ctx, int result);

/* Queues fn and returns at once; done runs after the commit. Returns ERR when the store is
 * closing (then done is not called). */
int store_write_async(struct store *s, store_write_fn fn, void *ctx, store_done_fn done,
                      void *done_ctx);
/* Queues fn and waits for the commit holding it. Returns the closure's result, or ERR. */
int store_write(struct store *s, store_write_fn fn, void *ctx);

/* A prepared statement for a write closure. On the writer thread it comes from the
 * writer's statement cache (reset, bindings cleared); elsewhere it is prepared afresh.
 * Give it back with store_write_stmt_release. NULL on error (logged). */
sqlite3_stmt *store_write_stmt(sqlite3 *db, const char *sql);
/* Resets a cached statement, or finalizes a fresh one. */
void store_write_stmt_release(sqlite3 *db, sqlite3_stmt *st);

/* Online backup of the whole database into `dest` (a new file). */
int store_backup(struct store *s, const char *dest, char *err, size_t errlen);

struct store_stats {
	int64_t queue_depth;   /* writes waiting now */
	int64_t commits;       /* batches committed */
	int64_t writes;        /* closures run */
	int64_t batch_hist[8]; /* batches of size 1, 2-3, 4-7, ... 64-127, >=128 */
};
void store_stats(struct store *s, struct store_stats *out);

/* Helpers for closures and readers. */
/* Runs sql (no rows expected) on db; returns OK/ERR (logged). */
int store_exec(sqlite3 *db, const char *sql);

#endif
