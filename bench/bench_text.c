/* bench_text.c: throughput of the text engine on at least 50 MB of mixed text (Unicode
 * Mongolian, some Menksoft, Chinese, Latin, digits), side by side with ICU's NFC of the
 * same bytes. Prints a markdown table: MB/s of ICU NFC, text_normalize, text_analyze
 * (index mode) with the per-thread word memo and without it, and each one's ratio to ICU
 * NFC, and the analyzer's second pass over the same text (every chunk in the memo: what
 * is left when nothing is new). Usage: bench_text [SOURCE_DIR] [MB] [ROWS] [REPEAT], ROWS
 * a subset of "nac" (normalize, analyze, analyze cold) to profile one of them, all by
 * default; REPEAT > 2 runs the analyzer over the corpus that many times in all, the
 * passes after the second untimed, so that a profiler sees its steady state rather than
 * the setup. A second table measures the same first passes (ICU NFC, text_normalize,
 * text_analyze) in a fresh thread (an empty memo) by that thread's CPU time over whole
 * passes: on a machine shared with other work the wall-clock rows count the time other
 * processes hold the CPU, the CPU-time rows do not. */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "base/common.h"
#include "base/strbuf.h"
#include "text/text.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of the calling thread, in seconds. */
static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *const chinese[] = {
    "内蒙古自治区科学技术协会举办科普知识竞赛，全区各盟市积极参与。",
    "呼和浩特市科技馆开放日吸引了大量青少年参观学习。",
    "科学技术普及是实现创新发展的重要基础工作。",
    "鄂尔多斯市和包头市的科普志愿者深入嘎查村开展宣传。",
};
static const char *const latin[] = {"Science popularization", "Tala platform API v2",
                                    "quiz 2024 results", "ＦＵＬＬＷＩＤＴＨ text"};

/* Builds the corpus: lines mixing the words of menksoft-words.txt (decoded to Unicode,
 * every tenth kept in Menksoft) with Chinese, Latin and digits, up to `bytes`. */
static void build_corpus(const char *root, size_t bytes, struct strbuf *out, size_t *lines)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/data/mongolian/menksoft/menksoft-words.txt", root);
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "bench_text: cannot open %s\n", path);
		exit(1);
	}
	struct strbuf words;
	strbuf_init(&words);
	char *line = NULL;
	size_t cap = 0, nw = 0;
	ssize_t n;
	while ((n = getline(&line, &cap, f)) > 0) {
		if (line[n - 1] == '\n')
			n--;
		if (nw++ % 10 == 0)
			strbuf_append(&words, line, (size_t)n);
		else
			text_menksoft_decode(line, (size_t)n, &words);
		strbuf_putc(&words, ' ');
	}
	free(line);
	fclose(f);
	size_t pos = 0, k = 0;
	*lines = 0;
	while (out->len < bytes) {
		for (int w = 0; w < 12; w++) { /* about twelve Mongolian words */
			const char *sp = memchr(words.data + pos, ' ', words.len - pos);
			size_t end = (size_t)(sp - words.data) + 1;
			strbuf_append(out, words.data + pos, end - pos);
			pos = end >= words.len ? 0 : end;
		}
		strbuf_puts(out, chinese[k % ARRAY_LEN(chinese)]);
		strbuf_printf(out, " %s %zu\n", latin[k % ARRAY_LEN(latin)], k);
		k++;
		(*lines)++;
	}
	strbuf_free(&words);
}

static int count_token(void *ctx, const struct text_token *t)
{
	(void)t;
	(*(size_t *)ctx)++;
	return OK;
}

/* The whole-pass measurement, run in a thread of its own (its memo starts empty). */
struct cpu_run {
	const struct strbuf *corpus;
	double icu_s, norm_s, an_s;
	size_t ntok;
};

/* Calls fn on each line of the corpus. */
#define EACH_LINE(corpus, p, len, body)                                                            \
	for (const char *p = (corpus)->data, *end_ = (corpus)->data + (corpus)->len; p < end_;) {  \
		const char *eol_ = memchr(p, '\n', (size_t)(end_ - p));                            \
		size_t len = (size_t)((eol_ ? eol_ : end_) - p);                                   \
		body;                                                                              \
		p += len + 1;                                                                      \
	}

static void *cpu_passes(void *arg)
{
	struct cpu_run *r = arg;
	/* every line in UTF-16 first, untimed, as ICU works on UTF-16 */
	size_t nlines = 0;
	EACH_LINE(r->corpus, p, len, nlines++);
	UChar *u16 = malloc(sizeof(UChar) * (r->corpus->len + nlines));
	int32_t *n16 = malloc(sizeof(int32_t) * nlines);
	UChar *o16 = malloc(sizeof(UChar) * 3 * 65536);
	if (!u16 || !n16 || !o16)
		abort();
	size_t at = 0, k = 0;
	EACH_LINE(r->corpus, p, len, {
		UErrorCode err = U_ZERO_ERROR;
		u_strFromUTF8(u16 + at, (int32_t)(len + 1), &n16[k], p, (int32_t)len, &err);
		at += (size_t)n16[k++];
	});
	UErrorCode err = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&err);
	double t0 = cpu_now();
	at = 0;
	for (k = 0; k < nlines; k++) {
		err = U_ZERO_ERROR;
		unorm2_normalize(nfc, u16 + at, n16[k], o16, 3 * 65536, &err);
		at += (size_t)n16[k];
	}
	double t1 = cpu_now();
	struct strbuf out;
	strbuf_init(&out);
	EACH_LINE(r->corpus, p, len, {
		strbuf_reset(&out);
		text_normalize(p, len, &out);
	});
	double t2 = cpu_now();
	EACH_LINE(r->corpus, p, len, text_analyze(p, len, TEXT_INDEX, count_token, &r->ntok));
	double t3 = cpu_now();
	r->icu_s = t1 - t0;
	r->norm_s = t2 - t1;
	r->an_s = t3 - t2;
	strbuf_free(&out);
	free(u16);
	free(n16);
	free(o16);
	return NULL;
}

