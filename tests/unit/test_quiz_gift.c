/* test_quiz_gift.c: GIFT import and export of the question bank. Every construct of the
 * documented subset read from a hand-written file (single, weighted multi, T/F, short answer,
 * ::title::, [html], $CATEGORY with a Moodle path, // comments, escapes, #### and answer
 * feedback as explanation, multilang spans and plain Mongolian by script); rejected parts
 * reported with the line where their question starts and the reason (unclosed brace,
 * matching and numeric questions, no answers, a single-choice question with two right
 * answers, bad bytes), valid ones kept; and the round trip: a bank saved in a database,
 * exported, read back into a fresh database and exported again gives the same file and the
 * same questions. */
#include "store/store.h"
#include "test_util.h"

#include "base/arena.h"
#include "base/common.h"
#include "quiz/quiz_bank.h"
#include "test_quiz_util.h"

static const char *kind_at(const struct quiz_import *imp, size_t i)
{
	assert_true(i < imp->n);
	item_ok(imp, i, 0, imp->items[i].q.kind ? imp->items[i].q.kind : "");
	return imp->items[i].q.kind;
}

static void test_read_subset(void **state)
{
	(void)state;
	const char *gift =
	    "\xEF\xBB\xBF// a comment line\n"                                           /* 1 */
	    "$CATEGORY: $course$/top/健康\n"                                            /* 2 */
	    "\n"                                                                        /* 3 */
	    "::Q1:: [html]勤洗手可以预防哪种疾病？ {\n"                                 /* 4 */
	    "  =感冒 # 对，接触传播\n"                                                  /* 5 */
	    "  ~近视\n"                                                                 /* 6 */
	    "  ~骨折\n"                                                                 /* 7 */
	    "}\n"                                                                       /* 8 */
	    "\n"                                                                        /* 9 */
	    "哪些是维生素？ {~%50%维生素A ~%50%维生素C ~%-100%钙 ####维生素是有机物}\n" /* 10 */
	    "\n"                                                                        /* 11 */
	    "// tala: difficulty=4 status=active tags=天文,地理\n"                      /* 12 */
	    "ᠰᠠᠷ᠎ᠠ ᠪᠣᠯ ᠭᠠᠵᠠᠷ ᠤᠨ ᠳᠠᠭᠤᠯ ᠮᠥᠨ {T}\n"                                        /* 13 */
	    "\n"                                                                        /* 14 */
	    "地球的卫星叫什么？ {=月球 =月亮 =%0%太阳}\n"                               /* 15 */
	    "\n"                                                                        /* 16 */
	    "a\\{b\\}c\\=d\\~e\\#f\\:g {=x\\=y ~z}\n"                                   /* 17 */
	    "\n"                                                                        /* 18 */
	    "<span lang=\"zh\" class=\"multilang\">太阳</span><span lang=\"mn\" "
	    "class=\"multilang\">ᠨᠠᠷᠠ</span> {FALSE####"
	    "<span lang=\"zh\" class=\"multilang\">解释</span>}\n" /* 19 */;
	struct quiz_import imp = {0};
	assert_int_equal(quiz_gift_parse(&A, gift, strlen(gift), &imp), OK);
	assert_int_equal(imp.n_errors, 0);
	assert_int_equal(imp.n, 6);

	struct quiz_question *q = &imp.items[0].q;
	assert_int_equal(imp.items[0].line, 4);
	assert_string_equal(kind_at(&imp, 0), "single");
	assert_string_equal(q->category, "健康");
	assert_string_equal(q->stem_zh, "勤洗手可以预防哪种疾病？");
	assert_string_equal(q->stem_mn, "");
	assert_int_equal(q->n_options, 3);
	assert_true(q->options[0].correct && !q->options[1].correct && !q->options[2].correct);
	assert_string_equal(q->options[0].text_zh, "感冒");
	assert_string_equal(q->explanation_zh, "对，接触传播");

	q = &imp.items[1].q;
	assert_int_equal(imp.items[1].line, 10);
	assert_string_equal(kind_at(&imp, 1), "multi");
	assert_true(q->options[0].correct && q->options[1].correct && !q->options[2].correct);
	assert_string_equal(q->explanation_zh, "维生素是有机物");

	q = &imp.items[2].q;
	assert_int_equal(imp.items[2].line, 13);
	assert_string_equal(kind_at(&imp, 2), "truefalse");
	assert_string_equal(q->stem_zh, "");
	assert_true(strlen(q->stem_mn) > 0);
	assert_true(q->options[0].correct && !q->options[1].correct);
	assert_int_equal(q->difficulty, 4);
	assert_string_equal(q->tags, "天文,地理");

	q = &imp.items[3].q;
	assert_string_equal(kind_at(&imp, 3), "fill");
	assert_int_equal(q->n_answers, 2); /* the 0 % answer is not accepted */
	assert_string_equal(q->answers[1].answer, "月亮");
	assert_int_equal(q->difficulty, 3); /* the tala comment applies to one question only */

	q = &imp.items[4].q;
	assert_string_equal(q->stem_zh, "a{b}c=d~e#f:g");
	assert_string_equal(q->options[0].text_zh, "x=y");

	q = &imp.items[5].q;
	assert_string_equal(kind_at(&imp, 5), "truefalse");
	assert_string_equal(q->stem_zh, "太阳");
	assert_string_equal(q->stem_mn, "ᠨᠠᠷᠠ");
	assert_true(!q->options[0].correct && q->options[1].correct);
	assert_string_equal(q->explanation_zh, "解释");
}

