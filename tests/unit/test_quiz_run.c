/* test_quiz_run.c: the pure parts of the quiz run side — scoring each kind of question
 * (and refusing unknown, duplicate or too many options), the option-id parser, the
 * leaderboard's skip list against a sorted array (insert, remove, rank, pages), and the
 * prize draw: SHA-256 against a known vector, the same seed and list give the same winners,
 * the winners are distinct members of the list, a draw of more prizes than entries takes
 * everyone, every entry can win (no position is favoured beyond chance over many seeds),
 * and quiz_draw_check catches a changed seed, list or winner. */
#include "quiz/quiz.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static void test_ids_parse(void **state)
{
	(void)state;
	int64_t ids[4];
	assert_int_equal(quiz_ids_parse("12,7,9", ids, 4), 3);
	assert_int_equal(ids[2], 9);
	assert_int_equal(quiz_ids_parse("", ids, 4), 0);
	assert_int_equal(quiz_ids_parse("1,,2", ids, 4), -1);
	assert_int_equal(quiz_ids_parse("1,x", ids, 4), -1);
	assert_int_equal(quiz_ids_parse("-3", ids, 4), -1);
	assert_int_equal(quiz_ids_parse("0", ids, 4), -1);
	assert_int_equal(quiz_ids_parse("1,2,3,4,5", ids, 4), -1);
	assert_int_equal(quiz_ids_parse("1,", ids, 4), -1);
}

static void test_score(void **state)
{
	(void)state;
	struct quiz_item single = {.kind = QK_SINGLE,
	                           .nopt = 3,
	                           .option_ids = {10, 11, 12},
	                           .correct = 1u << 1,
	                           .max_points = 1};
	const char *why = NULL;
	int64_t pick[3] = {11};
	assert_int_equal(quiz_score_item(&single, pick, 1, NULL, &why), 1);
	pick[0] = 10;
	assert_int_equal(quiz_score_item(&single, pick, 1, NULL, &why), 0);
	pick[0] = 99;
	assert_int_equal(quiz_score_item(&single, pick, 1, NULL, &why), -1);
	assert_string_equal(why, "quiz.error.unknown_option");
	int64_t two[2] = {10, 11};
	assert_int_equal(quiz_score_item(&single, two, 2, NULL, &why), -1);
	assert_string_equal(why, "quiz.error.one_option");
	assert_int_equal(quiz_score_item(&single, two, 0, NULL, &why), -1);
	assert_string_equal(why, "quiz.error.answer_empty");

	struct quiz_item multi = {.kind = QK_MULTI,
	                          .nopt = 3,
	                          .option_ids = {10, 11, 12},
	                          .correct = (1u << 0) | (1u << 2),
	                          .max_points = 1};
	int64_t both[2] = {12, 10};
	assert_int_equal(quiz_score_item(&multi, both, 2, NULL, &why), 1);
	assert_int_equal(quiz_score_item(&multi, both, 1, NULL, &why), 0); /* a part: nothing */
	int64_t all[3] = {10, 11, 12};
	assert_int_equal(quiz_score_item(&multi, all, 3, NULL, &why), 0);
	int64_t dup[2] = {10, 10};
	assert_int_equal(quiz_score_item(&multi, dup, 2, NULL, &why), -1);
	assert_string_equal(why, "quiz.error.duplicate_option");

	char *keys[] = {"hohhot", "呼和浩特"};
	struct quiz_item fill = {
	    .kind = QK_FILL, .accepted_keys = keys, .naccepted = 2, .max_points = 1};
	assert_int_equal(quiz_score_item(&fill, NULL, -1, "呼和浩特", &why), 1);
	assert_int_equal(quiz_score_item(&fill, NULL, -1, "baotou", &why), 0);
	assert_int_equal(quiz_score_item(&fill, NULL, -1, "", &why), -1);
}

static int cmp_rank(const void *pa, const void *pb)
{
	const struct quiz_rank *a = pa, *b = pb;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->duration_ms != b->duration_ms)
		return a->duration_ms < b->duration_ms ? -1 : 1;
	return a->attempt_id < b->attempt_id ? -1 : a->attempt_id > b->attempt_id;
}

static void test_skiplist(void **state)
{
	(void)state;
	enum { N = 3000 };
	struct quiz_rank *all = calloc(N, sizeof *all), *sorted = calloc(N, sizeof *sorted);
	struct quiz_skiplist *l = quiz_skiplist_new();
	srand(7);
	for (int i = 0; i < N; i++) {
		all[i].attempt_id = i + 1;
		all[i].user_id = i + 1;
		all[i].score = rand() % 21;
		all[i].duration_ms = rand() % 5000;
		quiz_skiplist_insert(l, &all[i]);
	}
	/* remove every third */
	size_t n = 0;
	for (int i = 0; i < N; i++) {
		if (i % 3 == 0)
			assert_true(quiz_skiplist_remove(l, &all[i]));
		else
			sorted[n++] = all[i];
	}
	assert_false(quiz_skiplist_remove(l, &all[0])); /* gone already */
	assert_int_equal(quiz_skiplist_len(l), n);
	qsort(sorted, n, sizeof *sorted, cmp_rank);
	for (size_t i = 0; i < n; i += 37)
		assert_int_equal(quiz_skiplist_rank(l, &sorted[i]), (int)i + 1);
	assert_int_equal(quiz_skiplist_rank(l, &all[0]), 0);
	struct quiz_rank page[50];
	for (size_t off = 0; off < n; off += 450) {
		size_t got = quiz_skiplist_range(l, off, 50, page);
		assert_int_equal(got, off + 50 <= n ? 50 : n - off);
		for (size_t k = 0; k < got; k++) {
			assert_int_equal(page[k].attempt_id, sorted[off + k].attempt_id);
			assert_int_equal(page[k].rank, (int)(off + k + 1));
		}
	}
	assert_int_equal(quiz_skiplist_range(l, n, 10, page), 0);
	quiz_skiplist_free(l);
	free(all);
	free(sorted);
}

