/* test_quiz_stats.c: a campaign's statistics on a fixture of attempts inserted into the
 * campaigns part's tables (migration 0009: quiz_campaigns, quiz_attempts,
 * quiz_attempt_items).
 * The facility and discrimination indices are computed here independently (sort, thirds,
 * means in C) and compared with quiz_stats_compute; also participants and attempts per day
 * in China Standard Time, per league, the score distribution, the exclusion of unfinished
 * attempts and of other campaigns, and the CSV and XLSX exports. */
#include "store/store.h"
#include "test_util.h"

#include "base/arena.h"
#include "base/common.h"
#include "quiz/quiz_stats.h"

#include <math.h>

static struct tu_db D;

#define N_ATT 9
#define N_Q   3
/* points of the scored attempts 1..9 on questions 1..3 (-1: unanswered); maxima 1, 1, 2 */
static const int points[N_ATT][N_Q] = {{1, 1, 2}, {1, 1, 1}, {1, 0, 2}, {0, 1, 1},  {1, -1, 1},
                                       {0, 1, 0}, {1, 0, 0}, {0, 0, 0}, {0, -1, -1}};
static const int maxp[N_Q] = {1, 1, 2};
static const char *const regions[N_ATT] = {"150102", "150102", "150102", "150102", "150203",
                                           "150203", "150203", "152501", "152501"};

static void exec(const char *sql)
{
	if (store_write(D.s, tu_exec_closure, (void *)sql) != OK)
		fail_msg("fixture: %s", sql);
}

static int setup(void **state)
{
	(void)state;
	tu_db_open(&D, 64);
	tu_db_migrate(&D);
	exec("INSERT INTO regions(code, level, parent, name_zh, name_mn) VALUES"
	     " ('15', 'province', NULL, '内蒙古自治区', ''),"
	     " ('1501', 'league', '15', '呼和浩特市', 'ᠬᠥᠬᠡᠬᠣᠲᠠ'),"
	     " ('1502', 'league', '15', '包头市', 'ᠪᠤᠭᠤᠲᠤ'),"
	     " ('1525', 'league', '15', '锡林郭勒盟', 'ᠰᠢᠯᠢ ᠶᠢᠨ ᠭᠣᠣᠯ'),"
	     " ('150102', 'county', '1501', 'a', ''), ('150203', 'county', '1502', 'b', ''),"
	     " ('152501', 'county', '1525', 'c', '');"
	     "INSERT INTO quiz_questions(id, kind, stem_zh, created_at, updated_at) VALUES"
	     " (1, 'single', '一', 0, 0), (2, 'truefalse', '二', 0, 0), (3, 'multi', '三', 0, 0);"
	     "INSERT INTO quiz_campaigns(id, title_zh, title_mn, region_code, opens_at, closes_at,"
	     " pass_mark, seed, commitment, created_at, updated_at) VALUES (1, '防疫知识竞答',"
	     " 'ᠲᠡᠮᠴᠡᠭᠡᠨ', '15', 0, 1, 3, x'00', '', 0, 0),"
	     " (2, '另一个', '', '1501', 0, 1, 1, x'00', '', 0, 0);");
	for (int u = 1; u <= 11; u++) {
		char sql[128];
		snprintf(
		    sql, sizeof sql,
		    "INSERT INTO users(id, login, password_hash, created_at) VALUES (%d, 'u%d',"
		    " 'x', 0)",
		    u, u);
		exec(sql);
	}
	/* 2026-03-01 10:00 CST = 02:00 UTC; 2026-03-01 23:30 UTC = 03-02 07:30 CST */
	const long long day1 = 1772330400000LL, day2 = 1772407800000LL;
	struct arena a;
	arena_init(&a, 4096);
	for (int i = 0; i < N_ATT; i++) {
		int score = 0;
		for (int k = 0; k < N_Q; k++)
			score += points[i][k] > 0 ? points[i][k] : 0;
		exec(arena_printf(
		    &a,
		    "INSERT INTO quiz_attempts(id, campaign_id, user_id, region_code,"
		    " status, started_at, deadline_at, finished_at, score, max_score, token_hash)"
		    " VALUES (%d, 1, %d, '%s', '%s', %lld, 0, 1, %d, 4, x'%02x')",
		    i + 1, i + 1, regions[i], i == 8 ? "expired" : "finished", i < 5 ? day1 : day2,
		    score, i + 1));
		for (int k = 0; k < N_Q; k++)
			exec(arena_printf(
			    &a,
			    "INSERT INTO quiz_attempt_items(attempt_id, position,"
			    " question_id, question_version, answer, points, max_points) VALUES"
			    " (%d, %d, %d, 1, %s, %s, %d)",
			    i + 1, k + 1, k + 1, points[i][k] < 0 ? "NULL" : "'x'",
			    points[i][k] < 0 ? "NULL" : arena_printf(&a, "%d", points[i][k]),
			    maxp[k]));
	}
	/* an attempt still running (counted as an attempt, not scored) and another campaign's */
	exec("INSERT INTO quiz_attempts(id, campaign_id, user_id, region_code, status, started_at,"
	     " deadline_at, finished_at, score, max_score, token_hash) VALUES (10, 1, 10, '150102',"
	     " 'active', 1772407800000, 0, NULL, NULL, 4, x'10'), (11, 2, 1, '150102', 'finished',"
	     " 1772330400000, 0, 1, 0, 4, x'11');"
	     "INSERT INTO quiz_attempt_items(attempt_id, position, question_id, question_version,"
	     " answer, points, max_points) VALUES (10, 1, 1, 1, 'x', 0, 1), (11, 1, 1, 1, 'x', 0,"
	     " 1);");
	arena_free(&a);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tu_db_close(&D);
	return 0;
}

