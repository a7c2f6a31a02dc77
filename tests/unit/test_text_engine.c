/* test_text_engine.c: behaviour of the text engine's entry points: normalization (the 2023
 * model, idempotence, shape keys kept), shape keys of encoding variants, transliteration
 * both ways, pinyin and segmentation, the analyzer's tokens, and bad input (invalid UTF-8,
 * NUL bytes, lone format characters, a 1 MB single word). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/common.h"
#include "test_text_util.h"
#include "text/text.h"

typedef int (*text_fn)(const char *, size_t, struct strbuf *);

/* Returns the malloc'd output of f on s (NUL-terminated input). */
static char *run(text_fn f, const char *s)
{
	struct strbuf sb;
	strbuf_init(&sb);
	assert_int_equal(f(s, strlen(s), &sb), OK);
	return strbuf_detach(&sb, NULL);
}

static void assert_run(text_fn f, const char *in, const char *want)
{
	char *got = run(f, in);
	assert_string_equal(got, want);
	free(got);
}

static void assert_same_key(const char *a, const char *b)
{
	char *ka = run(text_shape_key, a), *kb = run(text_shape_key, b);
	assert_true(ka[0] != 0);
	assert_string_equal(ka, kb);
	free(ka);
	free(kb);
}

static void assert_other_key(const char *a, const char *b)
{
	char *ka = run(text_shape_key, a), *kb = run(text_shape_key, b);
	assert_string_not_equal(ka, kb);
	free(ka);
	free(kb);
}

static void test_shape_key_variants(void **state)
{
	(void)state;
	/* UTN #57 2.2.1: AORDU is ordo, urtu and urdu */
	assert_same_key("\u1823\u1837\u1833\u1823", "\u1824\u1837\u1832\u1824");
	assert_same_key("\u1823\u1837\u1833\u1823", "\u1824\u1837\u1833\u1824");
	assert_run(text_shape_key, "\u1823\u1837\u1833\u1823", "AORDU");
	/* suffix after NNBSP or MVS */
	assert_same_key("\u182D\u1821\u1837\u202F\u1826\u1828",
	                "\u182D\u1821\u1837\u180E\u1826\u1828");
	/* FVS that selects the default form; FVS that selects nothing */
	assert_same_key("\u1820\u180D", "\u1820");
	assert_same_key("\u182A\u1822\u1834\u1822\u182D", "\u182A\u180C\u1822\u1834\u1822\u182D");
	/* medial o/u and a/e share their glyphs */
	assert_same_key("\u182E\u1823\u1829\u182D\u1823\u182F",
	                "\u182E\u1824\u1829\u182D\u1824\u182F");
	/* Menksoft and Unicode of the same word */
	assert_same_key("\uE2C1\uE27F\uE317\uE27E\uE2E8", "\u182A\u1822\u1834\u1822\u182D");
	/* words that display differently */
	assert_other_key("\u182D\u1821\u1837", "\u182D\u1820\u1837"); /* ger / gar */
	assert_other_key("\u1820\u182A\u1824", "\u1820\u182A\u1820"); /* abu / aba */
	assert_other_key("\u1832\u1820\u1828\u180E\u1820",
	                 "\u1832\u1820\u1828\u1820"); /* tan·a / tana */
	assert_other_key("\u1828\u1820", "\u1828\u1822");
	/* a FVS that changes the form changes the key */
	assert_other_key("\u1821\u180B", "\u1821");
	/* Ali Gali: Todo GAA (U+1858) is drawn as Gp; aH after w̄H, or with FVS1, is A2 */
	assert_run(text_shape_key, "\u1858\u1820", "GpAa"); /* a post-bowed a, as EAC */
	assert_run(text_shape_key, "\u185B\u18A6\u1887", "NyWpA2");
	assert_same_key("\u185B\u18A6\u1887", "\u185B\u18A6\u1887\u180B");
	assert_run(text_shape_key, "\u180A\u1887\u180B", "A2");
	assert_run(text_shape_key, "\u180A\u1887", "Aw");
	/* ü after an initial b with an FVS that selects nothing: marked, like ü + FVS1 (EAC) */
	assert_same_key("\u182A\u180D\u1826", "\u182A\u180D\u1826\u180B");
}

