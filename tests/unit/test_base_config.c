/* test_base_config.c: settings (src/base/config.c) — defaults, the INI file (sections,
 * comments, bad lines reported as file:line), TALA_* environment variables over the file,
 * bounds and booleans. */
#include "test_util.h"

#include "base/common.h"
#include "base/config.h"

static char dir[256];

static int setup(void **state)
{
	(void)state;
	tu_mkdtemp(dir, sizeof dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tu_rmtree(dir);
	return 0;
}

/* Loads text as a config file over the defaults; returns the loader's result. */
static int load_text(struct config *c, const char *text, char *path, char *err, size_t errlen)
{
	tu_write_file(dir, "tala.conf", text, path, 512);
	config_defaults(c);
	err[0] = '\0';
	return config_load_file(c, path, true, err, errlen);
}

static void defaults(void **state)
{
	(void)state;
	struct config c;
	memset(&c, 0x5A, sizeof c);
	config_defaults(&c);
	assert_string_equal(c.data_dir, "./var");
	assert_string_equal(c.bind, "127.0.0.1");
	assert_int_equal(c.port, 8080);
	assert_int_equal(c.threads, 0);
	assert_int_equal(c.max_connections, 1024);
	assert_int_equal(c.max_header_bytes, 16384);
	assert_int_equal(c.max_body_bytes, 1 << 20);
	assert_int_equal(c.request_timeout_s, 30);
	assert_true(c.access_log);
	assert_false(c.tls);
	assert_string_equal(c.log_level, "info");
	assert_true(c.group_commit);
	assert_int_equal(c.batch_max, 512);
	assert_int_equal(c.busy_timeout_ms, 5000);
	assert_int_equal(c.feedback_max_chars, 2000);
	assert_int_equal(c.feedback_rate_per_minute, 10);
	size_t n = strlen(c.web_dir);
	assert_true(n > 4);
	assert_string_equal(c.web_dir + n - 4, "/web");
}

static void file_with_sections_and_comments(void **state)
{
	(void)state;
	struct config c;
	char path[512], err[512];
	const char *text = "# Tala settings\n"
	                   "; another comment style\n"
	                   "\n"
	                   "data_dir = /srv/tala=data\n"
	                   "[server]\n"
	                   "  port=9000  \n"
	                   "bind = 0.0.0.0\n"
	                   "\taccess_log = off\n"
	                   "tls = yes\n"
	                   "[ store ]\n"
	                   "batch_max = 64\n"
	                   "group_commit = false\n"
	                   "[log]\n"
	                   "level = debug\n";
	assert_int_equal(load_text(&c, text, path, err, sizeof err), OK);
	assert_string_equal(c.data_dir, "/srv/tala=data"); /* only the first '=' splits */
	assert_int_equal(c.port, 9000);
	assert_string_equal(c.bind, "0.0.0.0");
	assert_false(c.access_log);
	assert_true(c.tls);
	assert_int_equal(c.batch_max, 64);
	assert_false(c.group_commit);
	assert_string_equal(c.log_level, "debug");
	/* untouched keys keep their defaults */
	assert_int_equal(c.max_connections, 1024);
	assert_int_equal(c.busy_timeout_ms, 5000);
}

static void bad_lines_name_file_and_line(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int line;
		const char *reason;
	} cases[] = {
	    {"[server\nport = 1\n", 1, "malformed section header"},
	    {"# ok\n[server] trailing\n", 2, "malformed section header"},
	    {"[server]\nport 9000\n", 2, "expected key = value"},
	    {"[server]\n\n# c\nnope = 1\n", 4, "unknown setting 'server.nope'"},
	    {"port = 80\n", 1, "unknown setting 'port'"},
	    {"[server]\nport = 65536\n", 2, "from 0 to 65535"},
	    {"[server]\nport = -1\n", 2, "from 0 to 65535"},
	    {"[server]\nport = 80x\n", 2, "got '80x'"},
	    {"[server]\nport =\n", 2, "expected a whole number"},
	    {"[server]\nport = 99999999999999999999999\n", 2, "expected a whole number"},
	    {"[server]\nthreads = 257\n", 2, "from 0 to 256"},
	    {"[server]\nmax_header_bytes = 1023\n", 2, "from 1024 to 1048576"},
	    {"[store]\nbatch_max = 0\n", 2, "from 1 to 100000"},
	    {"[server]\naccess_log = maybe\n", 2, "expected on or off, got 'maybe'"},
	    {"[server]\ntls = TRUE\n", 2, "expected on or off"},
	    {"[server]\nbind = "
	     "0123456789012345678901234567890123456789012345678901234567890123\n",
	     2, "value longer than 63 bytes"},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct config c;
		char path[512], err[512], want[600];
		assert_int_equal(load_text(&c, cases[i].text, path, err, sizeof err), ERR);
		snprintf(want, sizeof want, "%s:%d: ", path, cases[i].line);
		if (strncmp(err, want, strlen(want)) != 0 || !strstr(err, cases[i].reason))
			fail_msg("case %zu: got \"%s\", want \"%s...%s\"", i, err, want,
			         cases[i].reason);
	}
}

