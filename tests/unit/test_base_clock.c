/* test_base_clock.c: monotonic and wall clocks and RFC 3339 formatting (src/base/clock.c). */
#include "test_util.h"

#include "base/clock.h"
#include "base/common.h"

#include <time.h>

static void rfc3339_fixed_values(void **state)
{
	(void)state;
	static const struct {
		int64_t ms;
		const char *want;
	} cases[] = {
	    {1795911353123, "2026-11-29T00:15:53.123Z"},
	    {0, "1970-01-01T00:00:00.000Z"},
	    {5, "1970-01-01T00:00:00.005Z"},
	    {999, "1970-01-01T00:00:00.999Z"},
	    {1000, "1970-01-01T00:00:01.000Z"},
	    {951868799999, "2000-02-29T23:59:59.999Z"}, /* leap day, last millisecond */
	    {951868800000, "2000-03-01T00:00:00.000Z"},
	    {253402300799999, "9999-12-31T23:59:59.999Z"},
	    {-1, "1969-12-31T23:59:59.999Z"}, /* before the epoch: floor, not truncation */
	    {-1000, "1969-12-31T23:59:59.000Z"},
	    {-1001, "1969-12-31T23:59:58.999Z"},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char out[32];
		memset(out, 'X', sizeof out);
		clock_format_rfc3339(cases[i].ms, out);
		if (strcmp(out, cases[i].want) != 0)
			fail_msg("%lld formatted as %s, want %s", (long long)cases[i].ms, out,
			         cases[i].want);
	}
}

static void wall_clock_is_now(void **state)
{
	(void)state;
	time_t before = time(NULL);
	int64_t ms = clock_wall_ms();
	time_t after = time(NULL);
	assert_true(ms / 1000 >= (int64_t)before);
	assert_true(ms / 1000 <= (int64_t)after);
	char out[32];
	clock_format_rfc3339(ms, out);
	assert_int_equal(strlen(out), 24);
	assert_int_equal(out[23], 'Z');
}

static void monotonic_clock_advances(void **state)
{
	(void)state;
	int64_t a = clock_mono_ns();
	struct timespec ts = {0, 20 * 1000 * 1000};
	nanosleep(&ts, NULL);
	int64_t b = clock_mono_ns();
	assert_true(b - a >= 20 * 1000 * 1000);
	assert_true(b - a < 10LL * 1000 * 1000 * 1000);
	int64_t prev = clock_mono_ns();
	for (int i = 0; i < 10000; i++) {
		int64_t now = clock_mono_ns();
		assert_true(now >= prev);
		prev = now;
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(rfc3339_fixed_values),
	    cmocka_unit_test(wall_clock_is_now),
	    cmocka_unit_test(monotonic_clock_advances),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