/* Unicode -> Menksoft conventions of the standard's test data (eac-hudum.json). */
static void test_menksoft_encode_conventions(void **state)
{
	(void)state;
	/* an isolated letter + FVS3 selecting nothing: Menksoft's standalone glyph when it has
	 * one (n, m, l, sh...), the visible FVS3 otherwise (d) */
	assert_run(text_menksoft_encode, "\u1828\u180D", "\uE35B");
	assert_run(text_menksoft_encode, "\u183F\u180D", "\uE362");
	char *d = run(text_menksoft_encode, "\u1833\u180D");
	assert_non_null(strstr(d, "\uE356")); /* the FVS3 glyph */
	free(d);
	/* ZWJ between letters draws nothing; at a word's edge, a space */
	char *mid = run(text_menksoft_encode, "\u1820\u1837\u1820\u200D\u1833");
	char *edge = run(text_menksoft_encode, "\u200D\u1833");
	assert_null(strchr(mid, ' '));
	assert_non_null(strchr(edge, ' '));
	free(mid);
	free(edge);
	/* no nirugu glyph after a Todo consonant Ali Gali borrows (its glyph has the stem) */
	assert_run(text_menksoft_encode, "\u1853\u180A", "\uE39D");
	assert_run(text_menksoft_encode, "\u1858", "\uE3A6");
}

static void test_normalize_model(void **state)
{
	(void)state;
	/* stored: NNBSP and FVS after letters stay as typed (the served font shapes them by
	 * an older model: removing them changed what it shows, docs/text.md) */
	assert_run(text_normalize, "\u182D\u1821\u1837\u202F\u1826\u1828",
	           "\u182D\u1821\u1837\u202F\u1826\u1828");
	assert_run(text_normalize, "\u1820\u180D", "\u1820\u180D");
	assert_run(text_normalize, "\u1821\u180B", "\u1821\u180B");
	/* lone and doubled FVS, a joiner at an edge that joins nothing, BOM and word joiner change
	 * nothing and go */
	assert_run(text_normalize, "\uFEFF\u180B\u182A\u1822\u2060 x", "\u182A\u1822 x");
	assert_run(text_normalize, "\u1821\u180B\u180C", "\u1821\u180B");
	assert_run(text_normalize, "\u182A\u1822\u200C", "\u182A\u1822");
	/* a joiner between letters stays */
	assert_run(text_normalize, "\u182A\u200D\u1822", "\u182A\u200D\u1822");
	/* NFC for the rest */
	assert_run(text_normalize, "Cafe\u0301 \uFF21", "Caf\u00E9 \uFF21");
	/* Chinese, Latin, digits, punctuation untouched */
	assert_run(text_normalize, "科普 abc 123 ᠃", "科普 abc 123 ᠃");
	/* canonical (2023 model): NNBSP before a suffix becomes MVS (UTN #57 2.2.2) */
	assert_run(text_canonical, "\u182D\u1821\u1837\u202F\u1826\u1828",
	           "\u182D\u1821\u1837\u180E\u1826\u1828");
	/* redundant FVS (a + FVS3 is the default isolated form) is removed */
	assert_run(text_canonical, "\u1820\u180D", "\u1820");
	/* a FVS that selects a form stays */
	assert_run(text_canonical, "\u1821\u180B", "\u1821\u180B");
	assert_run(text_canonical, "\uFEFF\u180B\u182A\u1822\u2060 x", "\u182A\u1822 x");
}