/* ---- the indices, computed independently ---- */

static int score_of(int i)
{
	int s = 0;
	for (int k = 0; k < N_Q; k++)
		s += points[i][k] > 0 ? points[i][k] : 0;
	return s;
}

static double frac(int i, int k)
{
	return (points[i][k] > 0 ? points[i][k] : 0) / (double)maxp[k];
}

static void expected(int k, double *facility, double *discrimination)
{
	int order[N_ATT];
	for (int i = 0; i < N_ATT; i++)
		order[i] = i;
	for (int i = 1; i < N_ATT; i++) /* insertion sort: score descending, id ascending */
		for (int j = i; j > 0 && score_of(order[j]) > score_of(order[j - 1]); j--) {
			int t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	double all = 0, top = 0, bottom = 0;
	int third = N_ATT / 3;
	for (int r = 0; r < N_ATT; r++) {
		all += frac(order[r], k);
		if (r < third)
			top += frac(order[r], k);
		if (r >= N_ATT - third)
			bottom += frac(order[r], k);
	}
	*facility = all / N_ATT;
	*discrimination = top / third - bottom / third;
}

static void test_indices(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 4096);
	struct quiz_stats st;
	assert_int_equal(quiz_stats_compute(D.s, &a, 1, &st), OK);
	assert_int_equal(st.n_items, N_Q);
	for (int k = 0; k < N_Q; k++) {
		double f, d;
		expected(k, &f, &d);
		assert_int_equal(st.items[k].question_id, k + 1);
		assert_int_equal(st.items[k].n, N_ATT);
		assert_true(st.items[k].has_thirds);
		if (fabs(st.items[k].facility - f) > 1e-9 ||
		    fabs(st.items[k].discrimination - d) > 1e-9)
			fail_msg("question %d: F %f D %f, want F %f D %f", k + 1,
			         st.items[k].facility, st.items[k].discrimination, f, d);
	}
	/* by hand for question 1: top third (attempts 1, 2, 3) all right, bottom (7, 8, 9) one */
	assert_true(fabs(st.items[0].facility - 5.0 / 9) < 1e-9);
	assert_true(fabs(st.items[0].discrimination - (1.0 - 1.0 / 3)) < 1e-9);
	arena_free(&a);
}

static void test_counts(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 4096);
	struct quiz_stats st;
	assert_int_equal(quiz_stats_compute(D.s, &a, 1, &st), OK);
	assert_string_equal(st.title_zh, "防疫知识竞答");
	assert_int_equal(st.participants, 10);
	assert_int_equal(st.attempts, 10);
	assert_int_equal(st.scored, 9);
	assert_int_equal(st.n_days, 2);
	assert_string_equal(st.days[0].day, "2026-03-01");
	assert_int_equal(st.days[0].attempts, 5);
	assert_string_equal(st.days[1].day, "2026-03-02");
	assert_int_equal(st.days[1].attempts, 5);
	assert_int_equal(st.n_leagues, 3);
	assert_string_equal(st.leagues[0].code, "1501");
	assert_int_equal(st.leagues[0].attempts, 5); /* four scored and the running one */
	assert_int_equal(st.leagues[0].participants, 5);
	assert_true(fabs(st.leagues[0].mean_pct - 100.0 * (4 + 3 + 3 + 2) / 16) < 1e-9);
	assert_int_equal(st.leagues[1].attempts, 3);
	assert_int_equal(st.leagues[2].attempts, 2);
	int64_t want[11] = {0};
	for (int i = 0; i < N_ATT; i++)
		want[score_of(i) * 100 / 4 / 10 > 10 ? 10 : score_of(i) * 100 / 4 / 10]++;
	for (int b = 0; b <= 10; b++)
		assert_int_equal(st.buckets[b], want[b]);
	assert_int_equal(st.buckets[10], 1);
	assert_int_equal(quiz_stats_compute(D.s, &a, 99, &st), QUIZ_NOT_FOUND);
	/* the other campaign sees only its own attempt */
	assert_int_equal(quiz_stats_compute(D.s, &a, 2, &st), OK);
	assert_int_equal(st.attempts, 1);
	assert_int_equal(st.n_items, 1);
	assert_false(st.items[0].has_thirds);
	arena_free(&a);
}

static void test_exports(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 4096);
	struct quiz_stats st;
	assert_int_equal(quiz_stats_compute(D.s, &a, 1, &st), OK);
	struct strbuf sb;
	strbuf_init(&sb);
	quiz_stats_csv(&sb, &st, "zh");
	assert_memory_equal(sb.data, "\xEF\xBB\xBF", 3);
	assert_non_null(strstr(sb.data, "2026-03-01,5,5\r\n"));
	assert_non_null(strstr(sb.data, "1501,呼和浩特市,5,5,75.0\r\n"));
	char row[64];
	snprintf(row, sizeof row, "1,一,9,%.3f,", st.items[0].facility);
	assert_non_null(strstr(sb.data, row));
	strbuf_reset(&sb);
	quiz_stats_csv(&sb, &st, "mn");
	assert_non_null(strstr(sb.data, "ᠬᠥᠬᠡᠬᠣᠲᠠ"));
	strbuf_reset(&sb);
	assert_int_equal(quiz_stats_xlsx(&sb, &st, "zh"), OK);
	assert_true(sb.len > 1000);
	assert_memory_equal(sb.data, "PK\x03\x04", 4); /* a zip container */
	strbuf_free(&sb);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_indices),
	    cmocka_unit_test(test_counts),
	    cmocka_unit_test(test_exports),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
