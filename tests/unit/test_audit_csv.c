/* test_audit_csv.c: the audit log's CSV (src/audit/audit_csv.c) — RFC 4180 quoting,
 * formula-injection protection, the BOM and header, a whole record — and the China
 * Standard Time dates the export and viewer use. */
#include "test_util.h"

#include "audit/audit.h"
#include "base/common.h"
#include "base/strbuf.h"

static void expect_cell(const char *in, const char *want)
{
	struct strbuf sb;
	strbuf_init(&sb);
	audit_csv_cell(&sb, in);
	if (strcmp(sb.data, want) != 0)
		fail_msg("cell [%s] -> [%s], want [%s]", in ? in : "(null)", sb.data, want);
	strbuf_free(&sb);
}

static void cells_are_quoted_per_rfc4180(void **state)
{
	(void)state;
	expect_cell(NULL, "");
	expect_cell("", "");
	expect_cell("plain", "plain");
	expect_cell("内蒙古 ᠮᠣᠩᠭᠣᠯ", "内蒙古 ᠮᠣᠩᠭᠣᠯ"); /* UTF-8 passes through */
	expect_cell("a,b", "\"a,b\"");
	expect_cell("say \"hi\"", "\"say \"\"hi\"\"\"");
	expect_cell("two\nlines", "\"two\nlines\"");
	expect_cell("cr\rhere", "\"cr\rhere\"");
	expect_cell("\"", "\"\"\"\"");
}

static void formulas_are_neutralised(void **state)
{
	(void)state;
	expect_cell("=1+1", "'=1+1");
	expect_cell("+SUM(A1)", "'+SUM(A1)");
	expect_cell("-2+3", "'-2+3");
	expect_cell("@cmd", "'@cmd");
	expect_cell("\tx", "'\tx");
	expect_cell("=HYPERLINK(\"http://x\",\"y\")",
	            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
	expect_cell("=a,b", "\"'=a,b\"");
	expect_cell("a=b", "a=b"); /* only a leading sign counts */
	expect_cell("1-2", "1-2");
}

static void header_starts_with_a_bom(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	audit_csv_header(&sb);
	assert_memory_equal(sb.data, "\xEF\xBB\xBFid,", 6);
	assert_true(sb.len > 4 && strcmp(sb.data + sb.len - 2, "\r\n") == 0);
	strbuf_free(&sb);
}

static void rows_hold_every_column(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	struct audit_row r = {7,          0,      0,         "cli:root", "",
	                      "user.add", "user", "=danger", "1525",     "a, \"b\""};
	audit_csv_row(&sb, &r);
	assert_string_equal(sb.data, "7,1970-01-01 08:00:00,cli:root,,,user.add,user,'=danger,1525,"
	                             "\"a, \"\"b\"\"\"\r\n");
	strbuf_reset(&sb);
	struct audit_row v = {8,   1767225600000LL, 12, "alice", "::1", "POST /x", NULL, NULL, NULL,
	                      NULL};
	audit_csv_row(&sb, &v);
	assert_string_equal(sb.data, "8,2026-01-01 08:00:00,alice,12,::1,POST /x,,,,\r\n");
	strbuf_free(&sb);
}

static void dates_are_china_standard_time(void **state)
{
	(void)state;
	int64_t ms = -1;
	assert_int_equal(audit_parse_date("2026-01-01", &ms), OK);
	assert_int_equal(ms, 1767225600000LL - 8LL * 3600 * 1000); /* 00:00 at UTC+8 */
	char t[32];
	audit_format_time(ms, t);
	assert_string_equal(t, "2026-01-01 00:00:00");
	assert_int_equal(audit_parse_date("2024-02-29", &ms), OK);
	static const char *const bad[] = {"2026-02-30", "2025-02-29", "2026-13-01", "2026-1-01",
	                                  "2026/01/01", "20260101",   "",           "2026-01-01x",
	                                  "1969-12-31", " 2026-01-1", "2026-00-10", "abcd-ef-gh"};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		if (audit_parse_date(bad[i], &ms) != ERR)
			fail_msg("accepted %s", bad[i]);
	assert_int_equal(audit_parse_date(NULL, &ms), ERR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(cells_are_quoted_per_rfc4180),
	    cmocka_unit_test(formulas_are_neutralised),
	    cmocka_unit_test(header_starts_with_a_bom),
	    cmocka_unit_test(rows_hold_every_column),
	    cmocka_unit_test(dates_are_china_standard_time),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