static void error_stops_at_first_bad_line(void **state)
{
	(void)state;
	struct config c;
	char path[512], err[512];
	assert_int_equal(
	    load_text(&c, "[server]\nport = 9001\nbogus\nthreads = 7\n", path, err, sizeof err),
	    ERR);
	assert_int_equal(c.port, 9001);
	assert_int_equal(c.threads, 0); /* after the error nothing more is applied */
}

static void long_comment_line_is_a_comment(void **state)
{
	(void)state;
	struct config c;
	char path[512], err[512];
	char text[4096];
	size_t n = 0;
	text[n++] = '#';
	while (n < 2500)
		text[n++] = 'x';
	snprintf(text + n, sizeof text - n, "\n[server]\nport = 9002\n");
	assert_int_equal(load_text(&c, text, path, err, sizeof err), OK);
	assert_int_equal(c.port, 9002);
}

static void long_value_line_is_an_error(void **state)
{
	(void)state;
	struct config c;
	char path[512], err[512], want[600];
	char text[4096];
	int n = snprintf(text, sizeof text, "[server]\nbind = ");
	while (n < 2500)
		text[n++] = 'a';
	snprintf(text + n, sizeof text - (size_t)n, "\nport = 9003\n");
	assert_int_equal(load_text(&c, text, path, err, sizeof err), ERR);
	snprintf(want, sizeof want, "%s:2: ", path);
	assert_memory_equal(err, want, strlen(want));
	assert_non_null(strstr(err, "line longer than"));
	assert_int_equal(c.port, 8080);
}

static void missing_file(void **state)
{
	(void)state;
	struct config c;
	char path[512], err[512] = "";
	snprintf(path, sizeof path, "%s/absent.conf", dir);
	config_defaults(&c);
	assert_int_equal(config_load_file(&c, path, false, err, sizeof err), OK);
	assert_int_equal(c.port, 8080);
	assert_int_equal(config_load_file(&c, path, true, err, sizeof err), ERR);
	assert_non_null(strstr(err, path));
}

static void env_overrides_file(void **state)
{
	(void)state;
	struct config c;
	char path[512], err[512];
	assert_int_equal(
	    load_text(&c, "[server]\nport = 9000\nthreads = 4\n", path, err, sizeof err), OK);
	char *envp[] = {
	    "PATH=/usr/bin",
	    "TALA_SERVER_PORTS=1", /* a longer name is a different variable */
	    "TALA_SERVER_PORT=9100",
	    "TALA_DATA_DIR=/data/tala",
	    "TALA_SERVER_ACCESS_LOG=off",
	    "TALA_STORE_BATCH_MAX=1",
	    "TALA_FEEDBACK_RATE_PER_MINUTE=0",
	    "tala_server_threads=9", /* names are upper case */
	    NULL,
	};
	assert_int_equal(config_load_env(&c, envp, err, sizeof err), OK);
	assert_int_equal(c.port, 9100);
	assert_int_equal(c.threads, 4);
	assert_string_equal(c.data_dir, "/data/tala");
	assert_false(c.access_log);
	assert_int_equal(c.batch_max, 1);
	assert_int_equal(c.feedback_rate_per_minute, 0);
}

