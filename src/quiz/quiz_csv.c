/* quiz_csv.c: CSV import and export of the question bank (docs/quiz.md): UTF-8 with an
 * optional byte order mark (Excel and WPS write one), RFC 4180 quoting, one row per
 * question under a header row naming the columns (any order; unknown names are an error):
 * id (ignored on import), kind, category, difficulty, tags, status, stem_zh, stem_mn,
 * explanation_zh, explanation_mn, correct (choice letters "A,C"; true/false "true" or
 * "false"), answers (fill-in, separated by "|"), option_1_zh, option_1_mn … option_10_zh,
 * option_10_mn. Export writes the same columns, CRLF line ends and a BOM. */
#include "base/common.h"
#include "base/utf8.h"
#include "quiz/quiz_bank.h"

#include <string.h>
#include <strings.h>

enum col {
	C_ID,
	C_KIND,
	C_CATEGORY,
	C_DIFFICULTY,
	C_TAGS,
	C_STATUS,
	C_STEM_ZH,
	C_STEM_MN,
	C_EXPL_ZH,
	C_EXPL_MN,
	C_CORRECT,
	C_ANSWERS,
	C_OPTION, /* option_1_zh = C_OPTION, option_1_mn = C_OPTION + 1, ... */
	C_COUNT = C_OPTION + 2 * QUIZ_OPTIONS_MAX
};

static const char *const names[C_OPTION] = {
    "id",      "kind",    "category",       "difficulty",     "tags",    "status",
    "stem_zh", "stem_mn", "explanation_zh", "explanation_mn", "correct", "answers"};

/* The column a header name stands for, or -1. */
static int column_of(const char *name)
{
	for (int c = 0; c < C_OPTION; c++)
		if (strcasecmp(name, names[c]) == 0)
			return c;
	for (int k = 1; k <= QUIZ_OPTIONS_MAX; k++)
		for (int l = 0; l < 2; l++) {
			char buf[24];
			snprintf(buf, sizeof buf, "option_%d_%s", k, l ? "mn" : "zh");
			if (strcasecmp(name, buf) == 0)
				return C_OPTION + 2 * (k - 1) + l;
		}
	return -1;
}

/* ---- records ---- */

struct rec {
	const char **f;
	size_t n, cap;
	int line;   /* where it starts */
	bool bad;   /* malformed quoting */
	bool empty; /* every field empty */
};

/* Reads the record starting at s[i] into r; returns where the next one starts. *line counts
 * the line breaks passed. */
static size_t read_record(struct arena *a, const char *s, size_t n, size_t i, int *line,
                          struct rec *r)
{
	r->n = 0;
	r->bad = false;
	r->empty = true;
	r->line = *line;
	struct strbuf fb;
	strbuf_init(&fb);
	for (;;) {
		strbuf_reset(&fb);
		if (i < n && s[i] == '"') {
			i++;
			for (;;) {
				if (i >= n) { /* unterminated quote */
					r->bad = true;
					break;
				}
				if (s[i] == '"' && i + 1 < n && s[i + 1] == '"') {
					strbuf_putc(&fb, '"');
					i += 2;
				} else if (s[i] == '"') {
					i++;
					break;
				} else {
					*line += s[i] == '\n';
					strbuf_putc(&fb, s[i++]);
				}
			}
			if (!r->bad && i < n && s[i] != ',' && s[i] != '\n' && s[i] != '\r')
				r->bad = true;
		} else {
			while (i < n && s[i] != ',' && s[i] != '\n' && s[i] != '\r')
				strbuf_putc(&fb, s[i++]);
		}
		if (r->bad) { /* resume at the next line */
			while (i < n && s[i] != '\n')
				i++;
		}
		r->f = arena_grow_array(a, r->f, r->n, &r->cap, sizeof *r->f);
		r->f[r->n++] = arena_strndup(a, fb.data, fb.len);
		r->empty &= fb.len == 0;
		if (i < n && s[i] == ',' && !r->bad) {
			i++;
			continue;
		}
		if (i < n && s[i] == '\r')
			i++;
		if (i < n && s[i] == '\n') {
			i++;
			(*line)++;
		}
		break;
	}
	strbuf_free(&fb);
	return i;
}

/* ---- rows into questions ---- */

