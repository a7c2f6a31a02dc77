/* test_util.h: helpers shared by the unit tests (each test_*.c is its own executable, so
 * everything here is static inline): temporary directories and files, and capturing what
 * the code under test writes to stderr. */
#ifndef TALA_TEST_UTIL_H
#define TALA_TEST_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Creates a fresh directory under $TMPDIR (or /tmp) into out; fails the test otherwise. */
static inline void tu_mkdtemp(char *out, size_t cap)
{
	const char *base = getenv("TMPDIR");
	snprintf(out, cap, "%s/tala-unit-XXXXXX", base && *base ? base : "/tmp");
	assert_non_null(mkdtemp(out));
}

static inline int tu_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Removes dir and everything below it. */
static inline void tu_rmtree(const char *dir)
{
	nftw(dir, tu_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Writes text to dir/name (truncating); returns the full path in out. */
static inline void tu_write_file(const char *dir, const char *name, const char *text, char *out,
                                 size_t cap)
{
	snprintf(out, cap, "%s/%s", dir, name);
	FILE *f = fopen(out, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/* Redirects stderr (fd 2) into a temporary file until tu_capture_end. */
struct tu_capture {
	FILE *file;
	int saved_fd;
};

static inline void tu_capture_begin(struct tu_capture *c)
{
	fflush(stderr);
	c->file = tmpfile();
	assert_non_null(c->file);
	c->saved_fd = dup(STDERR_FILENO);
	assert_true(c->saved_fd >= 0);
	assert_true(dup2(fileno(c->file), STDERR_FILENO) >= 0);
}

/* Restores stderr; returns what was written meanwhile (malloc'd, NUL-terminated). */
static inline char *tu_capture_end(struct tu_capture *c)
{
	fflush(stderr);
	assert_true(dup2(c->saved_fd, STDERR_FILENO) >= 0);
	close(c->saved_fd);
	assert_int_equal(fseek(c->file, 0, SEEK_END), 0);
	long n = ftell(c->file);
	assert_true(n >= 0);
	rewind(c->file);
	char *text = malloc((size_t)n + 1);
	assert_non_null(text);
	size_t got = fread(text, 1, (size_t)n, c->file);
	text[got] = '\0';
	fclose(c->file);
	return text;
}

/* ---- store helpers: include "store/store.h" before this header to get them ---- */
#ifdef TALA_STORE_H
#include "search/search.h"
#include <sqlite3.h>

/* A store in a fresh temporary directory. */
struct tu_db {
	char dir[256];
	char path[320];
	struct store *s;
};

/* Opens (creating) dir/tala.db with the given batch size; fails the test on error. */
static inline void tu_db_open(struct tu_db *d, int batch_max)
{
	tu_mkdtemp(d->dir, sizeof d->dir);
	snprintf(d->path, sizeof d->path, "%s/tala.db", d->dir);
	search_conn_init_all(); /* the migrations' FTS5 tokenizer, on every connection */
	struct store_options opt = {d->path, 5000, batch_max, false, NULL};
	char err[256] = "";
	d->s = store_open(&opt, err, sizeof err);
	if (!d->s)
		fail_msg("store_open: %s", err);
}

/* Applies every migration to d's store; fails the test on error. */
static inline void tu_db_migrate(struct tu_db *d)
{
	int applied = 0;
	char err[256] = "";
	if (store_migrate(d->s, &applied, err, sizeof err) != 0)
		fail_msg("migrate: %s", err);
}

/* Closes the store (when open) and removes the directory. */
static inline void tu_db_close(struct tu_db *d)
{
	store_close(d->s);
	d->s = NULL;
	tu_rmtree(d->dir);
}

/* Opens a separate connection to path, outside the store (read-only unless rw). */
static inline sqlite3 *tu_sqlite_open(const char *path, bool rw)
{
	sqlite3 *db = NULL;
	int flags = rw ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY;
	if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK)
		fail_msg("open %s: %s", path, db ? sqlite3_errmsg(db) : "?");
	sqlite3_busy_timeout(db, 5000);
	return db;
}

/* Returns the integer the query's first row holds (-1 when it has no row). */
static inline int64_t tu_sqlite_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("prepare %s: %s", sql, sqlite3_errmsg(db));
	int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	return v;
}

/* Like tu_sqlite_int on a separate connection to path. */
static inline int64_t tu_path_int(const char *path, const char *sql)
{
	sqlite3 *db = tu_sqlite_open(path, false);
	int64_t v = tu_sqlite_int(db, sql);
	sqlite3_close(db);
	return v;
}

/* A write closure that runs the SQL text in ctx; OK or ERR. */
static inline int tu_exec_closure(sqlite3 *db, void *ctx)
{
	return sqlite3_exec(db, ctx, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}
#endif

#endif
