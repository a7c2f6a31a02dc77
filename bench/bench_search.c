/* bench_search.c: search over a generated corpus of Mongolian and Chinese articles.
 * Usage: bench_search SOURCE_DIR [MILLION_WORDS] (default 8).
 *
 * The corpus. Mongolian: the 11,814 words of data/mongolian/menksoft/menksoft-words.txt,
 * decoded from Menksoft to Unicode (text_menksoft_decode), shuffled, and sampled with a
 * Zipf distribution (weight 1/rank) into articles of 1,000 words (title 8, summary 40,
 * body the rest); one word in ten is written mis-encoded (o/u and ö/ü swapped, which
 * keeps the shape) as real text is. Chinese: the characters of the region names
 * (data/regions/inner-mongolia-divisions.csv) plus a table of 500 common characters,
 * sampled Zipf-like into two-character words and sentences of 20 characters ending in
 * "。", articles of the same number of characters as the Mongolian ones have words.
 * Both go into an FTS5 table defined like article_search (title, summary, body,
 * tokenize='tala') in a scratch database (journal off: the index build is measured, not
 * the disk), in transactions of 200 articles.
 *
 * The query mix (200 each): Mongolian words as stored, the same mis-encoded, their Latin
 * transliteration, Chinese two-character words, their pinyin; each query ranks by
 * bm25(10, 4, 1), takes the best 20 and makes their snippets, as search_run does.
 * Prints markdown: corpus, build rate (words/s, MB/s), p50/p99 per kind and overall. */
#include "base/clock.h"
#include "base/common.h"
#include "base/strbuf.h"
#include "search/search.h"
#include "text/text.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define WORDS_PER_ARTICLE 1000
#define QUERIES_PER_KIND  200

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

struct vocab {
	char **w;
	size_t n;
	double *cum; /* cumulative Zipf weights */
};

static void vocab_zipf(struct vocab *v)
{
	for (size_t i = v->n; i > 1; i--) { /* shuffle so rank is not file order */
		size_t j = next_rand() % i;
		char *t = v->w[i - 1];
		v->w[i - 1] = v->w[j];
		v->w[j] = t;
	}
	v->cum = malloc(v->n * sizeof *v->cum);
	double s = 0;
	for (size_t i = 0; i < v->n; i++)
		v->cum[i] = (s += 1.0 / (double)(i + 1));
}

