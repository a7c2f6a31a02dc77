/* test_quiz_util.h: what the question bank's unit tests share (each test_*.c is its own
 * executable, so everything here is static): one arena for the group, and checks of an
 * import's items (accepted with a kind, or rejected at a line with a reason). */
#ifndef TALA_TEST_QUIZ_UTIL_H
#define TALA_TEST_QUIZ_UTIL_H

#include "base/arena.h"
#include "quiz/quiz_bank.h"

static struct arena A;

static int quiz_setup(void **state)
{
	(void)state;
	arena_init(&A, 1 << 16);
	return 0;
}

static int quiz_teardown(void **state)
{
	(void)state;
	arena_free(&A);
	return 0;
}

/* Item i was accepted, starts at line (0: any) and is of kind. */
static inline void item_ok(const struct quiz_import *imp, size_t i, int line, const char *kind)
{
	assert_true(i < imp->n);
	if (imp->items[i].error_key)
		fail_msg("item %zu line %d: %s (%s)", i, imp->items[i].line,
		         imp->items[i].error_key, imp->items[i].field ? imp->items[i].field : "-");
	if (line)
		assert_int_equal(imp->items[i].line, line);
	assert_string_equal(imp->items[i].q.kind, kind);
}

/* Item i was rejected at line for reason key. */
static inline void item_err(const struct quiz_import *imp, size_t i, int line, const char *key)
{
	assert_true(i < imp->n);
	if (!imp->items[i].error_key)
		fail_msg("item %zu (line %d) accepted, want %s", i, imp->items[i].line, key);
	assert_int_equal(imp->items[i].line, line);
	assert_string_equal(imp->items[i].error_key, key);
}

#endif
