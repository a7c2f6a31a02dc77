/* quiz_stats.c: a campaign's statistics, read from the attempts tables of the quiz schema
 * contract (quiz_campaigns, quiz_attempts, quiz_attempt_items; owned by the campaigns part):
 * participants and attempts per day (China Standard Time) and per league (the first four
 * digits of the attempt's region code; all 12 leagues, zero when none), the score
 * distribution, and per question the facility and discrimination indices.
 *
 * Scored attempts are those finished or expired; an unanswered item scores 0. Definitions
 * (docs/quiz.md), as in Moodle's item analysis:
 *   facility index F = mean of points / max_points over the scored attempts that had the
 *     question (Moodle's "facility index": mean score / maximum score);
 *   discrimination index D = (mean of points / max_points in the top third) − (the same in
 *     the bottom third), the thirds taken by the attempt's total score (score / max_score),
 *     ties broken by attempt id, each third floor(N / 3) attempts — Moodle 1.9's item
 *     analysis "discrimination index", not the Moodle 2+ correlation coefficient.
 * A question is flagged for review when D < 0.2 or F < 0.1 or F > 0.95 (with ≥ 3 scored
 * attempts). */
#include "base/common.h"
#include "base/log.h"
#include "quiz/quiz_stats.h"
#include "region/region.h"

#include <string.h>

#define SCORED "status IN ('finished', 'expired')"

static const char *col_str(sqlite3_stmt *st, int i, struct arena *a)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return arena_strdup(a, t ? (const char *)t : "");
}

static int campaign(struct store *s, struct arena *a, int64_t id, struct quiz_stats *out)
{
	sqlite3_stmt *st =
	    store_stmt(s, "SELECT title_zh, title_mn, region_code, opens_at, closes_at"
	                  " FROM quiz_campaigns WHERE id = ?");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->title_zh = col_str(st, 0, a);
		out->title_mn = col_str(st, 1, a);
		out->region_code = col_str(st, 2, a);
		out->opens_at = sqlite3_column_int64(st, 3);
		out->closes_at = sqlite3_column_int64(st, 4);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? OK : rc == SQLITE_DONE ? QUIZ_NOT_FOUND : ERR;
}

static int totals(struct store *s, struct quiz_stats *out)
{
	sqlite3_stmt *st = store_stmt(
	    s, "SELECT count(DISTINCT user_id), count(*), coalesce(sum(" SCORED "), 0),"
	       " avg(CASE WHEN " SCORED " AND max_score > 0 THEN 100.0 * coalesce(score, 0) /"
	       " max_score END) FROM quiz_attempts WHERE campaign_id = ?");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, out->campaign_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->participants = sqlite3_column_int64(st, 0);
		out->attempts = sqlite3_column_int64(st, 1);
		out->scored = sqlite3_column_int64(st, 2);
		out->mean_pct = sqlite3_column_double(st, 3);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? OK : ERR;
}

static int per_day(struct store *s, struct arena *a, struct quiz_stats *out)
{
	sqlite3_stmt *st = store_stmt(
	    s,
	    "SELECT date(started_at / 1000 + 8 * 3600, 'unixepoch') AS d, count(DISTINCT"
	    " user_id), count(*) FROM quiz_attempts WHERE campaign_id = ? GROUP BY d ORDER BY d");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, out->campaign_id);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->days = arena_grow_array(a, out->days, out->n_days, &cap, sizeof *out->days);
		struct quiz_stats_day *d = &out->days[out->n_days++];
		d->day = col_str(st, 0, a);
		d->participants = sqlite3_column_int64(st, 1);
		d->attempts = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? OK : ERR;
}

