/* test_base_utf8.c: UTF-8 validation, decoding and encoding (src/base/utf8.c) against the
 * well-formed byte sequences of Unicode Table 3-7: overlongs, surrogates, code points above
 * U+10FFFF and truncated sequences are ill-formed; NUL is well-formed. */
#include "test_util.h"

#include "base/common.h"
#include "base/utf8.h"

/* Unicode Table 3-7, row by row: lead byte range, second byte range, length. */
static const struct {
	unsigned lead_lo, lead_hi, second_lo, second_hi, len;
} table_3_7[] = {
    {0x00, 0x7F, 0, 0, 1},       {0xC2, 0xDF, 0x80, 0xBF, 2}, {0xE0, 0xE0, 0xA0, 0xBF, 3},
    {0xE1, 0xEC, 0x80, 0xBF, 3}, {0xED, 0xED, 0x80, 0x9F, 3}, {0xEE, 0xEF, 0x80, 0xBF, 3},
    {0xF0, 0xF0, 0x90, 0xBF, 4}, {0xF1, 0xF3, 0x80, 0xBF, 4}, {0xF4, 0xF4, 0x80, 0x8F, 4},
};

/* The reference: true when s[0..n) is a sequence of Table 3-7 rows. */
static bool reference_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t row = ARRAY_LEN(table_3_7);
		for (size_t r = 0; r < ARRAY_LEN(table_3_7); r++)
			if (s[i] >= table_3_7[r].lead_lo && s[i] <= table_3_7[r].lead_hi)
				row = r;
		if (row == ARRAY_LEN(table_3_7))
			return false;
		unsigned len = table_3_7[row].len;
		if (n - i < len)
			return false;
		if (len > 1 &&
		    (s[i + 1] < table_3_7[row].second_lo || s[i + 1] > table_3_7[row].second_hi))
			return false;
		for (unsigned k = 2; k < len; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xBF)
				return false;
		i += len;
	}
	return true;
}

static void valid_examples(void **state)
{
	(void)state;
	static const char *const ok[] = {
	    "",
	    "plain ascii",
	    "\xC2\x80",                     /* U+0080 */
	    "\xDF\xBF",                     /* U+07FF */
	    "\xE0\xA0\x80",                 /* U+0800 */
	    "\xED\x9F\xBF",                 /* U+D7FF, just below the surrogates */
	    "\xEE\x80\x80",                 /* U+E000, just above them */
	    "\xEF\xBF\xBF",                 /* U+FFFF */
	    "\xF0\x90\x80\x80",             /* U+10000 */
	    "\xF4\x8F\xBF\xBF",             /* U+10FFFF */
	    "中文 ᠮᠣᠩᠭᠣᠯ \xF0\x9F\x98\x80", /* mixed */
	};
	for (size_t i = 0; i < ARRAY_LEN(ok); i++)
		assert_true(utf8_valid(ok[i], strlen(ok[i])));
}

static void nul_is_well_formed(void **state)
{
	(void)state;
	assert_true(utf8_valid("a\0b", 3));
	assert_true(utf8_valid("\0", 1));
	uint32_t cp = 99;
	assert_int_equal(utf8_decode("\0x", 2, &cp), 1);
	assert_int_equal(cp, 0);
	assert_int_equal(utf8_length("a\0b", 3), 3);
}

static void invalid_examples(void **state)
{
	(void)state;
	static const struct {
		const char *bytes;
		const char *why;
	} bad[] = {
	    {"\x80", "lone continuation"},
	    {"\xBF", "lone continuation"},
	    {"\xC0\x80", "overlong NUL"},
	    {"\xC0\xAF", "overlong '/'"},
	    {"\xC1\xBF", "overlong 2-byte"},
	    {"\xE0\x80\xAF", "overlong 3-byte '/'"},
	    {"\xE0\x9F\xBF", "overlong 3-byte U+07FF"},
	    {"\xF0\x80\x80\xAF", "overlong 4-byte '/'"},
	    {"\xF0\x8F\xBF\xBF", "overlong 4-byte U+FFFF"},
	    {"\xED\xA0\x80", "surrogate U+D800"},
	    {"\xED\xAD\xBF", "surrogate U+DB7F"},
	    {"\xED\xB0\x80", "surrogate U+DC00"},
	    {"\xED\xBF\xBF", "surrogate U+DFFF"},
	    {"\xED\xA0\xBD\xED\xB8\x80", "CESU-8 surrogate pair"},
	    {"\xF4\x90\x80\x80", "U+110000"},
	    {"\xF5\x80\x80\x80", "lead F5"},
	    {"\xF7\xBF\xBF\xBF", "U+1FFFFF"},
	    {"\xF8\x88\x80\x80\x80", "5-byte form"},
	    {"\xFC\x84\x80\x80\x80\x80", "6-byte form"},
	    {"\xFE", "FE"},
	    {"\xFF", "FF"},
	    {"\xC3", "truncated 2-byte"},
	    {"\xE2\x82", "truncated 3-byte"},
	    {"\xF0\x9F\x98", "truncated 4-byte"},
	    {"ok\xE4\xB8", "truncated at the end"},
	    {"\xE2\x28\xA1", "continuation replaced by ASCII"},
	    {"\xC3\xC3\xA9", "lead followed by lead"},
	    {"\xF0\x9F\x98\x41", "4-byte with ASCII last"},
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		if (utf8_valid(bad[i].bytes, strlen(bad[i].bytes)))
			fail_msg("accepted %s", bad[i].why);
	}
}