/* Every word of the Menksoft list, decoded: normalization is idempotent and keeps keys. */
static void test_normalize_idempotent_keeps_key(void **state)
{
	(void)state;
	char *data = tt_read_file("data/mongolian/menksoft/menksoft-words.txt", NULL);
	assert_non_null(data);
	char *save = NULL;
	int n = 0, changed[2] = {0, 0};
	for (char *w = strtok_r(data, "\n", &save); w; w = strtok_r(NULL, "\n", &save)) {
		struct strbuf uni;
		strbuf_init(&uni);
		text_menksoft_decode(w, strlen(w), &uni);
		char *k0 = run(text_shape_key, uni.data);
		for (int level = 0; level < 2; level++) {
			text_fn f = level ? text_canonical : text_normalize;
			char *n1 = run(f, uni.data);
			char *n2 = run(f, n1);
			assert_string_equal(n1, n2);
			char *k1 = run(text_shape_key, n1);
			assert_string_equal(k0, k1);
			changed[level] += strcmp(n1, uni.data) != 0;
			free(n1);
			free(n2);
			free(k1);
		}
		n++;
		free(k0);
		strbuf_free(&uni);
	}
	printf("[ RATE     ] of %d decoded Menksoft words, normalization changed %d, the canonical "
	       "form %d\n",
	       n, changed[0], changed[1]);
	free(data);
}

static void test_latin(void **state)
{
	(void)state;
	assert_run(text_latin, "\u182A\u1822\u1834\u1822\u182D", "bichig");
	assert_run(text_latin, "\u182E\u1823\u1829\u182D\u1823\u182F", "monggol");
	/* n then g is written apart from ng */
	assert_run(text_latin, "\u1828\u182D\u1820", "n'ga");
	assert_run(text_latin, "\u182D\u1821\u1837\u180E\u1826\u1828", "ger-uen");
	assert_run(text_latin, "科普 abc", "科普 abc");
	/* reversible for letters */
	static const char *const words[] = {
	    "\u1828\u182D\u1820", "\u1830\u1821\u1834\u1821\u1828", "\u1825\u1826\u1827\u1829",
	    "\u1831\u1832\u1833\u183A\u183B\u183C\u183D\u183E\u183F\u1840\u1841\u1842"};
	for (size_t i = 0; i < ARRAY_LEN(words); i++) {
		char *l = run(text_latin, words[i]);
		char *back = run(text_from_latin, l);
		assert_string_equal(back, words[i]);
		free(l);
		free(back);
	}
}

static void test_pinyin_and_segmentation(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	text_pinyin("科普", strlen("科普"), false, &sb);
	assert_string_equal(sb.data, "kepu");
	strbuf_reset(&sb);
	text_pinyin("科學 x", strlen("科學 x"), true, &sb);
	assert_string_equal(sb.data, "ke xue x");
	strbuf_free(&sb);
}

static char *tokens(const char *s, size_t n, enum text_mode mode);

/* Place names of the region tree take their place-name readings; the same characters
 * elsewhere keep ICU's. */
static void test_pinyin_place_names(void **state)
{
	(void)state;
	static const struct {
		const char *in, *want;
	} cases[] = {
	    {"锡林郭勒盟", "xi lin guo le meng"},
	    {"锡林郭勒草原", "xi lin guo le cao yuan"},
	    {"昆都仑区", "kun du lun qu"},
	    {"商都县", "shang du xian"},
	    {"长青街道", "chang qing jie dao"},
	    {"泊尔江海子镇", "bo er jiang hai zi zhen"},
	    {"勒", "lei"},       /* alone: ICU's reading */
	    {"都是", "dou shi"}, /* not a place name */
	    {"他长大了", "ta zhang da le"},
	};
	struct strbuf sb;
	strbuf_init(&sb);
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		strbuf_reset(&sb);
		text_pinyin(cases[i].in, strlen(cases[i].in), true, &sb);
		assert_string_equal(sb.data, cases[i].want);
	}
	strbuf_free(&sb);
	/* the analyzer indexes the place reading, so "xilinguole" finds 锡林郭勒 */
	char *t = tokens("锡林郭勒盟", strlen("锡林郭勒盟"), TEXT_INDEX);
	assert_non_null(strstr(t, "xilinguole"));
	assert_null(strstr(t, "lei"));
	free(t);
}

struct toks {
	struct strbuf all;
};

static int collect(void *ctx, const struct text_token *t)
{
	struct toks *k = ctx;
	if (k->all.len)
		strbuf_putc(&k->all, t->colocated ? '|' : ' ');
	strbuf_append(&k->all, t->text, t->len);
	return OK;
}

static char *tokens(const char *s, size_t n, enum text_mode mode)
{
	struct toks k;
	strbuf_init(&k.all);
	assert_int_equal(text_analyze(s, n, mode, collect, &k), OK);
	return strbuf_detach(&k.all, NULL);
}