static const char *vocab_pick(const struct vocab *v)
{
	double x = (double)(next_rand() >> 11) / 9007199254740992.0 * v->cum[v->n - 1];
	size_t lo = 0, hi = v->n - 1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (v->cum[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return v->w[lo];
}

static void vocab_add(struct vocab *v, const char *s, size_t n, size_t *cap)
{
	if (v->n == *cap) {
		*cap = *cap ? *cap * 2 : 1024;
		v->w = realloc(v->w, *cap * sizeof *v->w);
	}
	v->w[v->n++] = strndup(s, n);
}

static int load_mongolian(const char *root, struct vocab *v)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/data/mongolian/menksoft/menksoft-words.txt", root);
	FILE *f = fopen(path, "r");
	if (!f)
		return ERR;
	char line[512];
	size_t cap = 0;
	struct strbuf b;
	strbuf_init(&b);
	while (fgets(line, sizeof line, f)) {
		size_t n = strcspn(line, "\r\n");
		if (!n)
			continue;
		strbuf_reset(&b);
		text_menksoft_decode(line, n, &b);
		if (b.len)
			vocab_add(v, b.data, b.len, &cap);
	}
	fclose(f);
	strbuf_free(&b);
	return v->n ? OK : ERR;
}

/* Chinese characters: the region names' and a table of common ones, as 2-char words. */
static int load_chinese(const char *root, struct vocab *chars, struct vocab *words)
{
	static const char common[] =
	    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工"
	    "也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物"
	    "现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全"
	    "表"
	    "间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系"
	    "军"
	    "很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边"
	    "流"
	    "路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队"
	    "南"
	    "给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清"
	    "美"
	    "再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张"
	    "信"
	    "马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容"
	    "儿"
	    "须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称"
	    "太"
	    "准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆"
	    "包"
	    "火住调满县局照参红细引听该铁价严草原牧羊牛奶种植病防疫健康卫医药";
	size_t cap = 0;
	const char *p = common;
	while (*p) { /* every common character is 3 bytes of UTF-8 */
		vocab_add(chars, p, 3, &cap);
		p += 3;
	}
	char path[1024];
	snprintf(path, sizeof path, "%s/data/regions/inner-mongolia-divisions.csv", root);
	FILE *f = fopen(path, "r");
	if (f) {
		char line[512];
		while (fgets(line, sizeof line, f)) {
			char *name = strrchr(line, ',');
			if (!name)
				continue;
			for (unsigned char *c = (unsigned char *)name + 1; *c >= 0xE4 && *c <= 0xE9;
			     c += 3)
				if (chars->n < 4000)
					vocab_add(chars, (char *)c, 3, &cap);
		}
		fclose(f);
	}
	vocab_zipf(chars);
	size_t wcap = 0;
	char w[8];
	for (int i = 0; i < 20000; i++) {
		memcpy(w, vocab_pick(chars), 3);
		memcpy(w + 3, vocab_pick(chars), 3);
		vocab_add(words, w, 6, &wcap);
	}
	vocab_zipf(words);
	return OK;
}

/* Swaps o<->u and ö<->ü (U+1823..U+1826), which keeps the shape in most positions. */
static void misencode(const char *w, struct strbuf *out)
{
	size_t n = strlen(w);
	strbuf_append(out, w, n);
	char *s = out->data + out->len - n;
	for (size_t i = 0; i + 2 < n; i++)
		if ((unsigned char)s[i] == 0xE1 && (unsigned char)s[i + 1] == 0xA0) {
			unsigned char c = (unsigned char)s[i + 2];
			if (c == 0xA3 || c == 0xA5)
				s[i + 2] = (char)(c + 1);
			else if (c == 0xA4 || c == 0xA6)
				s[i + 2] = (char)(c - 1);
		}
}

static void mn_text(const struct vocab *v, int words, struct strbuf *out)
{
	for (int i = 0; i < words; i++) {
		if (i)
			strbuf_putc(out, ' ');
		const char *w = vocab_pick(v);
		if (next_rand() % 10 == 0)
			misencode(w, out);
		else
			strbuf_puts(out, w);
	}
}

static void zh_text(const struct vocab *words, int chars, struct strbuf *out)
{
	for (int i = 0; i < chars; i += 2) {
		strbuf_puts(out, vocab_pick(words));
		if (i % 20 == 18)
			strbuf_puts(out, "。");
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double pct(double *v, size_t n, double p)
{
	qsort(v, n, sizeof *v, cmp_double);
	size_t i = (size_t)(p * (double)(n - 1) + 0.5);
	return v[i];
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_search SOURCE_DIR [MILLION_WORDS]\n");
		return 2;
	}
	double million = argc > 2 ? atof(argv[2]) : 8.0;
	int64_t target = (int64_t)(million * 1e6);
	struct vocab mn = {0}, zh_chars = {0}, zh_words = {0};
	if (load_mongolian(argv[1], &mn) != OK) {
		fprintf(stderr, "bench_search: cannot read the Menksoft word list under %s\n",
		        argv[1]);
		return 1;
	}
	vocab_zipf(&mn);
	load_chinese(argv[1], &zh_chars, &zh_words);

	char path[] = "/tmp/tala-bench-search-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return 1;
	close(fd);
	sqlite3 *db;
	if (sqlite3_open(path, &db) != SQLITE_OK || search_conn_init(db) != OK)
		return 1;
	sqlite3_exec(db,
	             "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-65536;"
	             "CREATE VIRTUAL TABLE t USING fts5(title, summary, body, tokenize='tala');",
	             NULL, NULL, NULL);
	sqlite3_stmt *ins;
	sqlite3_prepare_v2(db, "INSERT INTO t(rowid, title, summary, body) VALUES (?,?,?,?)", -1,
	                   &ins, NULL);
	struct strbuf ti, su, bo;
	strbuf_init(&ti);
	strbuf_init(&su);
	strbuf_init(&bo);
	int64_t mn_words = 0, zh_chars_n = 0, mn_bytes = 0, zh_bytes = 0, docs = 0;
	double mn_s = 0, zh_s = 0;
	for (int lang = 0; lang < 2; lang++) {
		int64_t t0 = clock_mono_ns();
		sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
		for (int64_t done = 0; done < target; done += WORDS_PER_ARTICLE) {
			strbuf_reset(&ti);
			strbuf_reset(&su);
			strbuf_reset(&bo);
			if (lang == 0) {
				mn_text(&mn, 8, &ti);
				mn_text(&mn, 40, &su);
				mn_text(&mn, WORDS_PER_ARTICLE - 48, &bo);
			} else {
				zh_text(&zh_words, 8, &ti);
				zh_text(&zh_words, 40, &su);
				zh_text(&zh_words, WORDS_PER_ARTICLE - 48, &bo);
			}
			int64_t rowid = ++docs * 2 + (lang == 0);
			sqlite3_bind_int64(ins, 1, rowid);
			sqlite3_bind_text(ins, 2, ti.data, (int)ti.len, SQLITE_STATIC);
			sqlite3_bind_text(ins, 3, su.data, (int)su.len, SQLITE_STATIC);
			sqlite3_bind_text(ins, 4, bo.data, (int)bo.len, SQLITE_STATIC);
			if (sqlite3_step(ins) != SQLITE_DONE) {
				fprintf(stderr, "bench_search: %s\n", sqlite3_errmsg(db));
				return 1;
			}
			sqlite3_reset(ins);
			int64_t bytes = (int64_t)(ti.len + su.len + bo.len);
			if (lang == 0) {
				mn_words += WORDS_PER_ARTICLE;
				mn_bytes += bytes;
			} else {
				zh_chars_n += WORDS_PER_ARTICLE;
				zh_bytes += bytes;
			}
			if (docs % 200 == 0)
				sqlite3_exec(db, "COMMIT; BEGIN", NULL, NULL, NULL);
		}
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
		double s = (double)(clock_mono_ns() - t0) / 1e9;
		if (lang == 0)
			mn_s = s;
		else
			zh_s = s;
	}
	sqlite3_finalize(ins);

	/* queries */
	static const char *const kinds[] = {"Mongolian (Unicode)", "Mongolian (mis-encoded o/u)",
	                                    "Latin transliteration", "Chinese", "pinyin"};
	enum { KINDS = 5 };
	double *lat[KINDS], *all = malloc(sizeof(double) * KINDS * QUERIES_PER_KIND);
	int64_t hits[KINDS] = {0};
	size_t nall = 0;
	sqlite3_stmt *q;
	sqlite3_prepare_v2(db,
	                   "SELECT rowid, snippet(t, 2, char(1), char(2), char(3), 24),"
	                   " highlight(t, 0, char(1), char(2)) FROM t WHERE t MATCH ?1"
	                   " ORDER BY bm25(t, 10.0, 4.0, 1.0) LIMIT 20",
	                   -1, &q, NULL);
	struct strbuf word, expr;
	strbuf_init(&word);
	strbuf_init(&expr);
	for (int k = 0; k < KINDS; k++) {
		lat[k] = malloc(sizeof(double) * QUERIES_PER_KIND);
		for (int i = 0; i < QUERIES_PER_KIND; i++) {
			strbuf_reset(&word);
			/* half the queries a frequent word, half one drawn uniformly (mostly rare)
			 */
			const struct vocab *v = k < 3 ? &mn : &zh_words;
			const char *w = i % 2 ? vocab_pick(v) : v->w[next_rand() % v->n];
			if (k == 1)
				misencode(w, &word);
			else if (k == 2)
				text_latin(w, strlen(w), &word);
			else if (k == 4)
				text_pinyin(w, strlen(w), false, &word);
			else
				strbuf_puts(&word, w);
			strbuf_reset(&expr);
			search_match_expr(word.data, &expr);
			int64_t t0 = clock_mono_ns();
			sqlite3_bind_text(q, 1, expr.data, (int)expr.len, SQLITE_STATIC);
			while (sqlite3_step(q) == SQLITE_ROW)
				hits[k]++;
			sqlite3_reset(q);
			double ms = (double)(clock_mono_ns() - t0) / 1e6;
			lat[k][i] = ms;
			all[nall++] = ms;
		}
	}
	sqlite3_finalize(q);
	sqlite3_int64 pages = 0, page_size = 0;
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db, "PRAGMA page_count", -1, &st, NULL);
	if (sqlite3_step(st) == SQLITE_ROW)
		pages = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_prepare_v2(db, "PRAGMA page_size", -1, &st, NULL);
	if (sqlite3_step(st) == SQLITE_ROW)
		page_size = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	unlink(path);

	printf("### Search (bench/search.sh)\n\n");
	printf("Corpus: %lld articles; Mongolian %.1f M words (%.0f MB, %zu distinct words from "
	       "menksoft-words.txt decoded to Unicode, Zipf, 1 in 10 mis-encoded); Chinese %.1f M "
	       "characters (%.1f MB, %zu characters, %zu two-character words, Zipf). Database with "
	       "the index: %.0f MB.\n\n",
	       (long long)docs, (double)mn_words / 1e6, (double)mn_bytes / 1e6, mn.n,
	       (double)zh_chars_n / 1e6, (double)zh_bytes / 1e6, zh_chars.n, zh_words.n,
	       (double)(pages * page_size) / 1e6);
	printf("| index build | time | words/s | MB/s |\n|---|---:|---:|---:|\n");
	printf("| Mongolian | %.1f s | %.0f | %.1f |\n", mn_s, (double)mn_words / mn_s,
	       (double)mn_bytes / 1e6 / mn_s);
	printf("| Chinese (characters/s) | %.1f s | %.0f | %.1f |\n\n", zh_s,
	       (double)zh_chars_n / zh_s, (double)zh_bytes / 1e6 / zh_s);
	printf("| queries (%d each: best 20 by bm25 + snippets) | p50 | p99 | hits returned |\n",
	       QUERIES_PER_KIND);
	printf("|---|---:|---:|---:|\n");
	for (int k = 0; k < KINDS; k++)
		printf("| %s | %.2f ms | %.2f ms | %lld |\n", kinds[k],
		       pct(lat[k], QUERIES_PER_KIND, 0.5), pct(lat[k], QUERIES_PER_KIND, 0.99),
		       (long long)hits[k]);
	printf("| all | %.2f ms | %.2f ms | |\n", pct(all, nall, 0.5), pct(all, nall, 0.99));
	return 0;
}