static int row_question(struct arena *a, const struct rec *r, const int *cols,
                        struct quiz_import *out)
{
	const char *v[C_COUNT] = {0};
	for (size_t k = 0; k < r->n; k++) {
		if (!utf8_valid(r->f[k], strlen(r->f[k])))
			return quiz_import_reject(a, out, r->line, NULL,
			                          "quiz_bank.import.not_utf8", NULL);
		v[cols[k]] = r->f[k];
	}
	struct quiz_question q = {.kind = v[C_KIND],
	                          .category = v[C_CATEGORY],
	                          .tags = v[C_TAGS],
	                          .status = v[C_STATUS],
	                          .stem_zh = v[C_STEM_ZH],
	                          .stem_mn = v[C_STEM_MN],
	                          .explanation_zh = v[C_EXPL_ZH],
	                          .explanation_mn = v[C_EXPL_MN],
	                          .difficulty = 3};
	const char *d = v[C_DIFFICULTY];
	if (d && *d) {
		if (strlen(d) != 1 || *d < '1' || *d > '5')
			return quiz_import_reject(a, out, r->line, "difficulty",
			                          "quiz_bank.error.difficulty", d);
		q.difficulty = *d - '0';
	}
	const char *correct = v[C_CORRECT] ? v[C_CORRECT] : "";
	if (q.kind && strcmp(q.kind, "truefalse") == 0) {
		bool t = strcasecmp(correct, "true") == 0 || strcasecmp(correct, "t") == 0 ||
		         strcmp(correct, "正确") == 0 || strcmp(correct, "对") == 0;
		bool f = strcasecmp(correct, "false") == 0 || strcasecmp(correct, "f") == 0 ||
		         strcmp(correct, "错误") == 0 || strcmp(correct, "错") == 0;
		if (!t && !f)
			return quiz_import_reject(a, out, r->line, "correct",
			                          "quiz_bank.import.bad_correct", correct);
		q.n_options = 2;
		q.options = arena_alloc(a, 2 * sizeof *q.options);
		q.options[0].correct = t;
		q.options[1].correct = f;
		return quiz_import_add(a, out, r->line, &q);
	}
	if (q.kind && strcmp(q.kind, "fill") == 0) {
		const char *s = v[C_ANSWERS] ? v[C_ANSWERS] : "";
		size_t bars = 0;
		for (const char *p = s; *p; p++)
			bars += *p == '|';
		q.answers = arena_alloc(a, (bars + 1) * sizeof *q.answers);
		for (const char *p = s; *s;) {
			const char *bar = strchr(p, '|');
			size_t len = bar ? (size_t)(bar - p) : strlen(p);
			q.answers[q.n_answers++].answer = arena_strndup(a, p, len);
			if (!bar)
				break;
			p = bar + 1;
		}
		if (*correct)
			return quiz_import_reject(a, out, r->line, "correct",
			                          "quiz_bank.import.bad_correct", correct);
		return quiz_import_add(a, out, r->line, &q);
	}
	/* choices: the options up to the last one with a text */
	size_t last = 0;
	for (size_t k = 0; k < QUIZ_OPTIONS_MAX; k++) {
		const char *z = v[C_OPTION + 2 * k], *m = v[C_OPTION + 2 * k + 1];
		if ((z && *z) || (m && *m))
			last = k + 1;
	}
	q.n_options = last;
	q.options = arena_alloc(a, (last + 1) * sizeof *q.options);
	for (size_t k = 0; k < last; k++) {
		q.options[k].text_zh = v[C_OPTION + 2 * k];
		q.options[k].text_mn = v[C_OPTION + 2 * k + 1];
	}
	for (const char *p = correct; *p; p++) { /* "A,C" (or "a c", "AC") */
		if (*p == ',' || *p == ' ' || *p == ';')
			continue;
		int k = (*p | 32) - 'a';
		if (k < 0 || (size_t)k >= last)
			return quiz_import_reject(a, out, r->line, "correct",
			                          "quiz_bank.import.bad_correct", correct);
		q.options[k].correct = true;
	}
	if (v[C_ANSWERS] && *v[C_ANSWERS])
		return quiz_import_reject(a, out, r->line, "answers",
		                          "quiz_bank.error.answers_not_fill", NULL);
	return quiz_import_add(a, out, r->line, &q);
}

