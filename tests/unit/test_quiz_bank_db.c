/* test_quiz_bank_db.c: the bank's reads on a migrated store: a question with its options
 * in authoring order and its accepted answers, through the thread's reader and inside a
 * write closure; unknown ids; active ids per category (retired ones left out); the
 * schema's checks (a question needs a stem, kinds and difficulty are constrained). */
#include "store/store.h"
#include "test_util.h"

#include "base/arena.h"
#include "base/common.h"
#include "quiz/quiz_bank.h"

static struct tu_db D;

static int setup(void **state)
{
	(void)state;
	tu_db_open(&D, 64);
	tu_db_migrate(&D);
	assert_int_equal(
	    store_write(
	        D.s, tu_exec_closure,
	        "INSERT INTO quiz_questions(id, kind, category, difficulty, stem_zh, stem_mn,"
	        " status, version, created_at, updated_at) VALUES"
	        " (1, 'single', 'health', 2, '哪个对?', '', 'active', 3, 10, 20),"
	        " (2, 'fill', 'health', 3, '光合作用的产物?', '', 'active', 1, 10, 10),"
	        " (3, 'truefalse', 'space', 1, '', 'ᠰᠠᠷ᠎ᠠ', 'active', 1, 10, 10),"
	        " (4, 'single', 'health', 1, '旧题', '', 'retired', 1, 10, 10);"
	        "INSERT INTO quiz_options(id, question_id, position, text_zh, correct) VALUES"
	        " (102, 1, 2, 'B', 1), (101, 1, 1, 'A', 0), (103, 1, 3, 'C', 0),"
	        " (301, 3, 1, '', 1), (302, 3, 2, '', 0);"
	        "INSERT INTO quiz_accepted_answers VALUES (2, '氧气', '氧气'), (2, 'O2', 'o2');"),
	    OK);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tu_db_close(&D);
	return 0;
}

static void check_q1(const struct quiz_question *q)
{
	assert_int_equal(q->id, 1);
	assert_string_equal(q->kind, "single");
	assert_string_equal(q->category, "health");
	assert_int_equal(q->difficulty, 2);
	assert_int_equal(q->version, 3);
	assert_string_equal(q->stem_zh, "哪个对?");
	assert_string_equal(q->stem_mn, "");
	assert_int_equal(q->n_options, 3);
	assert_int_equal(q->options[0].id, 101);
	assert_int_equal(q->options[1].id, 102);
	assert_int_equal(q->options[2].position, 3);
	assert_true(q->options[1].correct);
	assert_false(q->options[0].correct);
	assert_int_equal(q->n_answers, 0);
	assert_true(quiz_choice_correct(q, (int64_t[]){102}, 1));
	assert_false(quiz_choice_correct(q, (int64_t[]){101}, 1));
}

static void test_get(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 4096);
	struct quiz_question q;
	assert_int_equal(quiz_question_get(D.s, &a, 1, &q), OK);
	check_q1(&q);
	assert_int_equal(quiz_question_get(D.s, &a, 2, &q), OK);
	assert_int_equal(q.n_options, 0);
	assert_int_equal(q.n_answers, 2);
	assert_string_equal(q.answers[0].answer, "氧气");
	assert_true(quiz_fill_accepts(&a, &q, "Ｏ２"));
	assert_int_equal(quiz_question_get(D.s, &a, 999, &q), QUIZ_NOT_FOUND);
	arena_free(&a);
}

struct load_ctx {
	struct arena a;
	struct quiz_question q;
	int rc, rc_missing;
};

static int load_closure(sqlite3 *db, void *ctx)
{
	struct load_ctx *c = ctx;
	c->rc = quiz_question_load(db, &c->a, 1, &c->q);
	struct quiz_question none;
	c->rc_missing = quiz_question_load(db, &c->a, 12345, &none);
	return OK;
}

static void test_load_in_writer(void **state)
{
	(void)state;
	struct load_ctx c;
	arena_init(&c.a, 4096);
	assert_int_equal(store_write(D.s, load_closure, &c), OK);
	assert_int_equal(c.rc, OK);
	assert_int_equal(c.rc_missing, QUIZ_NOT_FOUND);
	check_q1(&c.q);
	arena_free(&c.a);
}

static void test_active_ids(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 4096);
	int64_t *ids;
	size_t n;
	assert_int_equal(quiz_bank_active_ids(D.s, &a, "health", &ids, &n), OK);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], 1);
	assert_int_equal(ids[1], 2);
	assert_int_equal(quiz_bank_active_ids(D.s, &a, NULL, &ids, &n), OK);
	assert_int_equal(n, 3);
	assert_int_equal(ids[2], 3);
	assert_int_equal(quiz_bank_active_ids(D.s, &a, "nothing", &ids, &n), OK);
	assert_int_equal(n, 0);
	arena_free(&a);
}

static void test_schema_checks(void **state)
{
	(void)state;
	/* no stem in either language; an unknown kind; difficulty out of range */
	assert_int_equal(store_write(D.s, tu_exec_closure,
	                             "INSERT INTO quiz_questions(kind, created_at, updated_at)"
	                             " VALUES ('single', 1, 1)"),
	                 ERR);
	assert_int_equal(
	    store_write(D.s, tu_exec_closure,
	                "INSERT INTO quiz_questions(kind, stem_zh, created_at, updated_at)"
	                " VALUES ('essay', 'x', 1, 1)"),
	    ERR);
	assert_int_equal(
	    store_write(
	        D.s, tu_exec_closure,
	        "INSERT INTO quiz_questions(kind, stem_zh, difficulty, created_at, updated_at)"
	        " VALUES ('single', 'x', 6, 1, 1)"),
	    ERR);
	/* two options at one position */
	assert_int_equal(
	    store_write(D.s, tu_exec_closure,
	                "INSERT INTO quiz_options(question_id, position) VALUES (1, 1)"),
	    ERR);
	assert_int_equal(tu_path_int(D.path, "SELECT count(*) FROM quiz_questions"), 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_get),
	    cmocka_unit_test(test_load_in_writer),
	    cmocka_unit_test(test_active_ids),
	    cmocka_unit_test(test_schema_checks),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