int main(int argc, char **argv)
{
	const char *root = argc > 1 ? argv[1] : TALA_SOURCE_DIR;
	size_t mb = argc > 2 ? (size_t)atoi(argv[2]) : 50;
	const char *rows = argc > 3 ? argv[3] : "nac";
	int repeat = argc > 4 ? atoi(argv[4]) : 2;
	bool do_norm = strchr(rows, 'n'), do_an = strchr(rows, 'a'), do_cold = strchr(rows, 'c');
	struct strbuf corpus;
	strbuf_init(&corpus);
	size_t lines;
	build_corpus(root, mb << 20, &corpus, &lines);
	double size_mb = (double)corpus.len / (1 << 20);

	/* warm the lazy tables (friso dictionary, pinyin) outside the timings */
	size_t ntok = 0;
	text_analyze("科普 ᠪᠢᠴᠢᠭ", strlen("科普 ᠪᠢᠴᠢᠭ"), TEXT_INDEX, count_token, &ntok);

	/* ICU NFC of the same bytes, line by line, on UTF-16 (its native form) */
	UErrorCode err = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&err);
	UChar *u16 = malloc(sizeof(UChar) * 65536), *o16 = malloc(sizeof(UChar) * 3 * 65536);
	double icu_s = 0, norm_s = 0, an_s = 0, cold_s = 0, warm_s = 0;
	struct strbuf out;
	strbuf_init(&out);
	ntok = 0;
	const char *p = corpus.data, *end = corpus.data + corpus.len;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((eol ? eol : end) - p);
		int32_t n16 = 0;
		err = U_ZERO_ERROR;
		u_strFromUTF8(u16, 65536, &n16, p, (int32_t)len, &err);
		double t0 = now();
		err = U_ZERO_ERROR;
		unorm2_normalize(nfc, u16, n16, o16, 3 * 65536, &err);
		double t1 = now();
		strbuf_reset(&out);
		if (do_norm)
			text_normalize(p, len, &out);
		double t2 = now();
		if (do_an)
			text_analyze(p, len, TEXT_INDEX, count_token, &ntok);
		double t3 = now();
		icu_s += t1 - t0;
		norm_s += t2 - t1;
		an_s += t3 - t2;
		p += len + 1;
	}
	for (int r = 1; do_an && r < repeat; r++) /* the second pass is timed, not the others */
		for (p = corpus.data; p < end;) {
			const char *eol = memchr(p, '\n', (size_t)(end - p));
			size_t len = (size_t)((eol ? eol : end) - p), k = 0;
			double t0 = now();
			text_analyze(p, len, TEXT_INDEX, count_token, &k);
			if (r == 1)
				warm_s += now() - t0;
			p += len + 1;
		}
	/* the analyzer with its memo off: every word computed as if never seen */
	text_cache_enable(false);
	for (p = corpus.data; do_cold && p < end;) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((eol ? eol : end) - p);
		size_t cold_tok = 0;
		double t0 = now();
		text_analyze(p, len, TEXT_INDEX, count_token, &cold_tok);
		cold_s += now() - t0;
		p += len + 1;
	}
	text_cache_enable(true);
	struct cpu_run cr = {.corpus = &corpus};
	pthread_t th;
	bool cpu_rows = do_norm && do_an && pthread_create(&th, NULL, cpu_passes, &cr) == 0;
	if (cpu_rows)
		pthread_join(th, NULL);
	double icu = size_mb / icu_s, norm = size_mb / norm_s, an = size_mb / an_s,
	       cold = size_mb / cold_s, warm = size_mb / warm_s;
	printf("Text engine throughput: %.1f MB of mixed text, %zu lines, %zu tokens\n\n", size_mb,
	       lines, ntok);
	printf("| operation | MB/s | vs ICU NFC |\n|---|---:|---:|\n");
	printf("| ICU NFC (unorm2, UTF-16) | %.1f | 1.00× |\n", icu);
	printf("| text_normalize (Menksoft + NFC + Mongolian model) | %.1f | %.3f× |\n", norm,
	       norm / icu);
	printf("| text_analyze (full analyzer, index mode) | %.1f | %.3f× |\n", an, an / icu);
	printf("| text_analyze, second pass (every chunk in the memo) | %.1f | %.3f× |\n", warm,
	       warm / icu);
	printf("| text_analyze, word memo off (every word as if new) | %.1f | %.3f× |\n", cold,
	       cold / icu);
	if (cpu_rows) {
		double ci = size_mb / cr.icu_s, cn = size_mb / cr.norm_s, ca = size_mb / cr.an_s;
		printf("\nThe same first passes by the measuring thread's CPU time (whole passes, "
		       "a fresh "
		       "thread and memo; time other processes hold the CPU is not counted):\n\n");
		printf("| operation (CPU time) | MB/s | vs ICU NFC |\n|---|---:|---:|\n");
		printf("| ICU NFC (unorm2, UTF-16) | %.1f | 1.00× |\n", ci);
		printf("| text_normalize | %.1f | %.3f× |\n", cn, cn / ci);
		printf("| text_analyze (full analyzer, index mode) | %.1f | %.3f× |\n", ca,
		       ca / ci);
	}
	free(u16);
	free(o16);
	strbuf_free(&out);
	strbuf_free(&corpus);
	return 0;
}
