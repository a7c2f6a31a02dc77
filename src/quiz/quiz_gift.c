/* quiz_gift.c: Moodle GIFT import and export of the question bank — the subset documented
 * in docs/quiz.md: single choice {=a ~b}, multiple choice with weights {~%50%a ~%50%b
 * ~%-100%c}, true/false {T} {F} {TRUE} {FALSE}, short answer {=a =b} (fill-in), ::title::
 * (read, not kept), [html]/[moodle]/[plain]/[markdown] format tags (dropped), $CATEGORY:,
 * // comments, escapes \~ \= \# \{ \} \: \\ \n, general feedback #### and the correct
 * answer's feedback # as the explanation. A text in both languages is written with Moodle's
 * multilang spans (<span lang="zh" class="multilang">…</span><span lang="mn" …>…</span>); a
 * plain text is Mongolian when it has Mongolian letters and no Han, else Chinese. Tala's
 * own difficulty, tags and status travel in a "// tala:" comment Moodle ignores. */
#include "base/common.h"
#include "base/utf8.h"
#include "quiz/quiz_bank.h"
#include "text/text.h"

#include <stdlib.h>
#include <string.h>

/* ---- reading ---- */

struct meta {
	int difficulty;
	const char *tags, *status;
	bool set;
};

static bool is_special(char c)
{
	return c == '~' || c == '=' || c == '#' || c == '{' || c == '}' || c == ':' || c == '\\';
}

/* Index of the first unescaped c in s[from..n), or n. */
static size_t find_unescaped(const char *s, size_t n, size_t from, char c)
{
	for (size_t i = from; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n) {
			i++;
			continue;
		}
		if (s[i] == c)
			return i;
	}
	return n;
}

/* s[0..n) with escapes resolved (when esc) and blanks trimmed, into the arena. */
static const char *copy_text(struct arena *a, const char *s, size_t n, bool esc)
{
	char *out = arena_alloc(a, n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (esc && s[i] == '\\' && i + 1 < n && (is_special(s[i + 1]) || s[i + 1] == 'n')) {
			out[k++] = s[i + 1] == 'n' ? '\n' : s[i + 1];
			i++;
		} else
			out[k++] = s[i];
	}
	size_t b = 0;
	while (b < k && (out[b] == ' ' || out[b] == '\t' || out[b] == '\n' || out[b] == '\r'))
		b++;
	while (k > b && (out[k - 1] == ' ' || out[k - 1] == '\t' || out[k - 1] == '\n' ||
	                 out[k - 1] == '\r'))
		k--;
	out[k] = '\0';
	return out + b;
}

static const char *unescape(struct arena *a, const char *s, size_t n)
{
	return copy_text(a, s, n, true);
}

/* Whether s has Mongolian letters (Unicode or Menksoft) / Han characters. */
static void scripts(const char *s, bool *mong, bool *han)
{
	*mong = *han = false;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		i += k ? k : 1;
		*mong |= (cp >= 0x1820 && cp <= 0x18AF) || (cp >= 0xE234 && cp <= 0xE4AB);
		*han |= (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0x20000 && cp <= 0x3FFFF);
	}
}

/* The text of the multilang span for lang ("zh" or "mn") in s, or NULL when s has none. */
static const char *span_text(struct arena *a, const char *s, const char *lang)
{
	for (const char *p = s; (p = strstr(p, "<span lang=\"")); p++) {
		const char *l = p + 12;
		if (strncmp(l, lang, 2) != 0 || !strstr(l, "class=\"multilang\""))
			continue;
		const char *gt = strchr(l, '>');
		const char *end = gt ? strstr(gt, "</span>") : NULL;
		if (!end)
			return NULL;
		return copy_text(a, gt + 1, (size_t)(end - gt - 1), false);
	}
	return NULL;
}

/* Splits a text into its Chinese and Mongolian parts. */
static void split_langs(struct arena *a, const char *s, const char **zh, const char **mn)
{
	const char *z = span_text(a, s, "zh"), *m = span_text(a, s, "mn");
	if (z || m) {
		*zh = z ? z : "";
		*mn = m ? m : "";
		return;
	}
	bool mong, han;
	scripts(s, &mong, &han);
	*zh = mong && !han ? "" : s;
	*mn = mong && !han ? s : "";
}