static void test_analyzer_tokens(void **state)
{
	(void)state;
	char *t = tokens("Hello ＷＯＲＬＤ 2024", strlen("Hello ＷＯＲＬＤ 2024"), TEXT_INDEX);
	assert_string_equal(t, "hello world 2024");
	free(t);
	/* Mongolian: key, with its Latin form colocated when indexing */
	const char *m = "\u182A\u1822\u1834\u1822\u182D";
	t = tokens(m, strlen(m), TEXT_INDEX);
	assert_string_equal(t, "BIChIG|bichig");
	free(t);
	/* a Latin query word brings the key of the Mongolian word it spells */
	t = tokens("bichig", 6, TEXT_QUERY);
	assert_string_equal(t, "bichig|BIChIG");
	free(t);
	/* Chinese: words with pinyin, then bigrams */
	t = tokens("科普知识", strlen("科普知识"), TEXT_INDEX);
	assert_non_null(strstr(t, "科普|ke|pu|kepu"));
	assert_non_null(strstr(t, "普知"));
	free(t);
	t = tokens("科普知识", strlen("科普知识"), TEXT_QUERY);
	assert_string_equal(t, "科普 普知 知识");
	free(t);
}

static void test_bad_input(void **state)
{
	(void)state;
	/* invalid UTF-8: each bad byte becomes U+FFFD, never a crash */
	static const char bad[] = "a\xff\xc0\x80\xed\xa0\x80z\xe1\xa0";
	struct strbuf sb;
	strbuf_init(&sb);
	text_normalize(bad, sizeof bad - 1, &sb);
	assert_non_null(strstr(sb.data, "\xEF\xBF\xBD"));
	assert_int_equal(sb.data[0], 'a');
	strbuf_reset(&sb);
	text_menksoft_decode(bad, sizeof bad - 1, &sb);
	text_menksoft_encode(bad, sizeof bad - 1, &sb);
	text_shape_key(bad, sizeof bad - 1, &sb);
	text_latin(bad, sizeof bad - 1, &sb);
	char *t = tokens(bad, sizeof bad - 1, TEXT_INDEX);
	free(t);
	/* NUL bytes are characters and pass through */
	static const char nul[] = "\u182A\0\u1822";
	strbuf_reset(&sb);
	text_normalize(nul, sizeof nul - 1, &sb);
	assert_int_equal(sb.len, sizeof nul - 1);
	assert_memory_equal(sb.data, nul, sizeof nul - 1);
	/* lone format characters */
	static const char *const lone[] = {
	    "\u180B", "\u180E", "\u202F", "\u200D", "\u180A", "\u180B\u180C\u180D", "\u180E\u180E"};
	for (size_t i = 0; i < ARRAY_LEN(lone); i++) {
		strbuf_reset(&sb);
		text_normalize(lone[i], strlen(lone[i]), &sb);
		text_menksoft_encode(lone[i], strlen(lone[i]), &sb);
		text_shape_key(lone[i], strlen(lone[i]), &sb);
		t = tokens(lone[i], strlen(lone[i]), TEXT_QUERY);
		free(t);
	}
	strbuf_free(&sb);
}

static int collect_spans(void *ctx, const struct text_token *t)
{
	strbuf_printf(ctx, "%c%.*s@%zu-%zu", t->colocated ? '|' : ' ', (int)t->len, t->text,
	              t->start, t->end);
	return OK;
}

struct stopper {
	int count, limit;
	struct strbuf seen;
};

static int stop_after(void *ctx, const struct text_token *t)
{
	struct stopper *st = ctx;
	collect_spans(&st->seen, t);
	return ++st->count == st->limit ? ERR : OK;
}

/* Appends the analyzer's tokens (with spans) and the normalized form of s to out. */
static void analyze_all(const char *s, size_t n, struct strbuf *out)
{
	text_analyze(s, n, TEXT_INDEX, collect_spans, out);
	strbuf_putc(out, '\n');
	text_analyze(s, n, TEXT_QUERY, collect_spans, out);
	strbuf_putc(out, '\n');
	text_normalize(s, n, out);
}