static int per_league(struct store *s, struct arena *a, struct quiz_stats *out)
{
	struct region_list leagues;
	if (region_children(s, a, "15", NULL, 100, &leagues) != OK)
		return ERR;
	out->leagues = arena_alloc(a, (leagues.n + 1) * sizeof *out->leagues);
	for (size_t i = 0; i < leagues.n; i++) {
		struct quiz_stats_league *l = &out->leagues[out->n_leagues++];
		l->code = leagues.items[i].code;
		l->name_zh = leagues.items[i].name_zh;
		l->name_mn = leagues.items[i].name_mn ? leagues.items[i].name_mn : "";
	}
	sqlite3_stmt *st = store_stmt(
	    s, "SELECT substr(region_code, 1, 4) AS l, count(DISTINCT user_id), count(*),"
	       " avg(CASE WHEN " SCORED " AND max_score > 0 THEN 100.0 * coalesce(score, 0) /"
	       " max_score END) FROM quiz_attempts WHERE campaign_id = ? GROUP BY l");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, out->campaign_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 0);
		for (size_t i = 0; code && i < out->n_leagues; i++)
			if (strcmp(out->leagues[i].code, code) == 0) {
				out->leagues[i].participants = sqlite3_column_int64(st, 1);
				out->leagues[i].attempts = sqlite3_column_int64(st, 2);
				out->leagues[i].mean_pct = sqlite3_column_double(st, 3);
			}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? OK : ERR;
}

static int distribution(struct store *s, struct quiz_stats *out)
{
	sqlite3_stmt *st = store_stmt(
	    s, "SELECT min(10, CAST(100.0 * coalesce(score, 0) / max_score AS INTEGER) / 10) AS b,"
	       " count(*) FROM quiz_attempts WHERE campaign_id = ? AND " SCORED
	       " AND max_score > 0 GROUP BY b");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, out->campaign_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int b = sqlite3_column_int(st, 0);
		if (b >= 0 && b <= 10)
			out->buckets[b] = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? OK : ERR;
}

static int items(struct store *s, struct arena *a, struct quiz_stats *out)
{
	sqlite3_stmt *st = store_stmt(
	    s, "WITH r AS (SELECT id, row_number() OVER (ORDER BY coalesce(score, 0) * 1.0 /"
	       " max_score DESC, id) AS rn, count(*) OVER () AS n FROM quiz_attempts"
	       " WHERE campaign_id = ?1 AND " SCORED " AND max_score > 0),"
	       " g AS (SELECT id, CASE WHEN rn <= n / 3 THEN 1 WHEN rn > n - n / 3 THEN 3 ELSE 2"
	       " END AS third FROM r)"
	       " SELECT i.question_id, count(*), avg(coalesce(i.points, 0) * 1.0 / i.max_points),"
	       " avg(CASE WHEN g.third = 1 THEN coalesce(i.points, 0) * 1.0 / i.max_points END),"
	       " avg(CASE WHEN g.third = 3 THEN coalesce(i.points, 0) * 1.0 / i.max_points END),"
	       " q.stem_zh, q.stem_mn, q.kind"
	       " FROM quiz_attempt_items i JOIN g ON g.id = i.attempt_id"
	       " LEFT JOIN quiz_questions q ON q.id = i.question_id"
	       " WHERE i.max_points > 0 GROUP BY i.question_id ORDER BY i.question_id");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, out->campaign_id);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->items =
		    arena_grow_array(a, out->items, out->n_items, &cap, sizeof *out->items);
		struct quiz_stats_item *it = &out->items[out->n_items++];
		it->question_id = sqlite3_column_int64(st, 0);
		it->n = sqlite3_column_int64(st, 1);
		it->facility = sqlite3_column_double(st, 2);
		it->has_thirds = sqlite3_column_type(st, 3) != SQLITE_NULL &&
		                 sqlite3_column_type(st, 4) != SQLITE_NULL;
		it->discrimination =
		    it->has_thirds ? sqlite3_column_double(st, 3) - sqlite3_column_double(st, 4)
		                   : 0;
		it->stem_zh = col_str(st, 5, a);
		it->stem_mn = col_str(st, 6, a);
		it->kind = col_str(st, 7, a);
		it->flag = it->n >= 3 && (it->facility < 0.1 || it->facility > 0.95 ||
		                          (it->has_thirds && it->discrimination < 0.2));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? OK : ERR;
}

int quiz_stats_compute(struct store *s, struct arena *a, int64_t campaign_id,
                       struct quiz_stats *out)
{
	memset(out, 0, sizeof *out);
	out->campaign_id = campaign_id;
	int rc = campaign(s, a, campaign_id, out);
	if (rc != OK)
		return rc;
	if (totals(s, out) != OK || per_day(s, a, out) != OK || per_league(s, a, out) != OK ||
	    distribution(s, out) != OK || items(s, a, out) != OK) {
		log_msg(LOG_ERROR, "quiz.stats", "campaign=%lld", (long long)campaign_id);
		return ERR;
	}
	return OK;
}