/* Reads "%50%" at s[*i]; *weight gets the number. Returns false when malformed. */
static bool read_weight(const char *s, size_t n, size_t *i, double *weight)
{
	if (*i >= n || s[*i] != '%')
		return true;
	size_t j = *i + 1;
	while (j < n && s[j] != '%')
		j++;
	if (j >= n || j == *i + 1 || j - *i > 12)
		return false;
	char buf[16];
	memcpy(buf, s + *i + 1, j - *i - 1);
	buf[j - *i - 1] = '\0';
	char *end;
	*weight = strtod(buf, &end);
	if (*end)
		return false;
	*i = j + 1;
	return true;
}

struct entry {
	char mark; /* '=' or '~' */
	double weight;
	bool weighted;
	const char *text, *feedback;
};

struct block {
	struct entry *e;
	size_t n, cap;
};

/* Cuts the general feedback (from an unescaped "####" to the end) off s[0..n): returns the
 * length left, *general the feedback ("" when none). */
static size_t cut_general(struct arena *a, const char *s, size_t n, const char **general)
{
	*general = "";
	for (size_t i = find_unescaped(s, n, 0, '#'); i < n; i = find_unescaped(s, n, i + 1, '#'))
		if (i + 3 < n && s[i + 1] == '#' && s[i + 2] == '#' && s[i + 3] == '#') {
			*general = unescape(a, s + i + 4, n - i - 4);
			return i;
		}
	return n;
}

/* Parses the inside of {…} (general feedback cut off) into entries; returns a catalog key
 * on error, NULL when fine. */
static const char *parse_block(struct arena *a, const char *s, size_t n, struct block *b,
                               const char **detail)
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	if (i < n && s[i] != '=' && s[i] != '~') {
		size_t len = n - i > 40 ? 40 : n - i;
		while (len < n - i && len > 0 && ((unsigned char)s[i + len] & 0xC0) == 0x80)
			len--; /* not inside a character */
		*detail = arena_strndup(a, s + i, len);
		return "quiz_bank.import.unsupported";
	}
	while (i < n) {
		struct entry en = {.mark = s[i]};
		size_t j = i + 1;
		if (!read_weight(s, n, &j, &en.weight))
			return "quiz_bank.import.bad_weight";
		en.weighted = s[i + 1] == '%';
		size_t end = j;
		while (end < n) { /* the next unescaped = or ~ starts the next entry */
			if (s[end] == '\\' && end + 1 < n) {
				end += 2;
				continue;
			}
			if (s[end] == '=' || s[end] == '~')
				break;
			end++;
		}
		size_t hash = find_unescaped(s, end, j, '#');
		en.text = unescape(a, s + j, hash - j);
		en.feedback = hash < end ? unescape(a, s + hash + 1, end - hash - 1) : "";
		b->e = arena_grow_array(a, b->e, b->n, &b->cap, sizeof *b->e);
		b->e[b->n++] = en;
		i = end;
	}
	return NULL;
}

/* True/false: "T", "TRUE", "F", "FALSE" (any case), then optional #feedback. */
static int truefalse(const char *s, size_t n, bool *value)
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	size_t j = i;
	while (j < n && ((s[j] >= 'A' && s[j] <= 'Z') || (s[j] >= 'a' && s[j] <= 'z')))
		j++;
	size_t k = j;
	while (k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '\n' || s[k] == '\r'))
		k++;
	if (j == i || (k < n && s[k] != '#'))
		return ERR;
	static const char *const words[] = {"t", "true", "f", "false"};
	for (size_t w = 0; w < 4; w++)
		if (strlen(words[w]) == j - i && strncasecmp(s + i, words[w], j - i) == 0) {
			*value = w < 2;
			return OK;
		}
	return ERR;
}

static int parse_normalized(struct arena *a, const char *s, size_t n, int line,
                            const char *category, const struct meta *m, struct quiz_import *out);

