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

#endif
