/* test_quiz_csv.c: CSV import and export of the question bank: a file as Excel/WPS save it
 * (BOM, CRLF, quoted fields holding commas, quotes and line breaks, columns in any order,
 * empty rows) read into questions of the four kinds; rejected rows with the line they start
 * on (a row after a multi-line field counts its lines) and the reason — bad quoting,
 * too many fields, bad correct column, bad difficulty, a check failure, bad bytes — while
 * the valid rows are kept; a bad header rejects the file at line 1; export then import
 * gives the same questions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/arena.h"
#include "base/common.h"
#include "quiz/quiz_bank.h"
#include "test_quiz_util.h"

static void test_read(void **state)
{
	(void)state;
	const char *csv =
	    "\xEF\xBB\xBF"
	    "stem_zh,kind,Correct,option_1_zh,option_2_zh,option_3_zh,category,answers,difficulty,"
	    "stem_mn,option_1_mn,option_2_mn\r\n"                                       /* 1 */
	    "\"勤洗手, 可以预防\"\"什么\"\"？\",single,A,感冒,近视,骨折,健康,,2,,,\r\n" /* 2 */
	    ",,,,,,,,,,,\r\n"                                      /* 3 empty */
	    "\"多行\n题干\",multi,\"A, C\",甲,乙,丙,健康,,,,,\r\n" /* 4-5 */
	    "太阳是恒星,truefalse,true,,,,天文,,,,,\r\n"           /* 6 */
	    "地球的卫星,fill,,,,,天文,月球|月亮,,,,\r\n"           /* 7 */
	    ",single,B,,,,,,,ᠠᠰᠠᠭᠤᠯᠲᠠ,ᠨᠢᠭᠡ,ᠬᠣᠶᠠᠷ\r\n"              /* 8 */
	    "坏引号,single,A,\"x\"y,b,,,,,,,\r\n"                  /* 9 */
	    "太多列,single,A,a,b,c,d,e,f,g,h,i,j,k\r\n"            /* 10 */
	    "错的答案,single,E,a,b,,,,,,,\r\n"                     /* 11 */
	    "难度,single,A,a,b,,,,9,,,\r\n"                        /* 12 */
	    "两个对,single,\"A,B\",a,b,,,,,,,\r\n"                 /* 13 */
	    "坏字节\xff,single,A,a,b,,,,,,,\r\n"                   /* 14 */
	    "判断,truefalse,maybe,,,,,,,,,\r\n"                    /* 15 */
	    "\"没有结束的引号,single,A,a,b\r\n";                   /* 16 */
	struct quiz_import imp = {0};
	assert_int_equal(quiz_csv_parse(&A, csv, strlen(csv), &imp), OK);
	assert_int_equal(imp.n, 13);
	assert_int_equal(imp.n_errors, 8);
	item_ok(&imp, 0, 2, "single");
	const struct quiz_question *q = &imp.items[0].q;
	assert_string_equal(q->stem_zh, "勤洗手, 可以预防\"什么\"？");
	assert_int_equal(q->difficulty, 2);
	assert_string_equal(q->category, "健康");
	assert_int_equal(q->n_options, 3);
	assert_true(q->options[0].correct && !q->options[1].correct);
	item_ok(&imp, 1, 4, "multi");
	q = &imp.items[1].q;
	assert_string_equal(q->stem_zh, "多行\n题干");
	assert_true(q->options[0].correct && !q->options[1].correct && q->options[2].correct);
	item_ok(&imp, 2, 6, "truefalse");
	assert_true(imp.items[2].q.options[0].correct);
	item_ok(&imp, 3, 7, "fill");
	assert_int_equal(imp.items[3].q.n_answers, 2);
	assert_string_equal(imp.items[3].q.answers[1].answer, "月亮");
	item_ok(&imp, 4, 8, "single");
	assert_string_equal(imp.items[4].q.options[1].text_mn, "ᠬᠣᠶᠠᠷ");
	assert_true(imp.items[4].q.options[1].correct);
	item_err(&imp, 5, 9, "quiz_bank.import.csv_quote");
	item_err(&imp, 6, 10, "quiz_bank.import.csv_columns");
	item_err(&imp, 7, 11, "quiz_bank.import.bad_correct");
	item_err(&imp, 8, 12, "quiz_bank.error.difficulty");
	assert_string_equal(imp.items[8].field, "difficulty");
	item_err(&imp, 9, 13, "quiz_bank.error.one_correct");
	item_err(&imp, 10, 14, "quiz_bank.import.not_utf8");
	item_err(&imp, 11, 15, "quiz_bank.import.bad_correct");
	item_err(&imp, 12, 16, "quiz_bank.import.csv_quote");
}

