/* quiz_stats_export.c: a campaign's statistics as CSV and as an XLSX workbook
 * (libxlsxwriter), with column titles in the reader's language: the summary, attempts per
 * day, per league, the score distribution and the questions with their facility and
 * discrimination indices. The workbook is written to a temporary file (libxlsxwriter
 * writes files) and read back into memory. */
#include "base/common.h"
#include "base/i18n.h"
#include "base/log.h"
#include "quiz/quiz_stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

static const char *stem_of(const struct quiz_stats_item *it, const char *lang)
{
	bool mn = strcmp(lang, "mn") == 0;
	const char *first = mn ? it->stem_mn : it->stem_zh, *other = mn ? it->stem_zh : it->stem_mn;
	return first && *first ? first : other ? other : "";
}

/* ---- CSV ---- */

static void field(struct strbuf *o, const char *s, bool first)
{
	if (!first)
		strbuf_putc(o, ',');
	if (!strpbrk(s, ",\"\r\n")) {
		strbuf_puts(o, s);
		return;
	}
	strbuf_putc(o, '"');
	for (; *s; s++) {
		if (*s == '"')
			strbuf_putc(o, '"');
		strbuf_putc(o, *s);
	}
	strbuf_putc(o, '"');
}

static void header(struct strbuf *o, const char *lang, const char *const *keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		field(o, i18n(lang, keys[i]), i == 0);
	strbuf_puts(o, "\r\n");
}

void quiz_stats_csv(struct strbuf *o, const struct quiz_stats *st, const char *lang)
{
	strbuf_puts(o, "\xEF\xBB\xBF");
	static const char *const h_day[] = {"quiz_stats.day", "quiz_stats.participants",
	                                    "quiz_stats.attempts"};
	header(o, lang, h_day, 3);
	for (size_t i = 0; i < st->n_days; i++)
		strbuf_printf(o, "%s,%lld,%lld\r\n", st->days[i].day,
		              (long long)st->days[i].participants, (long long)st->days[i].attempts);
	strbuf_puts(o, "\r\n");
	static const char *const h_league[] = {"quiz_stats.code", "quiz_stats.league",
	                                       "quiz_stats.participants", "quiz_stats.attempts",
	                                       "quiz_stats.mean_pct"};
	header(o, lang, h_league, 5);
	for (size_t i = 0; i < st->n_leagues; i++) {
		const struct quiz_stats_league *l = &st->leagues[i];
		field(o, l->code, true);
		field(o, strcmp(lang, "mn") == 0 && *l->name_mn ? l->name_mn : l->name_zh, false);
		strbuf_printf(o, ",%lld,%lld,%.1f\r\n", (long long)l->participants,
		              (long long)l->attempts, l->mean_pct);
	}
	strbuf_puts(o, "\r\n");
	static const char *const h_score[] = {"quiz_stats.score_pct", "quiz_stats.attempts"};
	header(o, lang, h_score, 2);
	for (int b = 0; b <= 10; b++)
		strbuf_printf(o, "%d-%d,%lld\r\n", b * 10, b == 10 ? 100 : b * 10 + 9,
		              (long long)st->buckets[b]);
	strbuf_puts(o, "\r\n");
	static const char *const h_item[] = {
	    "quiz_stats.question", "quiz_stats.stem",           "quiz_stats.n",
	    "quiz_stats.facility", "quiz_stats.discrimination", "quiz_stats.review"};
	header(o, lang, h_item, 6);
	for (size_t i = 0; i < st->n_items; i++) {
		const struct quiz_stats_item *it = &st->items[i];
		strbuf_printf(o, "%lld", (long long)it->question_id);
		field(o, stem_of(it, lang), false);
		strbuf_printf(o, ",%lld,%.3f,", (long long)it->n, it->facility);
		if (it->has_thirds)
			strbuf_printf(o, "%.3f", it->discrimination);
		strbuf_printf(o, ",%s\r\n", it->flag ? "1" : "");
	}
}

/* ---- XLSX ---- */

static void titles(lxw_worksheet *ws, lxw_format *bold, const char *lang, const char *const *keys,
                   size_t n)
{
	for (size_t i = 0; i < n; i++)
		worksheet_write_string(ws, 0, (lxw_col_t)i, i18n(lang, keys[i]), bold);
}

