/* test_quiz_bank_key.c: the fill-in answer key (quiz_answer_key through text_fold):
 * Mongolian spellings that display the same give the same key (o/u and t/d variants,
 * Menksoft and Unicode, NNBSP and MVS before a suffix, a redundant FVS), full and half
 * width, case, traditional and simplified Han, white space; answers that differ keep
 * different keys; and matching a question's accepted answers and choice sets. */
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

static void same(const char *x, const char *y)
{
	const char *kx = quiz_answer_key(&A, x), *ky = quiz_answer_key(&A, y);
	assert_true(kx[0] != 0);
	if (strcmp(kx, ky) != 0)
		fail_msg("keys differ: '%s' -> '%s', '%s' -> '%s'", x, kx, y, ky);
}

static void differ(const char *x, const char *y)
{
	assert_string_not_equal(quiz_answer_key(&A, x), quiz_answer_key(&A, y));
}

static void test_mongolian_variants(void **state)
{
	(void)state;
	/* ordo typed as urtu and urdu (UTN #57: one shape AORDU) */
	same("\u1823\u1837\u1833\u1823", "\u1824\u1837\u1832\u1824");
	same("\u1823\u1837\u1833\u1823", "\u1824\u1837\u1833\u1824");
	/* Menksoft glyph codes and Unicode of the same word */
	same("\uE2C1\uE27F\uE317\uE27E\uE2E8", "\u182A\u1822\u1834\u1822\u182D");
	/* a suffix after NNBSP or after MVS; a FVS selecting the default form */
	same("\u182D\u1821\u1837\u202F\u1826\u1828", "\u182D\u1821\u1837\u180E\u1826\u1828");
	same("\u1820\u180D", "\u1820");
	/* words around white space of any kind */
	same(" \u1823\u1837\u1833\u1823\u3000\u182D\u1821\u1837 ",
	     "\u1824\u1837\u1832\u1824 \u182D\u1821\u1837");
	/* the key is the shape, not the letters */
	assert_string_equal(quiz_answer_key(&A, "\u1823\u1837\u1833\u1823"), "AORDU");
	/* words that display differently: ger / gar, abu / aba */
	differ("\u182D\u1821\u1837", "\u182D\u1820\u1837");
	differ("\u1820\u182A\u1824", "\u1820\u182A\u1820");
}

static void test_width_case_han(void **state)
{
	(void)state;
	same("ＤＮＡ", "dna");
	same("DNA", "dna");
	same("Ｈ２Ｏ", "h2o");
	same("１９４９年", "1949年");
	same("電腦", "电脑");
	same("細胞膜", "细胞膜");
	same("光合作用", "光合作用");
	same("  光合\t\n 作用  ", "光合 作用");
	same("光合\u3000作用", "光合 作用");
	same("Straße", "STRASSE"); /* full case folding */
	assert_string_equal(quiz_answer_key(&A, "  Ｈｅｌｌｏ   Ｗｏｒｌｄ "), "hello world");
	assert_string_equal(quiz_answer_key(&A, "電腦"), "电脑");
	differ("电脑", "电视");
	differ("光合作用", "光合 作用"); /* a space inside is kept (collapsed, not removed) */
	differ("h2o", "h20");
	/* mixed Mongolian and Chinese */
	same("\u1823\u1837\u1833\u1823 電腦", "\u1824\u1837\u1832\u1824 电脑");
}

static void test_empty_and_bad_bytes(void **state)
{
	(void)state;
	assert_string_equal(quiz_answer_key(&A, ""), "");
	assert_string_equal(quiz_answer_key(&A, " \t\u3000 "), "");
	assert_string_equal(quiz_answer_key(&A, NULL), "");
	/* ill-formed UTF-8 gives U+FFFD, never a crash or an empty key */
	assert_string_equal(quiz_answer_key(&A, "a\xff"), "a\xEF\xBF\xBD");
}

static void test_fill_accepts(void **state)
{
	(void)state;
	struct quiz_accepted acc[2] = {{"光合作用", quiz_answer_key(&A, "光合作用")},
	                               {"Photosynthesis", quiz_answer_key(&A, "Photosynthesis")}};
	struct quiz_question q = {.kind = "fill", .answers = acc, .n_answers = 2};
	assert_true(quiz_fill_accepts(&A, &q, " 光合作用 "));
	assert_true(quiz_fill_accepts(&A, &q, "ＰＨＯＴＯＳＹＮＴＨＥＳＩＳ"));
	assert_false(quiz_fill_accepts(&A, &q, "光合"));
	assert_false(quiz_fill_accepts(&A, &q, ""));
	assert_false(quiz_fill_accepts(&A, &q, "   "));
}

static void test_choice_correct(void **state)
{
	(void)state;
	struct quiz_option o[4] = {{11, 1, "", "a", true},
	                           {12, 2, "", "b", false},
	                           {13, 3, "", "c", true},
	                           {14, 4, "", "d", false}};
	struct quiz_question q = {.kind = "multi", .options = o, .n_options = 4};
	assert_true(quiz_choice_correct(&q, (int64_t[]){13, 11}, 2));
	assert_false(quiz_choice_correct(&q, (int64_t[]){11}, 1));
	assert_false(quiz_choice_correct(&q, (int64_t[]){11, 11}, 2));
	assert_false(quiz_choice_correct(&q, (int64_t[]){11, 12}, 2));
	assert_false(quiz_choice_correct(&q, (int64_t[]){11, 13, 12}, 3));
	assert_false(quiz_choice_correct(&q, (int64_t[]){11, 99}, 2));
	assert_false(quiz_choice_correct(&q, NULL, 0));
}

static void test_names(void **state)
{
	(void)state;
	assert_true(quiz_kind_valid("single") && quiz_kind_valid("multi") &&
	            quiz_kind_valid("truefalse") && quiz_kind_valid("fill"));
	assert_false(quiz_kind_valid("essay") || quiz_kind_valid("") || quiz_kind_valid(NULL));
	assert_true(quiz_status_valid("active") && quiz_status_valid("retired"));
	assert_false(quiz_status_valid("deleted"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_mongolian_variants),  cmocka_unit_test(test_width_case_han),
	    cmocka_unit_test(test_empty_and_bad_bytes), cmocka_unit_test(test_fill_accepts),
	    cmocka_unit_test(test_choice_correct),      cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, quiz_setup, quiz_teardown);
}