static void test_sha256(void **state)
{
	(void)state;
	char hex[QUIZ_HASH_HEX];
	quiz_sha256_hex("abc", 3, hex); /* FIPS 180-2 example */
	assert_string_equal(hex,
	                    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void seed_of(int k, unsigned char seed[QUIZ_SEED_BYTES])
{
	for (int i = 0; i < QUIZ_SEED_BYTES; i++)
		seed[i] = (unsigned char)(k * 31 + i);
}

static void test_draw(void **state)
{
	(void)state;
	int64_t list[10], w1[10], w2[10];
	for (int i = 0; i < 10; i++)
		list[i] = 100 + i * 3;
	unsigned char seed[QUIZ_SEED_BYTES];
	seed_of(1, seed);
	assert_int_equal(quiz_draw_winners(seed, list, 10, 4, w1), 4);
	assert_int_equal(quiz_draw_winners(seed, list, 10, 4, w2), 4);
	assert_memory_equal(w1, w2, sizeof(int64_t) * 4);
	for (int i = 0; i < 4; i++) {
		bool member = false;
		for (int k = 0; k < 10; k++)
			member |= w1[i] == list[k];
		assert_true(member);
		for (int k = 0; k < i; k++)
			assert_true(w1[k] != w1[i]);
	}
	/* another seed, another draw (for these seeds) */
	seed_of(2, seed);
	quiz_draw_winners(seed, list, 10, 4, w2);
	assert_true(memcmp(w1, w2, sizeof(int64_t) * 4) != 0);
	/* more prizes than entries: everyone, once */
	assert_int_equal(quiz_draw_winners(seed, list, 3, 9, w2), 3);
	assert_int_equal(quiz_draw_winners(seed, list, 0, 9, w2), 0);
	/* over 2000 seeds each of 10 entries wins the single prize about 200 times */
	int wins[10] = {0};
	for (int k = 0; k < 2000; k++) {
		seed_of(k + 10, seed);
		quiz_draw_winners(seed, list, 10, 1, w2);
		wins[(w2[0] - 100) / 3]++;
	}
	for (int i = 0; i < 10; i++)
		assert_in_range(wins[i], 120, 280);
}

static void test_draw_check(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 4096);
	unsigned char seed[QUIZ_SEED_BYTES];
	seed_of(5, seed);
	int64_t list[6] = {3, 8, 9, 20, 21, 40}, w[2];
	struct quiz_draw_result r = {.eligible = list, .neligible = 6, .winners = w, .prizes = 2};
	r.nwinners = quiz_draw_winners(seed, list, 6, 2, w);
	for (int i = 0; i < QUIZ_SEED_BYTES; i++)
		sprintf(r.seed_hex + 2 * i, "%02x", seed[i]);
	quiz_sha256_hex(seed, sizeof seed, r.commitment);
	const char *text = quiz_draw_list_text(&a, list, 6);
	assert_string_equal(text, "3\n8\n9\n20\n21\n40\n");
	quiz_sha256_hex(text, strlen(text), r.list_hash);
	assert_null(quiz_draw_check(&r));
	/* through JSON and back */
	json_t *j = quiz_draw_json(&r);
	struct quiz_draw_result back;
	char err[128];
	assert_int_equal(quiz_draw_from_json(j, &a, &back, err, sizeof err), 0);
	assert_null(quiz_draw_check(&back));
	json_decref(j);
	/* each change is caught */
	struct quiz_draw_result bad = r;
	bad.seed_hex[0] = bad.seed_hex[0] == '0' ? '1' : '0';
	assert_non_null(strstr(quiz_draw_check(&bad), "commitment"));
	bad = r;
	int64_t other[6] = {3, 8, 9, 20, 21, 41};
	bad.eligible = other;
	assert_non_null(strstr(quiz_draw_check(&bad), "list"));
	bad = r;
	int64_t wrong[2] = {w[1], w[0]};
	bad.winners = wrong;
	assert_non_null(strstr(quiz_draw_check(&bad), "winners"));
	j = json_pack("{s:s}", "seed", "zz");
	assert_int_equal(quiz_draw_from_json(j, &a, &back, err, sizeof err), -1);
	assert_non_null(strstr(err, "seed"));
	json_decref(j);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ids_parse), cmocka_unit_test(test_score),
	    cmocka_unit_test(test_skiplist),  cmocka_unit_test(test_sha256),
	    cmocka_unit_test(test_draw),      cmocka_unit_test(test_draw_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
