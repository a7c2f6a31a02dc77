/* test_auth_phone.c: the pure parts of SMS sign-in (src/auth/auth_phone_db.c) and the SMS
 * message format (src/sms/sms_gateway.c): which mainland mobile numbers are accepted and how
 * they are written down, which codes are well-formed, that new codes are six digits and vary,
 * and the text of the message in both languages. */
#include "test_util.h"

#include "auth/auth_phone.h"
#include "base/common.h"
#include "sms/sms.h"

static void mobile_numbers(void **state)
{
	static const struct {
		const char *in, *out; /* out NULL: refused */
	} cases[] = {
	    {"13812345678", "13812345678"},
	    {"138 1234 5678", "13812345678"},
	    {"138-1234-5678", "13812345678"},
	    {"+86 138 1234 5678", "13812345678"},
	    {"+8613812345678", "13812345678"},
	    {"8613812345678", "13812345678"},
	    {"008613812345678", "13812345678"},
	    {"19912345678", "19912345678"},
	    {"12812345678", NULL}, /* 1[3-9] only */
	    {"10012345678", NULL},
	    {"23812345678", NULL},
	    {"1381234567", NULL},   /* ten digits */
	    {"138123456789", NULL}, /* twelve */
	    {"+1 415 555 0100", NULL},
	    {"1381234567x", NULL},
	    {"138.1234.5678", NULL},
	    {"+", NULL},
	    {"", NULL},
	    {"138+12345678", NULL},
	    {"１３８１２３４５６７８", NULL}, /* full-width digits */
	    {"13812345678\n", NULL},
	    {"99999999999999999999999999999999999999", NULL},
	};
	struct arena a;
	arena_init(&a, 256);
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const char *got = auth_mobile_normalize(&a, cases[i].in);
		if (cases[i].out ? !got || strcmp(got, cases[i].out) != 0 : got != NULL)
			fail_msg("'%s': got '%s', wanted '%s'", cases[i].in,
			         got ? got : "(refused)",
			         cases[i].out ? cases[i].out : "(refused)");
	}
	arena_free(&a);
}

static void codes(void **state)
{
	assert_true(auth_code_wellformed("000000"));
	assert_true(auth_code_wellformed("123456"));
	assert_false(auth_code_wellformed("12345"));
	assert_false(auth_code_wellformed("1234567"));
	assert_false(auth_code_wellformed("12345a"));
	assert_false(auth_code_wellformed(" 12345"));
	assert_false(auth_code_wellformed(""));
	/* new codes: six digits each, and not all the same */
	char first[AUTH_CODE_DIGITS + 1], c[AUTH_CODE_DIGITS + 1];
	auth_code_new(first);
	assert_true(auth_code_wellformed(first));
	int differ = 0;
	for (int i = 0; i < 50; i++) {
		auth_code_new(c);
		assert_true(auth_code_wellformed(c));
		differ += strcmp(c, first) != 0;
	}
	assert_true(differ > 40);
}

static void message_text(void **state)
{
	struct arena a;
	arena_init(&a, 256);
	const char *zh = auth_code_message(&a, "zh", "042917", 300);
	assert_non_null(strstr(zh, "042917"));
	assert_non_null(strstr(zh, "5 分钟"));
	assert_null(strstr(zh, "{"));
	const char *mn = auth_code_message(&a, "mn", "042917", 90);
	assert_non_null(strstr(mn, "042917"));
	assert_non_null(strstr(mn, "2 ᠮᠢᠨᠦ᠋ᠲ")); /* 90 s rounds up to 2 minutes */
	assert_non_null(strstr(mn, "ᠪᠠᠲᠤᠯᠠᠬᠤ ᠺᠣᠳ᠋"));
	assert_null(strstr(mn, "{"));
	arena_free(&a);
}

static void spool_format(void **state)
{
	struct sms_message m = {42, "13812345678", "验证码 042917\nᠮᠣᠩᠭᠣᠯ", 1800000000000LL};
	struct strbuf sb;
	strbuf_init(&sb);
	sms_format(&m, &sb);
	assert_string_equal(sb.data, "Tala-SMS: 1\nId: 42\nTo: 13812345678\n"
	                             "Created: 2027-01-15T08:00:00.000Z\n\n"
	                             "验证码 042917\nᠮᠣᠩᠭᠣᠯ\n");
	strbuf_free(&sb);
}

static void gateway_check(void **state)
{
	struct config cfg;
	config_defaults(&cfg);
	assert_null(sms_gateway_check(&cfg)); /* spool by default */
	snprintf(cfg.sms_gateway, sizeof cfg.sms_gateway, "command");
	assert_non_null(strstr(sms_gateway_check(&cfg), "sms.command"));
	snprintf(cfg.sms_command, sizeof cfg.sms_command, "/nonexistent/gateway");
	assert_non_null(sms_gateway_check(&cfg));
	snprintf(cfg.sms_command, sizeof cfg.sms_command, "/bin/cat");
	assert_null(sms_gateway_check(&cfg));
	snprintf(cfg.sms_gateway, sizeof cfg.sms_gateway, "smtp");
	assert_non_null(strstr(sms_gateway_check(&cfg), "sms.gateway"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(mobile_numbers), cmocka_unit_test(codes),
	    cmocka_unit_test(message_text),   cmocka_unit_test(spool_format),
	    cmocka_unit_test(gateway_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
