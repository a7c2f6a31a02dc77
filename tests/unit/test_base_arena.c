/* test_base_arena.c: the region allocator (src/base/arena.c) — alignment, zeroing, big
 * allocations, copies and formatting, freeing and reuse. */
#include "test_util.h"

#include "base/arena.h"

static void alloc_is_aligned_and_zeroed(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 64);
	for (size_t n = 0; n < 200; n++) {
		unsigned char *p = arena_alloc(&a, n);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(p[i], 0);
		memset(p, 0xAB, n); /* ASan: the whole n bytes are ours */
	}
	assert_true(a.total >= 199 * 200 / 2);
	arena_free(&a);
}

static void allocations_do_not_overlap(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 128);
	char *ptrs[100];
	for (int i = 0; i < 100; i++) {
		ptrs[i] = arena_alloc(&a, 24);
		memset(ptrs[i], i, 24);
	}
	for (int i = 0; i < 100; i++)
		for (int j = 0; j < 24; j++)
			assert_int_equal((unsigned char)ptrs[i][j], i);
	arena_free(&a);
}

static void big_allocation_keeps_current_block(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 256);
	char *small1 = arena_alloc(&a, 16);
	char *big = arena_alloc(&a, 10000);
	char *small2 = arena_alloc(&a, 16);
	memset(big, 1, 10000);
	/* The big request got its own block; the partly used block stays current, so the
	 * next small allocation follows the first one. */
	assert_ptr_equal(small2, small1 + 16);
	assert_true(small2 < big || small2 >= big + 10000);
	arena_free(&a);
}

static void default_block_size(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	assert_int_equal(a.block_size, 8192);
	assert_null(a.head);
	assert_int_equal(a.total, 0);
	arena_free(&a);
}

static void strdup_and_strndup_copy(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	const char src[] = "ᠮᠣᠩᠭᠣᠯ 中文";
	char *d = arena_strdup(&a, src);
	assert_string_equal(d, src);
	assert_ptr_not_equal(d, src);
	char *n = arena_strndup(&a, "abcdef", 3);
	assert_string_equal(n, "abc");
	char *e = arena_strndup(&a, NULL, 0);
	assert_string_equal(e, "");
	/* strndup copies exactly n bytes, even past a NUL */
	char *z = arena_strndup(&a, "a\0b", 3);
	assert_int_equal(z[0], 'a');
	assert_int_equal(z[1], '\0');
	assert_int_equal(z[2], 'b');
	assert_int_equal(z[3], '\0');
	arena_free(&a);
}

static void printf_formats(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 32);
	assert_string_equal(arena_printf(&a, "%s-%d-%05.1f", "x", 42, 3.14159), "x-42-003.1");
	assert_string_equal(arena_printf(&a, "%s", ""), "");
	/* longer than a block */
	char big[1000];
	memset(big, 'q', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	char *p = arena_printf(&a, "<%s>", big);
	assert_int_equal(strlen(p), 1001);
	assert_int_equal(p[0], '<');
	assert_int_equal(p[1000], '>');
	arena_free(&a);
}

static void free_then_reuse(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 64);
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 50; i++)
			arena_strdup(&a, "some text that spans blocks");
		assert_non_null(a.head);
		assert_true(a.total > 0);
		arena_free(&a);
		assert_null(a.head);
		assert_int_equal(a.total, 0);
	}
	arena_free(&a); /* freeing an empty arena is harmless */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(alloc_is_aligned_and_zeroed),
	    cmocka_unit_test(allocations_do_not_overlap),
	    cmocka_unit_test(big_allocation_keeps_current_block),
	    cmocka_unit_test(default_block_size),
	    cmocka_unit_test(strdup_and_strndup_copy),
	    cmocka_unit_test(printf_formats),
	    cmocka_unit_test(free_then_reuse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