static void decode_returns_code_point_and_length(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		uint32_t cp;
		size_t len;
	} cases[] = {
	    {"A", 0x41, 1},
	    {"\xC3\xA9", 0xE9, 2},
	    {"\xE4\xB8\xAD", 0x4E2D, 3},
	    {"\xE1\xA0\xAE", 0x182E, 3}, /* MONGOLIAN LETTER MA */
	    {"\xF0\x9F\x98\x80", 0x1F600, 4},
	    {"\xF4\x8F\xBF\xBF", 0x10FFFF, 4},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		uint32_t cp = 0;
		assert_int_equal(utf8_decode(cases[i].s, strlen(cases[i].s), &cp), cases[i].len);
		assert_int_equal(cp, cases[i].cp);
	}
}

static void decode_rejects_with_replacement(void **state)
{
	(void)state;
	uint32_t cp = 0;
	assert_int_equal(utf8_decode("\xED\xA0\x80", 3, &cp), 0);
	assert_int_equal(cp, UTF8_REPLACEMENT);
	cp = 0;
	assert_int_equal(utf8_decode("", 0, &cp), 0);
	assert_int_equal(cp, UTF8_REPLACEMENT);
	/* a valid sequence cut short by n is ill-formed, whatever follows in memory */
	cp = 0;
	assert_int_equal(utf8_decode("\xE4\xB8\xAD", 2, &cp), 0);
	assert_int_equal(cp, UTF8_REPLACEMENT);
}

static void length_counts_code_points_and_bad_bytes(void **state)
{
	(void)state;
	const char *s = "a\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80";
	assert_int_equal(utf8_length(s, strlen(s)), 4);
	assert_int_equal(utf8_length("", 0), 0);
	assert_int_equal(utf8_length("\x80\x80z", 3), 3);
	assert_int_equal(utf8_length("\xE2\x82", 2), 2); /* truncated: two bad bytes */
	assert_int_equal(utf8_length("\xC0\x80", 2), 2); /* overlong: two bad bytes */
}

static void encode_round_trips_every_scalar_value(void **state)
{
	(void)state;
	for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		char buf[4];
		size_t len = utf8_encode(cp, buf);
		size_t want = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
		if (len != want)
			fail_msg("U+%04X encoded in %zu bytes", (unsigned)cp, len);
		uint32_t back = 0;
		if (utf8_decode(buf, len, &back) != len || back != cp)
			fail_msg("U+%04X does not round-trip", (unsigned)cp);
		if (!utf8_valid(buf, len))
			fail_msg("U+%04X encodes ill-formed", (unsigned)cp);
	}
}

/* Every string of one to three bytes, and a spread of four-byte strings, is judged as the
 * table judges it. */
static void agrees_with_table_3_7(void **state)
{
	(void)state;
	unsigned char s[4];
	for (unsigned a = 0; a < 256; a++) {
		s[0] = (unsigned char)a;
		assert_int_equal(utf8_valid((char *)s, 1), reference_valid(s, 1));
		for (unsigned b = 0; b < 256; b++) {
			s[1] = (unsigned char)b;
			if (utf8_valid((char *)s, 2) != reference_valid(s, 2))
				fail_msg("disagree on %02X %02X", a, b);
			for (unsigned c = 0; c < 256; c++) {
				s[2] = (unsigned char)c;
				if (utf8_valid((char *)s, 3) != reference_valid(s, 3))
					fail_msg("disagree on %02X %02X %02X", a, b, c);
			}
		}
	}
	static const unsigned char edges[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90,
	                                      0x9F, 0xA0, 0xBF, 0xC0, 0xF4, 0xFF};
	for (unsigned a = 0xC0; a < 256; a++)
		for (size_t b = 0; b < sizeof edges; b++)
			for (size_t c = 0; c < sizeof edges; c++)
				for (size_t d = 0; d < sizeof edges; d++) {
					s[0] = (unsigned char)a;
					s[1] = edges[b];
					s[2] = edges[c];
					s[3] = edges[d];
					if (utf8_valid((char *)s, 4) != reference_valid(s, 4))
						fail_msg("disagree on %02X %02X %02X %02X", s[0],
						         s[1], s[2], s[3]);
				}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(valid_examples),
	    cmocka_unit_test(nul_is_well_formed),
	    cmocka_unit_test(invalid_examples),
	    cmocka_unit_test(decode_returns_code_point_and_length),
	    cmocka_unit_test(decode_rejects_with_replacement),
	    cmocka_unit_test(length_counts_code_points_and_bad_bytes),
	    cmocka_unit_test(encode_round_trips_every_scalar_value),
	    cmocka_unit_test(agrees_with_table_3_7),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