/* Turns one question's text s[0..n) (escapes unresolved) into an item of out. The text is
 * normalized first (as the check would), so the multilang spans found are those a written
 * copy has. */
static int parse_question(struct arena *a, const char *s, size_t n, int line, const char *category,
                          const struct meta *m, struct quiz_import *out)
{
	if (!utf8_valid(s, n))
		return quiz_import_reject(a, out, line, NULL, "quiz_bank.import.not_utf8", NULL);
	struct strbuf sb;
	strbuf_init(&sb);
	text_normalize(s, n, &sb);
	const char *t = arena_strndup(a, sb.data, sb.len);
	n = sb.len;
	strbuf_free(&sb);
	return parse_normalized(a, t, n, line, category, m, out);
}

static int parse_normalized(struct arena *a, const char *s, size_t n, int line,
                            const char *category, const struct meta *m, struct quiz_import *out)
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	if (i + 1 < n && s[i] == ':' && s[i + 1] == ':') { /* ::title:: */
		size_t j = i + 2;
		while (j + 1 < n && !(s[j] == ':' && s[j + 1] == ':' && s[j - 1] != '\\'))
			j++;
		if (j + 1 >= n)
			return quiz_import_reject(a, out, line, NULL,
			                          "quiz_bank.import.unclosed_title", NULL);
		i = j + 2;
	}
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	static const char *const formats[] = {"[html]", "[moodle]", "[plain]", "[markdown]"};
	for (size_t f = 0; f < ARRAY_LEN(formats); f++)
		if (n - i >= strlen(formats[f]) &&
		    strncmp(s + i, formats[f], strlen(formats[f])) == 0)
			i += strlen(formats[f]);
	size_t open = find_unescaped(s, n, i, '{');
	if (open == n)
		return quiz_import_reject(a, out, line, NULL, "quiz_bank.import.no_answers", NULL);
	size_t close = find_unescaped(s, n, open + 1, '}');
	if (close == n)
		return quiz_import_reject(a, out, line, NULL, "quiz_bank.import.unclosed_brace",
		                          NULL);
	if (find_unescaped(s, close, open + 1, '{') < close ||
	    find_unescaped(s, n, close + 1, '{') < n)
		return quiz_import_reject(a, out, line, NULL, "quiz_bank.import.two_blocks", NULL);
	const char *before = unescape(a, s + i, open - i);
	const char *after = unescape(a, s + close + 1, n - close - 1);
	const char *stem = *after ? arena_printf(a, "%s _____ %s", before, after) : before;

	struct quiz_question q = {.category = category, .difficulty = 3};
	if (m->set) {
		q.difficulty = m->difficulty;
		q.tags = m->tags;
		q.status = m->status;
	}
	split_langs(a, stem, &q.stem_zh, &q.stem_mn);
	const char *body = s + open + 1, *expl;
	size_t blen = cut_general(a, body, close - open - 1, &expl);
	bool value;
	if (truefalse(body, blen, &value) == OK) { /* {T#wrong#right}: answer feedback is dropped */
		q.kind = "truefalse";
		q.n_options = 2;
		q.options = arena_alloc(a, 2 * sizeof *q.options);
		q.options[0].correct = value;
		q.options[1].correct = !value;
		split_langs(a, expl, &q.explanation_zh, &q.explanation_mn);
		return quiz_import_add(a, out, line, &q);
	}
	struct block b = {0};
	const char *detail = NULL;
	const char *err = parse_block(a, body, blen, &b, &detail);
	if (err)
		return quiz_import_reject(a, out, line, NULL, err, detail);
	if (b.n == 0)
		return quiz_import_reject(a, out, line, NULL, "quiz_bank.import.unsupported", "{}");
	size_t tildes = 0, weighted = 0, eqs = 0, arrows = 0;
	for (size_t k = 0; k < b.n; k++) {
		tildes += b.e[k].mark == '~';
		eqs += b.e[k].mark == '=';
		weighted += b.e[k].mark == '~' && b.e[k].weighted;
		arrows += b.e[k].mark == '=' && strstr(b.e[k].text, "->") != NULL;
	}
	if (tildes == 0 && arrows == eqs) /* matching: every "=a -> b" */
		return quiz_import_reject(a, out, line, NULL, "quiz_bank.import.unsupported", "->");
	if (tildes == 0) { /* short answer: every = is an accepted answer */
		q.kind = "fill";
		q.answers = arena_alloc(a, b.n * sizeof *q.answers);
		for (size_t k = 0; k < b.n; k++) {
			if (b.e[k].weighted && b.e[k].weight <= 0)
				continue; /* a 0 % answer is not accepted */
			q.answers[q.n_answers++].answer = b.e[k].text;
			if (!*expl && *b.e[k].feedback)
				expl = b.e[k].feedback;
		}
	} else {
		/* multi when a ~ carries a weight (Moodle's multiple answers) or several =; else
		 * single (an = may carry %100%) */
		q.kind = weighted || eqs > 1 ? "multi" : "single";
		q.n_options = b.n;
		q.options = arena_alloc(a, b.n * sizeof *q.options);
		for (size_t k = 0; k < b.n; k++) {
			struct quiz_option *o = &q.options[k];
			o->correct = b.e[k].mark == '=' || (b.e[k].weighted && b.e[k].weight > 0);
			split_langs(a, b.e[k].text, &o->text_zh, &o->text_mn);
			if (!*expl && o->correct && *b.e[k].feedback && eqs == 1)
				expl = b.e[k].feedback;
		}
	}
	split_langs(a, expl, &q.explanation_zh, &q.explanation_mn);
	return quiz_import_add(a, out, line, &q);
}

