/* test_base_strbuf.c: the growable string buffer (src/base/strbuf.c). */
#include "test_util.h"

#include "base/strbuf.h"

static void init_is_empty_string(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	assert_non_null(sb.data);
	assert_string_equal(sb.data, "");
	assert_int_equal(sb.len, 0);
	strbuf_reset(&sb); /* reset before any growth leaves it empty */
	assert_string_equal(sb.data, "");
	strbuf_free(&sb);
	strbuf_free(&sb); /* freeing twice is harmless: free re-initialises */
}

static void append_puts_putc(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_puts(&sb, "abc");
	strbuf_putc(&sb, '-');
	strbuf_append(&sb, "xyz123", 3);
	strbuf_append(&sb, NULL, 0);
	assert_string_equal(sb.data, "abc-xyz");
	assert_int_equal(sb.len, 7);
	assert_true(sb.cap > sb.len);
	strbuf_free(&sb);
}

static void embedded_nul_is_kept(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_append(&sb, "a\0b", 3);
	assert_int_equal(sb.len, 3);
	assert_memory_equal(sb.data, "a\0b", 4);
	strbuf_free(&sb);
}

static void grows_across_many_appends(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	for (int i = 0; i < 10000; i++)
		strbuf_putc(&sb, (char)('a' + i % 26));
	assert_int_equal(sb.len, 10000);
	assert_int_equal(strlen(sb.data), 10000);
	for (int i = 0; i < 10000; i++)
		assert_int_equal(sb.data[i], 'a' + i % 26);
	strbuf_free(&sb);
}

static void printf_appends(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_puts(&sb, "n=");
	strbuf_printf(&sb, "%d, s=%s", -7, "中文");
	assert_string_equal(sb.data, "n=-7, s=中文");
	strbuf_printf(&sb, "%s", ""); /* nothing to add */
	assert_string_equal(sb.data, "n=-7, s=中文");
	char big[5000];
	memset(big, 'z', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	strbuf_printf(&sb, "[%s]", big);
	assert_int_equal(sb.len, strlen("n=-7, s=中文") + 5001);
	assert_int_equal(sb.data[sb.len - 1], ']');
	assert_int_equal(sb.data[sb.len], '\0');
	strbuf_free(&sb);
}

static void reset_keeps_capacity(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_puts(&sb, "hello world");
	size_t cap = sb.cap;
	strbuf_reset(&sb);
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.data, "");
	assert_int_equal(sb.cap, cap);
	strbuf_puts(&sb, "again");
	assert_string_equal(sb.data, "again");
	strbuf_free(&sb);
}

static void grow_reserves_room(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_grow(&sb, 1000);
	assert_true(sb.cap >= 1001);
	char *before = sb.data;
	for (int i = 0; i < 1000; i++)
		strbuf_putc(&sb, 'x');
	assert_ptr_equal(sb.data, before); /* no reallocation was needed */
	strbuf_free(&sb);
}

static void detach_hands_over(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_puts(&sb, "owned");
	size_t len = 0;
	char *p = strbuf_detach(&sb, &len);
	assert_string_equal(p, "owned");
	assert_int_equal(len, 5);
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.data, "");
	free(p);
	/* detaching an empty, never-grown buffer still returns heap memory */
	char *e = strbuf_detach(&sb, NULL);
	assert_string_equal(e, "");
	free(e);
	strbuf_free(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(init_is_empty_string), cmocka_unit_test(append_puts_putc),
	    cmocka_unit_test(embedded_nul_is_kept), cmocka_unit_test(grows_across_many_appends),
	    cmocka_unit_test(printf_appends),       cmocka_unit_test(reset_keeps_capacity),
	    cmocka_unit_test(grow_reserves_room),   cmocka_unit_test(detach_hands_over),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
