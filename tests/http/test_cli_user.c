/* test_cli_user.c: `tala user` — usage errors exit 2 with one line on stderr; add with the
 * password on standard input and the policy's refusals; grants validated (role, scope, the
 * region exists); list masks phone numbers; passwd and lock end the user's sessions; every
 * change leaves an audit entry by "cli:<user>" and the chain verifies. */
#include "harness.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PASSWORD "Steppe-Wind-2024\n"
#define FAST     "--set", "auth.argon2_m_kib=64", "--set", "auth.argon2_t=1"

static char out[16384], err[4096];
static const char *dir;

/* `tala ARGS... --data dir` with input on stdin; out/err filled. */
#define TALA(input, ...)                                                                           \
	harness_run_input(input, out, sizeof out, err, sizeof err, __VA_ARGS__, "--data", dir,     \
	                  FAST, NULL)

static int count_lines(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* Exit 2, one line on stderr naming tala, holding want (may be NULL). */
static void assert_refused(int status, const char *want)
{
	if (status != 2 || count_lines(err) != 1 || !strstr(err, "tala user") ||
	    (want && !strstr(err, want)))
		fail_msg("expected exit 2 with one line holding '%s'; got %d: %s", want ? want : "",
		         status, err);
}

static int setup(void **state)
{
	dir = harness_data_dir();
	return 0;
}

static void test_usage(void **state)
{
	assert_refused(harness_run_input(NULL, out, sizeof out, err, sizeof err, "user", NULL),
	               "missing command");
	assert_refused(TALA(NULL, "user", "frob"), "unknown command");
	assert_refused(TALA(NULL, "user", "add"), "missing argument");
	assert_refused(TALA(NULL, "user", "add", "a", "b"), "unexpected argument");
	assert_refused(TALA(NULL, "user", "add", "a", "--nope", "1"), "unknown option");
	/* a trailing unknown flag is named as unknown, not as one missing its value */
	assert_refused(TALA(NULL, "user", "add", "a", "--bogus"), "unknown option '--bogus'");
	assert_refused(harness_run_input(NULL, out, sizeof out, err, sizeof err, "user", "add", "x",
	                                 "--region", NULL),
	               "--region needs a value");
	assert_refused(TALA(NULL, "user", "grant", "a", "b"), "missing argument");
	assert_refused(TALA(NULL, "user", "list", "extra"), "unexpected argument");
	assert_int_equal(
	    harness_run_input(NULL, out, sizeof out, err, sizeof err, "user", "--help", NULL), 0);
	assert_non_null(strstr(out, "tala user grant LOGIN ROLE SCOPE"));
	assert_int_equal(TALA(NULL, "user", "add", "--help"), 0);
	assert_non_null(strstr(out, "--name-mn"));
	/* no database: a failure of the system, not of the input */
	assert_int_equal(harness_run_input(NULL, out, sizeof out, err, sizeof err, "user", "list",
	                                   "--data", "/tmp/tala-no-such-dir", NULL),
	                 1);
	assert_non_null(strstr(err, "tala init"));
}

static void test_add_and_list(void **state)
{
	assert_int_equal(TALA(PASSWORD, "user", "add", "Wang.Li", "--name-zh", "王丽", "--name-mn",
	                      "ᠸᠠᠩ ᠯᠢ", "--region", "152502", "--phone", "138 1234-5678", "--lang",
	                      "mn"),
	                 0);
	assert_non_null(strstr(out, "wang.li added")); /* logins are stored in lower case */
	assert_int_equal(TALA(PASSWORD, "user", "add", "hohhot1", "--region", "1501"), 0);
	assert_int_equal(TALA(NULL, "user", "list"), 0);
	assert_non_null(strstr(out, "id\tlogin\tstatus\tregion\tlang\tphone"));
	assert_non_null(
	    strstr(out, "\twang.li\tactive\t152502\tmn\t138****5678\t王丽\tᠸᠠᠩ ᠯᠢ\t-\n"));
	assert_null(strstr(out, "12345678"));
	assert_non_null(strstr(out, "\thohhot1\t"));
	assert_int_equal(TALA(NULL, "user", "list", "--region", "1525"), 0);
	assert_non_null(strstr(out, "\twang.li\t"));
	assert_null(strstr(out, "\thohhot1\t"));
	assert_refused(TALA(NULL, "user", "list", "--region", "1599"), "no region");
}

static void test_add_refused(void **state)
{
	/* the password policy */
	assert_refused(TALA("short\n", "user", "add", "nomad1"), "too short");
	assert_refused(TALA("nomad1nomad1\n", "user", "add", "nomad1nomad1"), "login name");
	assert_refused(TALA("1234567890\n", "user", "add", "nomad1"), "too common");
	assert_refused(TALA("", "user", "add", "nomad1"), "no password");
	/* the other fields */
	assert_refused(TALA(PASSWORD, "user", "add", "_dash"), "login");
	assert_refused(TALA(PASSWORD, "user", "add", "with space"), "login");
	assert_refused(TALA(PASSWORD, "user", "add", "x"), "login");
	assert_refused(TALA(PASSWORD, "user", "add", "nomad1", "--lang", "en"), "--lang");
	assert_refused(TALA(PASSWORD, "user", "add", "nomad1", "--phone", "call me"), "--phone");
	assert_refused(TALA(PASSWORD, "user", "add", "nomad1", "--region", "1599"), "--region");
	assert_refused(TALA(PASSWORD, "user", "add", "nomad1", "--region", "site:1"), "--region");
	char long_name[80];
	memset(long_name, 'a', 65);
	long_name[65] = '\0';
	assert_refused(TALA(PASSWORD, "user", "add", "nomad1", "--name-zh", long_name),
	               "--name-zh");
	assert_int_equal(TALA(PASSWORD, "user", "add", "nomad2"), 0);
	assert_refused(TALA(PASSWORD, "user", "add", "NOMAD2"), "taken");
	/* nothing partial was written */
	assert_int_equal(TALA(NULL, "user", "list"), 0);
	assert_null(strstr(out, "nomad1"));
}

static void test_grant_and_revoke(void **state)
{
	assert_int_equal(TALA(PASSWORD, "user", "add", "ganbold", "--region", "1525"), 0);
	assert_refused(TALA(NULL, "user", "grant", "nobody", "admin", "15"), "no user 'nobody'");
	assert_refused(TALA(NULL, "user", "grant", "ganbold", "wizard", "15"), "unknown role");
	assert_refused(TALA(NULL, "user", "grant", "ganbold", "admin", "abc"), "scope");
	assert_refused(TALA(NULL, "user", "grant", "ganbold", "admin", "1"), "scope");
	assert_refused(TALA(NULL, "user", "grant", "ganbold", "admin", "1599"), "no region");
	assert_int_equal(TALA(NULL, "user", "grant", "ganbold", "editor", "1525"), 0);
	assert_non_null(strstr(out, "ganbold now has editor on 1525"));
	assert_int_equal(TALA(NULL, "user", "grant", "ganbold", "editor", "1525"), 0);
	assert_non_null(strstr(out, "already has"));
	assert_int_equal(TALA(NULL, "user", "grant", "GanBold", "reviewer", "site:3"), 0);
	assert_int_equal(TALA(NULL, "user", "list", "--region", "1525"), 0);
	assert_non_null(strstr(out, "\teditor@1525,reviewer@site:3\n"));
	assert_int_equal(TALA(NULL, "user", "revoke", "ganbold", "editor", "1525"), 0);
	assert_refused(TALA(NULL, "user", "revoke", "ganbold", "editor", "1525"), "no grant");
	assert_int_equal(TALA(NULL, "user", "list", "--region", "1525"), 0);
	assert_null(strstr(out, "editor@1525"));
}

static long sign_in(struct server *s, const char *password, struct creds *c)
{
	return harness_sign_in(s, "mei", password, c);
}

static long me_status(struct server *s, const struct creds *c)
{
	return http_status_as(s, c, "GET", "/api/v1/me", NULL, NULL);
}

static void test_passwd_and_lock_end_sessions(void **state)
{
	assert_int_equal(TALA("First-Pasture-77\n", "user", "add", "mei", "--region", "1525"), 0);
	struct server srv;
	server_start(&srv, dir, "auth.argon2_m_kib=64", "auth.argon2_t=1", NULL);
	struct creds c;
	assert_int_equal(sign_in(&srv, "First-Pasture-77", &c), 201);
	assert_int_equal(me_status(&srv, &c), 200);
	/* a refused password changes nothing */
	assert_refused(TALA("mei\n", "user", "passwd", "mei"), "too short");
	assert_refused(TALA(PASSWORD, "user", "passwd", "nobody"), "no user");
	assert_int_equal(me_status(&srv, &c), 200);
	assert_int_equal(TALA("Second-Pasture-88\n", "user", "passwd", "mei"), 0);
	assert_int_equal(me_status(&srv, &c), 401);
	assert_int_equal(sign_in(&srv, "First-Pasture-77", &c), 401);
	assert_int_equal(sign_in(&srv, "Second-Pasture-88", &c), 201);
	assert_int_equal(TALA(NULL, "user", "lock", "mei"), 0);
	assert_int_equal(me_status(&srv, &c), 401);
	assert_int_equal(sign_in(&srv, "Second-Pasture-88", &c), 401);
	assert_int_equal(TALA(NULL, "user", "unlock", "mei"), 0);
	assert_int_equal(sign_in(&srv, "Second-Pasture-88", &c), 201);
	assert_int_equal(me_status(&srv, &c), 200);
	assert_int_equal(server_stop(&srv, SIGTERM), 0);
}

/* Every CLI change is in the audit log, by the CLI, without secrets; the chain holds. */
static void test_audited(void **state)
{
	/* exactly the changes made above: refusals and no-ops wrote nothing */
	static const struct {
		const char *action;
		int n;
	} want[] = {{"user.create", 5}, {"user.grant", 2}, {"user.revoke", 1},
	            {"user.passwd", 1}, {"user.lock", 1},  {"user.unlock", 1}};
	char sql[256];
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		snprintf(
		    sql, sizeof sql,
		    "SELECT COUNT(*) FROM audit_log WHERE action = '%s' AND actor LIKE 'cli:%%'"
		    " AND object_type = 'user' AND object_id IS NOT NULL",
		    want[i].action);
		if (harness_db_int(dir, sql) != want[i].n)
			fail_msg("%s: %lld entries", want[i].action,
			         (long long)harness_db_int(dir, sql));
	}
	/* passwords and phone numbers never appear */
	assert_int_equal(harness_db_int(dir, "SELECT COUNT(*) FROM audit_log WHERE summary LIKE"
	                                     " '%Pasture%' OR summary LIKE '%Steppe%' OR summary"
	                                     " LIKE '%5678%'"),
	                 0);
	assert_int_equal(harness_run_input(NULL, out, sizeof out, err, sizeof err, "audit",
	                                   "verify", "--data", dir, NULL),
	                 0);
}

int main(int argc, char **argv)
{
	tala_bin = argv[1];
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_usage),
	    cmocka_unit_test(test_add_and_list),
	    cmocka_unit_test(test_add_refused),
	    cmocka_unit_test(test_grant_and_revoke),
	    cmocka_unit_test(test_passwd_and_lock_end_sessions),
	    cmocka_unit_test(test_audited),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