static void test_rejects_with_lines(void **state)
{
	(void)state;
	const char *gift = "好题 {=对 ~错}\n"               /* 1 ok */
	                   "\n"                             /* 2 */
	                   "没有结束 {=a ~b\n"              /* 3 unclosed */
	                   "\n"                             /* 4 */
	                   "配对 {=猫 -> cat =狗 -> dog}\n" /* 5 matching */
	                   "\n"                             /* 6 */
	                   "数值 {#3.14:0.01}\n"            /* 7 numeric */
	                   "\n"                             /* 8 */
	                   "只有文字\n"                     /* 9 no answers */
	                   "\n"                             /* 10 */
	                   "两个对 {=a =b ~c}\n"            /* 11 ok: multi */
	                   "\n"                             /* 12 */
	                   "坏字节 \xff\xfe {=a ~b}\n"      /* 13 not UTF-8 */
	                   "\n"                             /* 14 */
	                   "问答 {}\n"                      /* 15 essay */
	                   "\n"                             /* 16 */
	                   "::题名没有结束 {=a ~b}\n"       /* 17 */
	                   "\n"                             /* 18 */
	                   "单选两个对 {~%50%a ~b}\n"       /* 19 ok: weighted multi */
	                   "\n"                             /* 20 */
	                   "权重 {~%abc%a ~b}\n"            /* 21 bad weight */
	                   "\n"                             /* 22 */
	                   "{=只有答案 ~没有题干}\n"        /* 23 no stem */
	                   "\n"                             /* 24 */
	                   "两个块 {=a ~b} 又 {=c ~d}\n"    /* 25 */
	                   "\n"                             /* 26 */
	                   "选择题没有对的 {~a ~b}\n"       /* 27 no right answer */
	                   "\n"                             /* 28 */
	                   "最后一题 {=a ~b}";              /* 29 ok, no newline */
	struct quiz_import imp = {0};
	assert_int_equal(quiz_gift_parse(&A, gift, strlen(gift), &imp), OK);
	assert_int_equal(imp.n, 15);
	assert_int_equal(imp.n_errors, 11);
	assert_null(imp.items[0].error_key);
	item_err(&imp, 1, 3, "quiz_bank.import.unclosed_brace");
	item_err(&imp, 2, 5, "quiz_bank.import.unsupported");
	item_err(&imp, 3, 7, "quiz_bank.import.unsupported");
	item_err(&imp, 4, 9, "quiz_bank.import.no_answers");
	assert_string_equal(kind_at(&imp, 5), "multi");
	item_err(&imp, 6, 13, "quiz_bank.import.not_utf8");
	item_err(&imp, 7, 15, "quiz_bank.import.unsupported");
	item_err(&imp, 8, 17, "quiz_bank.import.unclosed_title");
	assert_string_equal(kind_at(&imp, 9), "multi");
	item_err(&imp, 10, 21, "quiz_bank.import.bad_weight");
	item_err(&imp, 11, 23, "quiz_bank.error.stem_required");
	item_err(&imp, 12, 25, "quiz_bank.import.two_blocks");
	item_err(&imp, 13, 27, "quiz_bank.error.one_correct");
	assert_int_equal(imp.items[14].line, 29);
	assert_null(imp.items[14].error_key);
}