/* "// tala: difficulty=2 status=active tags=a,b" into m. */
static void parse_meta(struct arena *a, const char *s, size_t n, struct meta *m)
{
	const char *text = arena_strndup(a, s, n);
	*m = (struct meta){.difficulty = 3, .tags = "", .status = "active", .set = true};
	const char *d = strstr(text, "difficulty=");
	if (d && d[11] >= '1' && d[11] <= '5')
		m->difficulty = d[11] - '0';
	if (strstr(text, "status=retired"))
		m->status = "retired";
	const char *t = strstr(text, "tags=");
	if (t)
		m->tags = t + 5;
}

int quiz_gift_parse(struct arena *a, const char *s, size_t n, struct quiz_import *out)
{
	const char *category = "";
	struct meta m = {0}, pending = {0};
	size_t qstart = 0, qend = 0; /* the current question's bytes */
	int qline = 0, line = 0;
	bool in_q = false;
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3, n -= 3;
	for (size_t i = 0; i <= n;) {
		size_t e = i;
		while (e < n && s[e] != '\n')
			e++;
		line++;
		size_t b = i, len;
		while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r'))
			b++;
		len = e - b;
		while (len &&
		       (s[b + len - 1] == '\r' || s[b + len - 1] == ' ' || s[b + len - 1] == '\t'))
			len--;
		bool blank = len == 0 || i == n;
		if (blank && in_q) {
			parse_question(a, s + qstart, qend - qstart, qline, category, &m, out);
			in_q = false;
		} else if (!blank && len >= 2 && s[b] == '/' && s[b + 1] == '/') {
			if (len >= 8 && strncmp(s + b, "// tala:", 8) == 0)
				parse_meta(a, s + b + 8, len - 8, &pending);
		} else if (!blank && !in_q && len >= 10 && strncmp(s + b, "$CATEGORY:", 10) == 0) {
			const char *c = unescape(a, s + b + 10, len - 10);
			const char *slash =
			    strrchr(c, '/'); /* "$course$/top/Health": the last part */
			category = slash ? slash + 1 : c;
		} else if (!blank) {
			if (!in_q) {
				in_q = true;
				qstart = i;
				qline = line;
				m = pending;
				pending = (struct meta){0};
			}
			qend = e;
		}
		if (e >= n)
			break;
		i = e + 1;
	}
	if (in_q)
		parse_question(a, s + qstart, qend - qstart, qline, category, &m, out);
	return OK;
}

/* ---- writing ---- */