static void env_errors_name_the_variable(void **state)
{
	(void)state;
	struct config c;
	char err[512] = "";
	config_defaults(&c);
	char *bad_int[] = {"TALA_SERVER_PORT=http", NULL};
	assert_int_equal(config_load_env(&c, bad_int, err, sizeof err), ERR);
	assert_non_null(strstr(err, "TALA_SERVER_PORT"));
	assert_non_null(strstr(err, "'http'"));
	assert_int_equal(c.port, 8080);
	char *bad_bool[] = {"TALA_SERVER_TLS=2", NULL};
	assert_int_equal(config_load_env(&c, bad_bool, err, sizeof err), ERR);
	assert_non_null(strstr(err, "TALA_SERVER_TLS"));
	assert_int_equal(config_load_env(&c, NULL, err, sizeof err), OK);
}

static void set_bools_and_bounds(void **state)
{
	(void)state;
	struct config c;
	char err[256];
	config_defaults(&c);
	static const char *const yes[] = {"on", "true", "yes", "1"};
	static const char *const no[] = {"off", "false", "no", "0"};
	for (size_t i = 0; i < ARRAY_LEN(yes); i++) {
		assert_int_equal(config_set(&c, "server.tls", yes[i], err, sizeof err), OK);
		assert_true(c.tls);
		assert_int_equal(config_set(&c, "server.tls", no[i], err, sizeof err), OK);
		assert_false(c.tls);
	}
	static const char *const neither[] = {"", "On", "2", "y", "enabled"};
	for (size_t i = 0; i < ARRAY_LEN(neither); i++)
		assert_int_equal(config_set(&c, "server.tls", neither[i], err, sizeof err), ERR);
	assert_false(c.tls);
	/* the bounds themselves are allowed */
	assert_int_equal(config_set(&c, "server.port", "0", err, sizeof err), OK);
	assert_int_equal(config_set(&c, "server.port", "65535", err, sizeof err), OK);
	assert_int_equal(c.port, 65535);
	assert_int_equal(config_set(&c, "server.max_body_bytes", "1073741824", err, sizeof err),
	                 OK);
	assert_int_equal(config_set(&c, "server.max_body_bytes", "1073741825", err, sizeof err),
	                 ERR);
	assert_int_equal(c.max_body_bytes, 1 << 30);
	assert_int_equal(config_set(&c, "no.such", "1", err, sizeof err), ERR);
	assert_string_equal(err, "unknown setting 'no.such'");
}

static void dump_round_trips(void **state)
{
	(void)state;
	struct config c, d;
	char err[256], path[512];
	config_defaults(&c);
	assert_int_equal(config_set(&c, "server.port", "1234", err, sizeof err), OK);
	assert_int_equal(config_set(&c, "server.tls", "on", err, sizeof err), OK);
	assert_int_equal(config_set(&c, "paths.font_dir", "/opt/fonts", err, sizeof err), OK);
	char dumped[4096], again[4096];
	config_dump(&c, dumped, sizeof dumped);
	assert_non_null(strstr(dumped, "server.port = 1234\n"));
	assert_non_null(strstr(dumped, "server.tls = on\n"));
	assert_non_null(strstr(dumped, "server.access_log = on\n"));
	assert_non_null(strstr(dumped, "paths.font_dir = /opt/fonts\n"));
	assert_int_equal(load_text(&d, dumped, path, err, sizeof err), OK);
	config_dump(&d, again, sizeof again);
	assert_string_equal(dumped, again);
	/* a small buffer is filled without overflow */
	char tiny[16];
	config_dump(&c, tiny, sizeof tiny);
	assert_true(strlen(tiny) < sizeof tiny);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(defaults),
	    cmocka_unit_test(file_with_sections_and_comments),
	    cmocka_unit_test(bad_lines_name_file_and_line),
	    cmocka_unit_test(error_stops_at_first_bad_line),
	    cmocka_unit_test(long_comment_line_is_a_comment),
	    cmocka_unit_test(long_value_line_is_an_error),
	    cmocka_unit_test(missing_file),
	    cmocka_unit_test(env_overrides_file),
	    cmocka_unit_test(env_errors_name_the_variable),
	    cmocka_unit_test(set_bools_and_bounds),
	    cmocka_unit_test(dump_round_trips),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
