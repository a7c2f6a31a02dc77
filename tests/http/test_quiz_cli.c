/* test_quiz_cli.c: `tala quiz import` and `tala quiz export` as an operator runs them: a GIFT
 * file with errors is refused as a whole (exit 2, every rejected question reported with
 * FILE:LINE and its reason, nothing imported, one summary line on stderr); --dry-run
 * imports nothing; --valid-only imports the valid questions with an audit entry; a CSV
 * written by Excel (BOM, CRLF) imports; export as GIFT and CSV, and the GIFT export
 * imported into a fresh data directory exports the same bytes; bad arguments exit 2 with
 * one line. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmp[64];

static const char *write_tmp(const char *name, const char *text)
{
	static char path[160];
	snprintf(path, sizeof path, "%s/%s", tmp, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static int lines(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static const char *gift = "$CATEGORY: 健康\n"
                          "\n"
                          "勤洗手可以预防？ {=感冒 ~近视 ####接触传播}\n"
                          "\n"
                          "没有结束 {=a ~b\n"
                          "\n"
                          "ᠰᠠᠷ᠎ᠠ {T}\n"
                          "\n"
                          "配对 {=猫 -> cat =狗 -> dog}\n"
                          "\n"
                          "地球的卫星？ {=月球 =月亮}\n";

static void test_import_refused_then_valid_only(void **state)
{
	const char *dir = harness_data_dir();
	const char *path = write_tmp("bank.gift", gift);
	char out[4096], err[1024];
	int rc = harness_run_input(NULL, out, sizeof out, err, sizeof err, "quiz", "import", path,
	                           "--data", dir, NULL);
	assert_int_equal(rc, 2);
	assert_int_equal(lines(err), 1);
	assert_non_null(strstr(err, "2 rejected, 3 valid"));
	char want[256];
	snprintf(want, sizeof want, "%s:5: ", path);
	assert_non_null(strstr(out, want));
	snprintf(want, sizeof want, "%s:9: ", path);
	assert_non_null(strstr(out, want));
	assert_int_equal(lines(out), 2);
	assert_non_null(strstr(out, "没有对应的 }")); /* the reason, in Chinese */
	assert_int_equal(harness_db_int(dir, "SELECT count(*) FROM quiz_questions"), 0);

	rc = harness_run_input(NULL, out, sizeof out, err, sizeof err, "quiz", "import", path,
	                       "--valid-only", "--dry-run", "--data", dir, NULL);
	assert_int_equal(rc, 0);
	assert_int_equal(harness_db_int(dir, "SELECT count(*) FROM quiz_questions"), 0);

	rc = harness_run_input(NULL, out, sizeof out, err, sizeof err, "quiz", "import", path,
	                       "--valid-only", "--data", dir, NULL);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(err, "3 imported, 2 rejected"));
	assert_int_equal(harness_db_int(dir, "SELECT count(*) FROM quiz_questions"), 3);
	assert_int_equal(harness_db_int(dir, "SELECT count(*) FROM quiz_questions WHERE kind ="
	                                     " 'fill' AND category = '健康'"),
	                 1);
	assert_int_equal(harness_db_int(dir, "SELECT count(*) FROM quiz_question_revisions"), 3);
	assert_int_equal(harness_db_int(dir, "SELECT count(*) FROM audit_log WHERE action ="
	                                     " 'quiz_question.import'"),
	                 1);

	/* a CSV as Excel saves it */
	path = write_tmp("bank.csv", "\xEF\xBB\xBFkind,stem_zh,correct,option_1_zh,option_2_zh\r\n"
	                             "single,\"哪个, 对？\",B,甲,乙\r\n");
	rc = harness_run_input(NULL, out, sizeof out, err, sizeof err, "quiz", "import", path,
	                       "--data", dir, NULL);
	assert_int_equal(rc, 0);
	assert_int_equal(harness_db_int(dir, "SELECT count(*) FROM quiz_questions"), 4);

	/* export both ways; the GIFT export round-trips through a fresh data directory */
	static char first[16384], second[16384];
	rc = harness_run_input(NULL, first, sizeof first, err, sizeof err, "quiz", "export",
	                       "--data", dir, NULL);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(first, "$CATEGORY: 健康"));
	assert_non_null(strstr(first, "{TRUE"));
	rc = harness_run_input(NULL, out, sizeof out, err, sizeof err, "quiz", "export", "--format",
	                       "csv", "--data", dir, NULL);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(out, "\"哪个, 对？\""));
	const char *dir2 = harness_data_dir();
	path = write_tmp("export.gift", first);
	assert_int_equal(harness_run_input(NULL, out, sizeof out, err, sizeof err, "quiz", "import",
	                                   path, "--data", dir2, NULL),
	                 0);
	assert_int_equal(harness_run_input(NULL, second, sizeof second, err, sizeof err, "quiz",
	                                   "export", "--data", dir2, NULL),
	                 0);
	assert_string_equal(first, second);

	/* export into a file that exists: refused */
	assert_int_equal(harness_run_input(NULL, out, sizeof out, err, sizeof err, "quiz", "export",
	                                   path, "--data", dir2, NULL),
	                 2);
	assert_int_equal(lines(err), 1);
}

static void test_bad_arguments(void **state)
{
	char err[1024];
	const char *dir = harness_data_dir();
	int cases[6];
	cases[0] = harness_run(err, sizeof err, "quiz", NULL);
	cases[1] = harness_run(err, sizeof err, "quiz", "frob", NULL);
	cases[2] = harness_run(err, sizeof err, "quiz", "import", "--data", dir, NULL);
	cases[3] = harness_run(err, sizeof err, "quiz", "import", "/nonexistent.gift", "--data",
	                       dir, NULL);
	cases[4] =
	    harness_run(err, sizeof err, "quiz", "export", "--format", "xml", "--data", dir, NULL);
	cases[5] =
	    harness_run(err, sizeof err, "quiz", "export", "--status", "gone", "--data", dir, NULL);
	for (int i = 0; i < 6; i++)
		assert_int_equal(cases[i], 2);
	assert_int_equal(lines(err), 1);
	assert_int_equal(harness_run(err, sizeof err, "quiz", "--help", NULL), 0);
}

int main(int argc, char **argv)
{
	tala_bin = argv[1];
	snprintf(tmp, sizeof tmp, "/tmp/tala-quizcli-XXXXXX");
	assert_non_null(mkdtemp(tmp));
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_import_refused_then_valid_only),
	    cmocka_unit_test(test_bad_arguments),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", tmp);
	if (system(cmd) != 0)
		rc = 1;
	return rc;
}
