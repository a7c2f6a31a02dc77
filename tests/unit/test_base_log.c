/* test_base_log.c: logfmt lines (src/base/log.c) — quoting and escaping of values, one line
 * per call, level filtering. stderr is captured into a temporary file. */
#include "test_util.h"

#include "base/common.h"
#include "base/log.h"

#include <regex.h>

static int reset_level(void **state)
{
	(void)state;
	log_set_level(LOG_DEBUG);
	return 0;
}

/* Writes one line with key=value and returns everything written to stderr (free it). */
static char *line_with(const char *key, const char *value)
{
	struct tu_capture cap;
	struct logline l;
	tu_capture_begin(&cap);
	log_begin(&l, LOG_INFO, "test.event");
	log_str(&l, key, value);
	log_end(&l);
	return tu_capture_end(&cap);
}

/* Asserts that the line for value ends with " k=<want>\n". */
static void assert_value_written(const char *value, const char *want)
{
	char *out = line_with("k", value);
	char suffix[256];
	snprintf(suffix, sizeof suffix, " k=%s\n", want);
	size_t n = strlen(out), m = strlen(suffix);
	if (n < m || strcmp(out + n - m, suffix) != 0)
		fail_msg("value written as \"%s\", want suffix \"%s\"", out, suffix);
	free(out);
}

static void line_shape(void **state)
{
	(void)state;
	char *out = line_with("port", "8080");
	regex_t re;
	assert_int_equal(
	    regcomp(&re,
	            "^ts=[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z"
	            " level=info event=test\\.event port=8080\n$",
	            REG_EXTENDED),
	    0);
	if (regexec(&re, out, 0, NULL, 0) != 0)
		fail_msg("unexpected line: %s", out);
	regfree(&re);
	free(out);
}

static void plain_values_are_bare(void **state)
{
	(void)state;
	assert_value_written("simple", "simple");
	assert_value_written("/api/v1/regions?q=x", "\"/api/v1/regions?q=x\"");
	assert_value_written("中文ᠮᠣᠩᠭᠣᠯ", "中文ᠮᠣᠩᠭᠣᠯ");
	assert_value_written("-12.5", "-12.5");
}

static void special_values_are_quoted_and_escaped(void **state)
{
	(void)state;
	assert_value_written("", "\"\"");
	assert_value_written("two words", "\"two words\"");
	assert_value_written("a=b", "\"a=b\"");
	assert_value_written("say \"hi\"", "\"say \\\"hi\\\"\"");
	assert_value_written("back\\slash", "\"back\\\\slash\"");
	assert_value_written("line1\nline2", "\"line1\\x0aline2\"");
	assert_value_written("cr\rlf", "\"cr\\x0dlf\"");
	assert_value_written("tab\there", "\"tab\\x09here\"");
}

static void control_bytes_are_escaped(void **state)
{
	(void)state;
	/* no space or quote to trigger quoting: the control bytes alone must */
	assert_value_written("red\x1b[31m", "\"red\\x1b[31m\"");
	assert_value_written("bell\x07", "\"bell\\x07\"");
	char *out = line_with("k", "a\x01\x1f");
	for (const char *p = out; *p; p++)
		if ((unsigned char)*p < 0x20 && *p != '\n')
			fail_msg("raw control byte 0x%02x in %s", (unsigned char)*p, out);
	free(out);
}

static void one_line_per_call(void **state)
{
	(void)state;
	char *out = line_with("msg", "first\nlevel=error event=forged");
	char *nl = strchr(out, '\n');
	assert_non_null(nl);
	assert_int_equal(nl[1], '\0'); /* exactly one newline, at the end */
	assert_non_null(strstr(out, "msg=\"first\\x0alevel=error event=forged\""));
	free(out);
}

static void null_value_is_empty(void **state)
{
	(void)state;
	assert_value_written(NULL, "\"\"");
}

static void integers(void **state)
{
	(void)state;
	struct tu_capture cap;
	struct logline l;
	tu_capture_begin(&cap);
	log_begin(&l, LOG_WARN, "n");
	log_int(&l, "neg", -42);
	log_int(&l, "big", INT64_MAX);
	log_end(&l);
	char *out = tu_capture_end(&cap);
	assert_non_null(strstr(out, " level=warn event=n neg=-42 big=9223372036854775807\n"));
	free(out);
}

static void event_is_escaped_too(void **state)
{
	(void)state;
	struct tu_capture cap;
	struct logline l;
	tu_capture_begin(&cap);
	log_begin(&l, LOG_ERROR, "bad event");
	log_end(&l);
	char *out = tu_capture_end(&cap);
	assert_non_null(strstr(out, " level=error event=\"bad event\"\n"));
	free(out);
}

static void log_msg_formats(void **state)
{
	(void)state;
	struct tu_capture cap;
	tu_capture_begin(&cap);
	log_msg(LOG_INFO, "store.migrate", "applied %s (%d)", "0001_base.sql", 1);
	char *out = tu_capture_end(&cap);
	assert_non_null(
	    strstr(out, " level=info event=store.migrate msg=\"applied 0001_base.sql (1)\"\n"));
	free(out);
}

static void levels_filter(void **state)
{
	(void)state;
	log_set_level(LOG_WARN);
	assert_false(log_enabled(LOG_DEBUG));
	assert_false(log_enabled(LOG_INFO));
	assert_true(log_enabled(LOG_WARN));
	assert_true(log_enabled(LOG_ERROR));
	struct tu_capture cap;
	tu_capture_begin(&cap);
	log_msg(LOG_INFO, "hidden", "not written");
	struct logline l;
	log_begin(&l, LOG_DEBUG, "hidden");
	log_str(&l, "k", "v");
	log_end(&l);
	log_msg(LOG_ERROR, "shown", "written");
	char *out = tu_capture_end(&cap);
	assert_null(strstr(out, "hidden"));
	assert_non_null(strstr(out, "event=shown"));
	free(out);

	assert_int_equal(log_set_level_name("debug"), OK);
	assert_true(log_enabled(LOG_DEBUG));
	assert_int_equal(log_set_level_name("error"), OK);
	assert_false(log_enabled(LOG_WARN));
	assert_int_equal(log_set_level_name("verbose"), ERR);
	assert_int_equal(log_set_level_name("INFO"), ERR);
	assert_false(log_enabled(LOG_WARN)); /* an unknown name changes nothing */
}

static void long_lines_are_cut_but_terminated(void **state)
{
	(void)state;
	char big[3000];
	memset(big, 'v', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	char *out = line_with("big", big);
	size_t n = strlen(out);
	assert_true(n <= sizeof(((struct logline *)0)->buf));
	assert_int_equal(out[n - 1], '\n');
	assert_ptr_equal(strchr(out, '\n'), out + n - 1);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(line_shape, reset_level),
	    cmocka_unit_test_setup(plain_values_are_bare, reset_level),
	    cmocka_unit_test_setup(special_values_are_quoted_and_escaped, reset_level),
	    cmocka_unit_test_setup(control_bytes_are_escaped, reset_level),
	    cmocka_unit_test_setup(one_line_per_call, reset_level),
	    cmocka_unit_test_setup(null_value_is_empty, reset_level),
	    cmocka_unit_test_setup(integers, reset_level),
	    cmocka_unit_test_setup(event_is_escaped_too, reset_level),
	    cmocka_unit_test_setup(log_msg_formats, reset_level),
	    cmocka_unit_test_setup(levels_filter, reset_level),
	    cmocka_unit_test_setup(long_lines_are_cut_but_terminated, reset_level),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