static void test_bad_header(void **state)
{
	(void)state;
	struct quiz_import imp = {0};
	const char *csv = "kind,stem_zh,colour\nsingle,x,red\n";
	quiz_csv_parse(&A, csv, strlen(csv), &imp);
	assert_int_equal(imp.n, 1);
	item_err(&imp, 0, 1, "quiz_bank.import.csv_column");
	assert_string_equal(imp.items[0].detail, "colour");
	memset(&imp, 0, sizeof imp);
	quiz_csv_parse(&A, "stem_zh\nx\n", 10, &imp);
	item_err(&imp, 0, 1, "quiz_bank.import.csv_header");
	memset(&imp, 0, sizeof imp);
	quiz_csv_parse(&A, "", 0, &imp);
	item_err(&imp, 0, 1, "quiz_bank.import.csv_header");
	memset(&imp, 0, sizeof imp);
	quiz_csv_parse(&A, "kind,kind\n", 10, &imp);
	item_err(&imp, 0, 1, "quiz_bank.import.csv_column");
}

static void test_export_import(void **state)
{
	(void)state;
	struct quiz_option o[3] = {{1, 1, "ᠨᠢᠭᠡ", "一, \"1\"", false},
	                           {2, 2, "ᠬᠣᠶᠠᠷ", "二\n两", true},
	                           {3, 3, "ᠭᠤᠷᠪᠠ", " 三 ", true}};
	struct quiz_question qs[3] = {
	    {.id = 7,
	     .kind = "multi",
	     .category = "数学",
	     .difficulty = 4,
	     .tags = "a,b",
	     .stem_mn = "ᠠᠰᠠᠭᠤᠯᠲᠠ",
	     .stem_zh = "问题",
	     .explanation_mn = "",
	     .explanation_zh = "因为",
	     .status = "active",
	     .options = o,
	     .n_options = 3},
	    {.id = 8,
	     .kind = "truefalse",
	     .category = "",
	     .difficulty = 1,
	     .tags = "",
	     .stem_mn = "",
	     .stem_zh = "对吗",
	     .explanation_mn = "",
	     .explanation_zh = "",
	     .status = "retired",
	     .options = (struct quiz_option[]){{0, 1, "", "", false}, {0, 2, "", "", true}},
	     .n_options = 2},
	    {.id = 9,
	     .kind = "fill",
	     .category = "x",
	     .difficulty = 3,
	     .tags = "",
	     .stem_mn = "",
	     .stem_zh = "填",
	     .explanation_mn = "",
	     .explanation_zh = "",
	     .status = "active",
	     .answers = (struct quiz_accepted[]){{"甲", ""}, {"乙", ""}},
	     .n_answers = 2},
	};
	struct strbuf sb;
	strbuf_init(&sb);
	quiz_csv_header(&sb);
	for (int i = 0; i < 3; i++)
		quiz_csv_row(&sb, &qs[i]);
	assert_memory_equal(sb.data,
	                    "\xEF\xBB\xBF"
	                    "id,kind,",
	                    11);
	struct quiz_import imp = {0};
	quiz_csv_parse(&A, sb.data, sb.len, &imp);
	assert_int_equal(imp.n_errors, 0);
	assert_int_equal(imp.n, 3);
	const struct quiz_question *q = &imp.items[0].q;
	assert_string_equal(q->kind, "multi");
	assert_string_equal(q->tags, "a,b");
	assert_int_equal(q->difficulty, 4);
	assert_string_equal(q->options[0].text_zh, "一, \"1\"");
	assert_string_equal(q->options[1].text_zh, "二\n两");
	assert_string_equal(q->options[2].text_zh, "三"); /* trimmed by the check */
	assert_true(!q->options[0].correct && q->options[1].correct && q->options[2].correct);
	assert_string_equal(q->explanation_zh, "因为");
	assert_string_equal(imp.items[1].q.status, "retired");
	assert_true(imp.items[1].q.options[1].correct);
	assert_int_equal(imp.items[2].q.n_answers, 2);
	assert_int_equal(imp.items[2].line, 5); /* the first row's option spans two lines */
	strbuf_free(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_read),
	    cmocka_unit_test(test_bad_header),
	    cmocka_unit_test(test_export_import),
	};
	return cmocka_run_group_tests(tests, quiz_setup, quiz_teardown);
}
