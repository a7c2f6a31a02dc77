/* test_auth_password.c: the password policy (src/auth/auth_password.c) — at least 10
 * characters (counted as characters, not bytes), not the login name nor the login with a
 * little added, not one of the common passwords shipped in data/auth/ (any case) — and
 * argon2id hashing with the configured cost: verify accepts the password and nothing else,
 * salts differ, the encoded string carries the parameters and never the password. */
#include "test_util.h"

#include "auth/auth.h"
#include "base/common.h"
#include "base/config.h"

static void policy(void **state)
{
	static const struct {
		const char *login, *password, *want; /* want: NULL = accepted */
	} cases[] = {
	    {"anna", "", "auth.password_short"},
	    {"anna", "short", "auth.password_short"},
	    {"anna", "123456789", "auth.password_short"},
	    {"anna", "ᠮᠣᠩᠭᠣᠯ ᠪᠢᠴᠢᠭ", NULL},               /* 12 characters */
	    {"anna", "ᠮᠣᠩᠭᠣᠯᠪᠢᠴ", "auth.password_short"}, /* 27 bytes, 9 characters */
	    {"anna", "内蒙古科学技术协会啊", NULL},
	    {"longlogin1", "longlogin1", "auth.password_is_login"},
	    {"longlogin1", "LongLogin1", "auth.password_is_login"},
	    {"batubayar", "batubayar1", "auth.password_is_login"},
	    {"batubayar", "1batubayar", "auth.password_is_login"},
	    {"batubayar", "batubayar-steppe", NULL}, /* the login and much more */
	    {"anna", "1234567890", "auth.password_common"},
	    {"anna", "0123456789", "auth.password_common"},
	    {"anna", "1122334455", "auth.password_common"},
	    {"anna", "Steppe-Wind-2024", NULL},
	    {NULL, "Steppe-Wind-2024", NULL},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const char *got = auth_password_policy(cases[i].login, cases[i].password);
		if ((got == NULL) != (cases[i].want == NULL) ||
		    (got && strcmp(got, cases[i].want) != 0))
			fail_msg("policy(%s, %s) = %s, want %s",
			         cases[i].login ? cases[i].login : "-", cases[i].password,
			         got ? got : "accepted",
			         cases[i].want ? cases[i].want : "accepted");
	}
}

/* Every line of the shipped list is refused, in any case. */
static void common_list_is_refused(void **state)
{
	char path[1024], line[256];
	snprintf(path, sizeof path, "%s/data/auth/common-passwords.txt", getenv("TALA_SOURCE_DIR"));
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	int n = 0;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!*line || line[0] == '#' || strlen(line) < 10)
			continue;
		const char *why = auth_password_policy("someone", line);
		if (!why || strcmp(why, "auth.password_common") != 0)
			fail_msg("common password %s: %s", line, why ? why : "accepted");
		for (char *p = line; *p; p++)
			*p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
		assert_non_null(auth_password_policy("someone", line));
		n++;
	}
	fclose(f);
	assert_true(n >= 10);
}

static void hashing(void **state)
{
	struct config cfg;
	config_defaults(&cfg);
	cfg.argon2_m_kib = 64;
	cfg.argon2_t = 1;
	char a[160], b[160];
	assert_int_equal(auth_password_hash(&cfg, "Steppe-Wind-2024", a, sizeof a), OK);
	assert_int_equal(auth_password_hash(&cfg, "Steppe-Wind-2024", b, sizeof b), OK);
	assert_int_equal(strncmp(a, "$argon2id$v=19$m=64,t=1,p=", 26), 0);
	assert_string_not_equal(a, b); /* a salt of its own */
	assert_null(strstr(a, "Steppe"));
	assert_true(auth_password_verify(a, "Steppe-Wind-2024"));
	assert_true(auth_password_verify(b, "Steppe-Wind-2024"));
	assert_false(auth_password_verify(a, "steppe-wind-2024"));
	assert_false(auth_password_verify(a, "Steppe-Wind-2024 "));
	assert_false(auth_password_verify(a, ""));
	assert_false(auth_password_verify("not an encoded hash", "Steppe-Wind-2024"));
	/* too small an output buffer is an error, not a truncated hash */
	assert_int_equal(auth_password_hash(&cfg, "Steppe-Wind-2024", a, 20), ERR);
	auth_password_burn(&cfg, "anything at all"); /* runs, whatever the password */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(policy),
	    cmocka_unit_test(common_list_is_refused),
	    cmocka_unit_test(hashing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