int quiz_csv_parse(struct arena *a, const char *s, size_t n, struct quiz_import *out)
{
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3, n -= 3;
	int line = 1;
	struct rec r = {0};
	size_t i = read_record(a, s, n, 0, &line, &r);
	if (r.bad || r.empty)
		return quiz_import_reject(a, out, 1, NULL, "quiz_bank.import.csv_header", NULL);
	int *cols = arena_alloc(a, r.n * sizeof *cols);
	bool seen[C_COUNT] = {false};
	for (size_t k = 0; k < r.n; k++) {
		const char *name = r.f[k];
		while (*name == ' ')
			name++;
		cols[k] = column_of(name);
		if (cols[k] < 0 || seen[cols[k]])
			return quiz_import_reject(a, out, 1, NULL, "quiz_bank.import.csv_column",
			                          arena_strndup(a, r.f[k], strnlen(r.f[k], 40)));
		seen[cols[k]] = true;
	}
	if (!seen[C_KIND])
		return quiz_import_reject(a, out, 1, "kind", "quiz_bank.import.csv_header", "kind");
	size_t ncols = r.n;
	struct rec row = {0};
	while (i < n) {
		i = read_record(a, s, n, i, &line, &row);
		if (row.bad)
			quiz_import_reject(a, out, row.line, NULL, "quiz_bank.import.csv_quote",
			                   NULL);
		else if (row.empty)
			continue;
		else if (row.n > ncols)
			quiz_import_reject(a, out, row.line, NULL, "quiz_bank.import.csv_columns",
			                   NULL);
		else
			row_question(a, &row, cols, out);
	}
	return OK;
}

/* ---- writing ---- */

static void put_field(struct strbuf *out, const char *s, bool first)
{
	if (!first)
		strbuf_putc(out, ',');
	s = s ? s : "";
	if (!strpbrk(s, ",\"\r\n") && s[0] != ' ' && (!*s || s[strlen(s) - 1] != ' ')) {
		strbuf_puts(out, s);
		return;
	}
	strbuf_putc(out, '"');
	for (; *s; s++) {
		if (*s == '"')
			strbuf_putc(out, '"');
		strbuf_putc(out, *s);
	}
	strbuf_putc(out, '"');
}

void quiz_csv_header(struct strbuf *out)
{
	strbuf_puts(out, "\xEF\xBB\xBF");
	for (int c = 0; c < C_OPTION; c++)
		put_field(out, names[c], c == 0);
	for (int k = 1; k <= QUIZ_OPTIONS_MAX; k++)
		strbuf_printf(out, ",option_%d_zh,option_%d_mn", k, k);
	strbuf_puts(out, "\r\n");
}

void quiz_csv_row(struct strbuf *out, const struct quiz_question *q)
{
	char num[32];
	snprintf(num, sizeof num, "%lld", (long long)q->id);
	put_field(out, num, true);
	put_field(out, q->kind, false);
	put_field(out, q->category, false);
	snprintf(num, sizeof num, "%d", q->difficulty);
	put_field(out, num, false);
	put_field(out, q->tags, false);
	put_field(out, q->status, false);
	put_field(out, q->stem_zh, false);
	put_field(out, q->stem_mn, false);
	put_field(out, q->explanation_zh, false);
	put_field(out, q->explanation_mn, false);
	struct strbuf sb;
	strbuf_init(&sb);
	bool tf = strcmp(q->kind, "truefalse") == 0;
	if (tf)
		strbuf_puts(&sb, q->n_options && q->options[0].correct ? "true" : "false");
	for (size_t k = 0; !tf && k < q->n_options; k++)
		if (q->options[k].correct)
			strbuf_printf(&sb, "%s%c", sb.len ? "," : "", (char)('A' + k));
	put_field(out, sb.data, false);
	strbuf_reset(&sb);
	for (size_t k = 0; k < q->n_answers; k++)
		strbuf_printf(&sb, "%s%s", k ? "|" : "", q->answers[k].answer);
	put_field(out, sb.data, false);
	strbuf_free(&sb);
	for (size_t k = 0; k < QUIZ_OPTIONS_MAX; k++) {
		bool have = !tf && k < q->n_options;
		put_field(out, have ? q->options[k].text_zh : "", false);
		put_field(out, have ? q->options[k].text_mn : "", false);
	}
	strbuf_puts(out, "\r\n");
}