/* ---- round trip through a database ---- */

static void save(struct store *s, struct quiz_question *q)
{
	const char *field, *key;
	if (quiz_question_check(&A, q, &field, &key) != OK)
		fail_msg("check: %s %s", field, key);
	struct quiz_save sv = {.q = *q, .now_ms = 1000};
	assert_int_equal(store_write(s, quiz_question_save, &sv), OK);
}

static void fill_bank(struct store *s)
{
	struct quiz_option o1[3] = {
	    {.text_zh = "感冒, \"流感\"", .text_mn = "ᠬᠠᠯᠠᠭᠤᠨ", .correct = true},
	    {.text_zh = "近视{x}", .text_mn = "ᠨᠢᠳᠦ"},
	    {.text_zh = "a=b~c#d:e\\f", .text_mn = "ᠶᠠᠰᠤ"}};
	struct quiz_question q1 = {.kind = "single",
	                           .category = "健康",
	                           .difficulty = 2,
	                           .tags = "防疫,卫生",
	                           .stem_zh = "勤洗手\n可以预防什么？",
	                           .stem_mn = "ᠭᠠᠷ ᠤᠭᠠᠬᠤ",
	                           .explanation_zh = "接触传播",
	                           .explanation_mn = "ᠲᠠᠶᠢᠯᠪᠤᠷᠢ",
	                           .options = o1,
	                           .n_options = 3};
	save(s, &q1);
	struct quiz_option o2[4] = {{.text_zh = "A", .correct = true},
	                            {.text_zh = "C", .correct = true},
	                            {.text_zh = "D", .correct = true},
	                            {.text_zh = "钙"}};
	struct quiz_question q2 = {.kind = "multi",
	                           .category = "健康",
	                           .difficulty = 3,
	                           .stem_zh = "哪些是维生素？",
	                           .options = o2,
	                           .n_options = 4};
	save(s, &q2);
	struct quiz_option o3[2] = {{.correct = false}, {.correct = true}};
	struct quiz_question q3 = {.kind = "truefalse",
	                           .category = "天文",
	                           .difficulty = 5,
	                           .status = "retired",
	                           .stem_mn = "ᠰᠠᠷ᠎ᠠ ᠪᠣᠯ ᠣᠳᠤ",
	                           .explanation_mn = "ᠦᠭᠡᠢ",
	                           .options = o3,
	                           .n_options = 2};
	save(s, &q3);
	struct quiz_accepted acc[2] = {{.answer = "月球"}, {.answer = "Moon|月亮"}};
	struct quiz_question q4 = {.kind = "fill",
	                           .category = "天文",
	                           .difficulty = 1,
	                           .stem_zh = "DNA", /* Chinese field without Han */
	                           .stem_mn = "",
	                           .answers = acc,
	                           .n_answers = 2};
	save(s, &q4);
	struct quiz_question q5 = {.kind = "fill",
	                           .category = "",
	                           .difficulty = 3,
	                           .stem_mn = "DNA ᠶᠢᠨ", /* Mongolian with Latin */
	                           .answers = (struct quiz_accepted[]){{.answer = "ᠠ"}},
	                           .n_answers = 1};
	save(s, &q5);
}