/* Appends s with GIFT's special characters escaped and line breaks as \n. */
static void put_escaped(struct strbuf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			strbuf_puts(out, "\\n");
		else if (*s == '\r')
			continue;
		else {
			if (is_special(*s))
				strbuf_putc(out, '\\');
			strbuf_putc(out, *s);
		}
	}
}

/* A text in one or both languages. */
static void put_text(struct strbuf *out, const char *zh, const char *mn)
{
	zh = zh ? zh : "";
	mn = mn ? mn : "";
	if (*zh && *mn) {
		strbuf_puts(out, "<span lang\\=\"zh\" class\\=\"multilang\">");
		put_escaped(out, zh);
		strbuf_puts(out, "</span><span lang\\=\"mn\" class\\=\"multilang\">");
		put_escaped(out, mn);
		strbuf_puts(out, "</span>");
		return;
	}
	bool mong, han;
	const char *t = *zh ? zh : mn;
	if (*t == '%') /* not a weight: "= %5%" reads as the text "%5%" */
		strbuf_putc(out, ' ');
	scripts(t, &mong, &han);
	/* a text read back by script alone must land in the same language */
	if ((*zh && mong && !han) || (*mn && !(mong && !han))) {
		strbuf_printf(out, "<span lang\\=\"%s\" class\\=\"multilang\">", *zh ? "zh" : "mn");
		put_escaped(out, t);
		strbuf_puts(out, "</span>");
		return;
	}
	put_escaped(out, t);
}

/* Moodle's grade fractions for 1..10 equal shares of 100 %. */
static const char *const shares[11] = {"100",      "100",      "50",   "33.33333", "25", "20",
                                       "16.66667", "14.28571", "12.5", "11.11111", "10"};

void quiz_gift_write(struct strbuf *out, const struct quiz_question *q, const char *prev_category)
{
	if (!prev_category || strcmp(prev_category, q->category) != 0) {
		strbuf_puts(out, "$CATEGORY: ");
		put_escaped(out, q->category);
		strbuf_puts(out, "\n\n");
	}
	strbuf_printf(out, "// tala: difficulty=%d status=%s tags=%s\n", q->difficulty, q->status,
	              q->tags ? q->tags : "");
	size_t at = out->len;
	put_text(out, q->stem_zh, q->stem_mn);
	char c0 = out->data[at];
	if (c0 == '[' || c0 == '/' || c0 == '$' ||
	    c0 == ' ') { /* not a format, comment, category */
		struct strbuf stem;
		strbuf_init(&stem);
		strbuf_append(&stem, out->data + at, out->len - at);
		out->len = at;
		strbuf_puts(out, "[moodle]");
		strbuf_append(out, stem.data, stem.len);
		strbuf_free(&stem);
	}
	strbuf_puts(out, " {");
	bool multi = strcmp(q->kind, "multi") == 0;
	if (strcmp(q->kind, "truefalse") == 0) {
		strbuf_puts(out, q->n_options && q->options[0].correct ? "TRUE" : "FALSE");
	} else if (strcmp(q->kind, "fill") == 0) {
		for (size_t i = 0; i < q->n_answers; i++) {
			strbuf_puts(out, q->answers[i].answer[0] == '%' ? "\n\t= " : "\n\t=");
			put_escaped(out, q->answers[i].answer);
		}
	} else {
		size_t correct = 0;
		for (size_t i = 0; i < q->n_options; i++)
			correct += q->options[i].correct;
		for (size_t i = 0; i < q->n_options; i++) {
			const struct quiz_option *o = &q->options[i];
			if (multi) /* Moodle: the correct ones share 100 %, each wrong one -100 % */
				strbuf_printf(out, "\n\t~%%%s%%",
				              o->correct ? shares[correct <= 10 ? correct : 10]
				                         : "-100");
			else
				strbuf_puts(out, o->correct ? "\n\t=" : "\n\t~");
			put_text(out, o->text_zh, o->text_mn);
		}
	}
	if ((q->explanation_zh && *q->explanation_zh) ||
	    (q->explanation_mn && *q->explanation_mn)) {
		strbuf_puts(out, "\n\t####");
		put_text(out, q->explanation_zh, q->explanation_mn);
	}
	strbuf_puts(out, "\n}\n\n");
}
