/* quiz_stats.h: a quiz campaign's statistics (quiz_stats.c computes, quiz_stats_export.c
 * writes CSV and XLSX, quiz_stats_http.c serves the page): participants and attempts per
 * day and per league, score distribution, facility and discrimination per question. */
#ifndef TALA_QUIZ_STATS_H
#define TALA_QUIZ_STATS_H

#include "quiz/quiz_bank.h"

struct quiz_stats_day {
	const char *day; /* YYYY-MM-DD, China Standard Time */
	int64_t participants, attempts;
};

struct quiz_stats_league {
	const char *code; /* 4 digits */
	const char *name_zh, *name_mn;
	int64_t participants, attempts;
	double mean_pct; /* mean score of scored attempts, % of the maximum */
};

struct quiz_stats_item {
	int64_t question_id;
	const char *kind, *stem_zh, *stem_mn;
	int64_t n;             /* scored attempts that had the question */
	double facility;       /* 0..1 */
	double discrimination; /* -1..1, when has_thirds */
	bool has_thirds;       /* at least 3 scored attempts */
	bool flag;             /* worth reviewing */
};

struct quiz_stats {
	int64_t campaign_id;
	const char *title_zh, *title_mn, *region_code;
	int64_t opens_at, closes_at;
	int64_t participants, attempts, scored;
	double mean_pct;
	struct quiz_stats_day *days;
	size_t n_days;
	struct quiz_stats_league *leagues; /* the 12 leagues, by code */
	size_t n_leagues;
	int64_t buckets[11]; /* scored attempts by score %: 0–9, 10–19, …, 90–99, 100 */
	struct quiz_stats_item *items;
	size_t n_items;
};

/* Computes the statistics of campaign id. Returns OK, QUIZ_NOT_FOUND, or ERR. */
int quiz_stats_compute(struct store *s, struct arena *a, int64_t campaign_id,
                       struct quiz_stats *out);

/* Appends the statistics as CSV (UTF-8 with BOM; sections separated by a blank line). */
void quiz_stats_csv(struct strbuf *out, const struct quiz_stats *st, const char *lang);
/* Writes the statistics as an XLSX workbook (sheets: summary, days, leagues, scores,
 * questions) into out. Returns OK or ERR. */
int quiz_stats_xlsx(struct strbuf *out, const struct quiz_stats *st, const char *lang);

#endif