static char *export_gift(struct store *s)
{
	struct strbuf sb;
	strbuf_init(&sb);
	assert_int_equal(quiz_bank_export(s, &A, QUIZ_GIFT, NULL, &sb), OK);
	return strbuf_detach(&sb, NULL);
}

static void test_round_trip(void **state)
{
	(void)state;
	struct tu_db d1, d2;
	tu_db_open(&d1, 64);
	tu_db_migrate(&d1);
	fill_bank(d1.s);
	char *first = export_gift(d1.s);

	struct quiz_import imp = {0};
	assert_int_equal(quiz_gift_parse(&A, first, strlen(first), &imp), OK);
	for (size_t i = 0; i < imp.n; i++)
		if (imp.items[i].error_key)
			fail_msg("line %d: %s (%s)\n%s", imp.items[i].line, imp.items[i].error_key,
			         imp.items[i].field ? imp.items[i].field : "-", first);
	assert_int_equal(imp.n, 5);
	tu_db_open(&d2, 64);
	tu_db_migrate(&d2);
	struct quiz_import_run run = {.imp = &imp, .now_ms = 2000};
	assert_int_equal(store_write(d2.s, quiz_import_save, &run), OK);
	assert_int_equal(run.imported, 5);
	char *second = export_gift(d2.s);
	assert_string_equal(first, second);

	/* and the questions themselves: the same texts, kinds, answers (ids aside) */
	struct quiz_filter f = {.limit = 10};
	struct quiz_page p1, p2;
	assert_int_equal(quiz_questions_list(d1.s, &A, &f, &p1), OK);
	assert_int_equal(quiz_questions_list(d2.s, &A, &f, &p2), OK);
	assert_int_equal(p1.n, p2.n);
	for (size_t i = 0; i < p1.n; i++) {
		struct quiz_question a, b;
		/* d2 holds them in export order (category, then id) */
		bool found = false;
		assert_int_equal(quiz_question_get(d1.s, &A, p1.items[i].id, &a), OK);
		for (size_t j = 0; j < p2.n && !found; j++) {
			assert_int_equal(quiz_question_get(d2.s, &A, p2.items[j].id, &b), OK);
			found =
			    strcmp(a.stem_zh, b.stem_zh) == 0 && strcmp(a.stem_mn, b.stem_mn) == 0;
		}
		assert_true(found);
		assert_string_equal(a.kind, b.kind);
		assert_string_equal(a.category, b.category);
		assert_string_equal(a.tags, b.tags);
		assert_string_equal(a.status, b.status);
		assert_int_equal(a.difficulty, b.difficulty);
		assert_string_equal(a.explanation_zh, b.explanation_zh);
		assert_string_equal(a.explanation_mn, b.explanation_mn);
		assert_int_equal(a.n_options, b.n_options);
		for (size_t k = 0; k < a.n_options; k++) {
			assert_string_equal(a.options[k].text_zh, b.options[k].text_zh);
			assert_string_equal(a.options[k].text_mn, b.options[k].text_mn);
			assert_int_equal(a.options[k].correct, b.options[k].correct);
		}
		assert_int_equal(a.n_answers, b.n_answers);
		for (size_t k = 0; k < a.n_answers; k++)
			assert_string_equal(a.answers[k].answer, b.answers[k].answer);
	}
	free(first);
	free(second);
	tu_db_close(&d1);
	tu_db_close(&d2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_read_subset),
	    cmocka_unit_test(test_rejects_with_lines),
	    cmocka_unit_test(test_round_trip),
	};
	return cmocka_run_group_tests(tests, quiz_setup, quiz_teardown);
}