static void write_workbook(lxw_workbook *wb, const struct quiz_stats *st, const char *lang)
{
	bool mn = strcmp(lang, "mn") == 0;
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	lxw_format *pct = workbook_add_format(wb);
	format_set_num_format(pct, "0.000");

	lxw_worksheet *ws = workbook_add_worksheet(wb, "summary");
	static const char *const h_sum[] = {"quiz_stats.campaign", "quiz_stats.participants",
	                                    "quiz_stats.attempts", "quiz_stats.scored",
	                                    "quiz_stats.mean_pct"};
	titles(ws, bold, lang, h_sum, 5);
	worksheet_write_string(ws, 1, 0, mn && *st->title_mn ? st->title_mn : st->title_zh, NULL);
	worksheet_write_number(ws, 1, 1, (double)st->participants, NULL);
	worksheet_write_number(ws, 1, 2, (double)st->attempts, NULL);
	worksheet_write_number(ws, 1, 3, (double)st->scored, NULL);
	worksheet_write_number(ws, 1, 4, st->mean_pct, NULL);

	ws = workbook_add_worksheet(wb, "days");
	static const char *const h_day[] = {"quiz_stats.day", "quiz_stats.participants",
	                                    "quiz_stats.attempts"};
	titles(ws, bold, lang, h_day, 3);
	for (size_t i = 0; i < st->n_days; i++) {
		lxw_row_t r = (lxw_row_t)i + 1;
		worksheet_write_string(ws, r, 0, st->days[i].day, NULL);
		worksheet_write_number(ws, r, 1, (double)st->days[i].participants, NULL);
		worksheet_write_number(ws, r, 2, (double)st->days[i].attempts, NULL);
	}

	ws = workbook_add_worksheet(wb, "leagues");
	static const char *const h_league[] = {"quiz_stats.code", "quiz_stats.league",
	                                       "quiz_stats.participants", "quiz_stats.attempts",
	                                       "quiz_stats.mean_pct"};
	titles(ws, bold, lang, h_league, 5);
	for (size_t i = 0; i < st->n_leagues; i++) {
		const struct quiz_stats_league *l = &st->leagues[i];
		lxw_row_t r = (lxw_row_t)i + 1;
		worksheet_write_string(ws, r, 0, l->code, NULL);
		worksheet_write_string(ws, r, 1, mn && *l->name_mn ? l->name_mn : l->name_zh, NULL);
		worksheet_write_number(ws, r, 2, (double)l->participants, NULL);
		worksheet_write_number(ws, r, 3, (double)l->attempts, NULL);
		worksheet_write_number(ws, r, 4, l->mean_pct, NULL);
	}

	ws = workbook_add_worksheet(wb, "scores");
	static const char *const h_score[] = {"quiz_stats.score_pct", "quiz_stats.attempts"};
	titles(ws, bold, lang, h_score, 2);
	for (int b = 0; b <= 10; b++) {
		char label[16];
		snprintf(label, sizeof label, "%d-%d", b * 10, b == 10 ? 100 : b * 10 + 9);
		worksheet_write_string(ws, (lxw_row_t)b + 1, 0, label, NULL);
		worksheet_write_number(ws, (lxw_row_t)b + 1, 1, (double)st->buckets[b], NULL);
	}

	ws = workbook_add_worksheet(wb, "questions");
	static const char *const h_item[] = {
	    "quiz_stats.question", "quiz_stats.stem",           "quiz_stats.n",
	    "quiz_stats.facility", "quiz_stats.discrimination", "quiz_stats.review"};
	titles(ws, bold, lang, h_item, 6);
	worksheet_set_column(ws, 1, 1, 50, NULL);
	for (size_t i = 0; i < st->n_items; i++) {
		const struct quiz_stats_item *it = &st->items[i];
		lxw_row_t r = (lxw_row_t)i + 1;
		worksheet_write_number(ws, r, 0, (double)it->question_id, NULL);
		worksheet_write_string(ws, r, 1, stem_of(it, lang), NULL);
		worksheet_write_number(ws, r, 2, (double)it->n, NULL);
		worksheet_write_number(ws, r, 3, it->facility, pct);
		if (it->has_thirds)
			worksheet_write_number(ws, r, 4, it->discrimination, pct);
		if (it->flag)
			worksheet_write_string(ws, r, 5, i18n(lang, "quiz_stats.flagged"), NULL);
	}
}

int quiz_stats_xlsx(struct strbuf *out, const struct quiz_stats *st, const char *lang)
{
	const char *dir = getenv("TMPDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/tala-stats-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0)
		return ERR;
	close(fd);
	int rc = ERR;
	lxw_workbook *wb = workbook_new(path);
	if (wb) {
		write_workbook(wb, st, lang);
		rc = workbook_close(wb) == LXW_NO_ERROR ? OK : ERR;
	}
	FILE *f = rc == OK ? fopen(path, "rb") : NULL;
	if (f) {
		char buf[65536];
		size_t k;
		while ((k = fread(buf, 1, sizeof buf, f)) > 0)
			strbuf_append(out, buf, k);
		if (ferror(f))
			rc = ERR;
		fclose(f);
	} else
		rc = ERR;
	unlink(path);
	if (rc != OK)
		log_msg(LOG_ERROR, "quiz.stats_xlsx", "cannot write the workbook");
	return rc;
}