/* The per-thread memo changes nothing: tokens, spans and normalized text are the same
 * with it off, on and cold, and on and warm, for every kind of chunk (short and long,
 * Menksoft, controls, marks, bad bytes, queries stopping early). */
static void test_memo_is_transparent(void **state)
{
	(void)state;
	static const char *const parts[] = {"\u182A\u1822\u1834\u1822\u182D",
	                                    "\uE2F1\uE2E3\uE2F8",
	                                    "\u182D\u180B\u1821\u1837",
	                                    "\u182D\u1821\u1837\u202F\u1826\u1828",
	                                    "科普知识，全区各盟市",
	                                    "Hello",
	                                    "ＷＯＲＬＤ",
	                                    "2024",
	                                    "e\u0301\u0327",
	                                    "\xff\xc0",
	                                    "\uFEFF\u1820",
	                                    "x\u1820科a\u182A\uE2F1",
	                                    "\u1820\u180E\u1820"};
	struct strbuf text, off, cold, warm;
	strbuf_init(&text);
	strbuf_init(&off);
	strbuf_init(&cold);
	strbuf_init(&warm);
	for (size_t i = 0; i < 400; i++) {
		strbuf_puts(&text, parts[(i * 7) % ARRAY_LEN(parts)]);
		if (i % 5) /* runs of parts without spaces make chunks over 256 bytes */
			strbuf_putc(&text, i % 3 ? ' ' : '\n');
	}
	text_cache_enable(false);
	analyze_all(text.data, text.len, &off);
	text_cache_enable(true);
	analyze_all(text.data, text.len, &cold);
	analyze_all(text.data, text.len, &warm);
	assert_string_equal(off.data, cold.data);
	assert_string_equal(off.data, warm.data);
	/* a callback that stops: the same first tokens and the same return either way */
	for (int memo = 0; memo < 2; memo++) {
		text_cache_enable(memo);
		struct stopper st = {0, 25, {0}};
		strbuf_init(&st.seen);
		assert_int_equal(text_analyze(text.data, text.len, TEXT_INDEX, stop_after, &st),
		                 ERR);
		assert_int_equal(st.count, 25);
		if (memo)
			assert_string_equal(st.seen.data, cold.data);
		strbuf_reset(&cold);
		strbuf_append(&cold, st.seen.data, st.seen.len);
		strbuf_free(&st.seen);
	}
	text_cache_enable(true);
	strbuf_free(&text);
	strbuf_free(&off);
	strbuf_free(&cold);
	strbuf_free(&warm);
}

/* A 1 MB single "word" in each script goes through every entry point in bounded time. */
static void test_huge_word(void **state)
{
	(void)state;
	static const char *const unit[] = {"\u182D", "\u182D\u180B", "a", "科", "\uE2E3", "\u180B"};
	for (size_t u = 0; u < ARRAY_LEN(unit); u++) {
		struct strbuf w, out;
		strbuf_init(&w);
		strbuf_init(&out);
		while (w.len < (1u << 20))
			strbuf_puts(&w, unit[u]);
		text_normalize(w.data, w.len, &out);
		strbuf_reset(&out);
		text_menksoft_decode(w.data, w.len, &out);
		strbuf_reset(&out);
		text_menksoft_encode(w.data, w.len, &out);
		strbuf_reset(&out);
		text_shape_key(w.data, w.len, &out);
		char *t = tokens(w.data, w.len, TEXT_INDEX);
		free(t);
		strbuf_free(&w);
		strbuf_free(&out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_shape_key_variants),
	    cmocka_unit_test(test_menksoft_encode_conventions),
	    cmocka_unit_test(test_normalize_model),
	    cmocka_unit_test(test_normalize_idempotent_keeps_key),
	    cmocka_unit_test(test_latin),
	    cmocka_unit_test(test_pinyin_and_segmentation),
	    cmocka_unit_test(test_pinyin_place_names),
	    cmocka_unit_test(test_analyzer_tokens),
	    cmocka_unit_test(test_bad_input),
	    cmocka_unit_test(test_huge_word),
	    cmocka_unit_test(test_memo_is_transparent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
