/* analyzer.c: the search analyzer: one pass over a text in any mix of Mongolian (Unicode
 * or Menksoft), Chinese, Latin and digits, producing the tokens the FTS5 index and its
 * queries use. Mongolian words give their shape key (and, indexed, their Latin
 * transliteration); Chinese gives friso words and character bigrams (and, indexed, their
 * pinyin); other letters and digits give NFKC case-folded words (and, in queries, the
 * shape key of the Mongolian word a Latin word transliterates). */
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "base/common.h"
#include "base/utf8.h"
#include "text/mong.h"
#include "text/text.h"
#include "text/ucs.h"
#include "text/zh.h"

#define MAX_TOKEN 256 /* bytes; longer words are cut (a 1 MB "word" gives one token) */

struct an {
	const char *s;
	size_t n;
	uint32_t *cp;
	size_t *off; /* byte offset of each code point; off[len] == n */
	size_t len;
	enum text_mode mode;
	int (*fn)(void *ctx, const struct text_token *t);
	void *ctx;
	size_t start, end; /* byte span of the run being tokenized */
};

static int emit(struct an *a, const char *text, size_t len, bool colocated)
{
	if (len == 0)
		return OK;
	if (len > MAX_TOKEN) { /* cut on a UTF-8 boundary */
		len = MAX_TOKEN;
		while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
			len--;
	}
	struct text_token t = {text, len, a->start, a->end, colocated};
	return a->fn(a->ctx, &t);
}

static bool is_mong_run_char(uint32_t cp)
{
	return mong_is_word_char(cp) || (menk_is_code(cp) && menk_glyph_find(cp));
}

/* ---- Mongolian ---------------------------------------------------------------------- */

struct key_ctx {
	struct an *a;
	const char *latin;
	size_t latin_len;
	bool first;
};

static int mong_key_token(void *ctx, const char *key, size_t len)
{
	struct key_ctx *k = ctx;
	int rc = emit(k->a, key, len, false);
	if (rc == OK && k->first && k->latin_len)
		rc = emit(k->a, k->latin, k->latin_len, true);
	k->first = false;
	return rc;
}

static int mong_run(struct an *a, size_t i, size_t j)
{
	struct ucs u;
	ucs_init(&u);
	bool menk = false;
	for (size_t k = i; k < j; k++)
		menk |= menk_is_code(a->cp[k]);
	if (menk) {
		struct strbuf dec;
		strbuf_init(&dec);
		text_menksoft_decode(a->s + a->off[i], a->off[j] - a->off[i], &dec);
		ucs_from_utf8(&u, dec.data, dec.len);
		strbuf_free(&dec);
	} else {
		for (size_t k = i; k < j; k++)
			ucs_push(&u, a->cp[k]);
	}
	struct strbuf latin;
	strbuf_init(&latin);
	if (a->mode == TEXT_INDEX && u.len <= MAX_TOKEN)
		for (size_t k = 0; k < u.len; k++)
			if (!mong_latin_put(u.cp[k], k + 1 < u.len ? u.cp[k + 1] : 0, &latin))
				ucs_put(&latin, u.cp[k]);
	struct key_ctx k = {a, latin.data, latin.len, true};
	int rc = mong_key_each(u.cp, u.len, mong_key_token, &k);
	strbuf_free(&latin);
	ucs_free(&u);
	return rc;
}

/* ---- Chinese ------------------------------------------------------------------------ */

struct zh_ctx {
	struct an *a;
	struct strbuf py;
	int rc;
};

static int zh_word(void *ctx, const char *w, size_t len)
{
	struct zh_ctx *z = ctx;
	int rc = emit(z->a, w, len, false);
	/* colocated: the word's pinyin run together, and each syllable */
	struct ucs u;
	ucs_init(&u);
	ucs_from_utf8(&u, w, len);
	strbuf_reset(&z->py);
	for (size_t i = 0; i < u.len && rc == OK; i++) {
		const char *py = zh_pinyin(u.cp[i]);
		if (!py)
			continue;
		strbuf_puts(&z->py, py);
		if (u.len > 1)
			rc = emit(z->a, py, strlen(py), true);
	}
	if (rc == OK)
		rc = emit(z->a, z->py.data, z->py.len, true);
	ucs_free(&u);
	return rc;
}

static int zh_run(struct an *a, size_t i, size_t j)
{
	struct strbuf folded;
	strbuf_init(&folded);
	size_t *pos = malloc((j - i + 1) * sizeof *pos); /* byte offset of each char in folded */
	if (!pos)
		abort();
	for (size_t k = i; k < j; k++) {
		pos[k - i] = folded.len;
		ucs_put(&folded, zh_fold(a->cp[k]));
	}
	pos[j - i] = folded.len;
	int rc = OK;
	if (a->mode == TEXT_INDEX || j - i == 1) {
		struct zh_ctx z = {a, {0}, OK};
		strbuf_init(&z.py);
		rc = text_zh_segment(folded.data, folded.len, zh_word, &z);
		if (rc == ERR) { /* no dictionary: single characters */
			rc = OK;
			for (size_t k = 0; k < j - i && rc == OK; k++)
				rc = emit(a, folded.data + pos[k], pos[k + 1] - pos[k], false);
		}
		strbuf_free(&z.py);
	}
	/* character bigrams: what queries use, as segmentation of a short query differs */
	for (size_t k = 0; rc == OK && k + 1 < j - i; k++)
		rc = emit(a, folded.data + pos[k], pos[k + 2] - pos[k], false);
	free(pos);
	strbuf_free(&folded);
	return rc;
}

/* ---- letters and digits ------------------------------------------------------------- */

static bool is_word_char(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		       (cp >= '0' && cp <= '9');
	return u_isalnum((UChar32)cp) ||
	       u_getIntPropertyValue((UChar32)cp, UCHAR_GENERAL_CATEGORY) == U_NON_SPACING_MARK;
}

/* Appends the NFKC case fold of cp[0..n) (digits of any script as ASCII) to out. */
static void casefold(const uint32_t *cp, size_t n, struct strbuf *out)
{
	bool ascii = true;
	for (size_t i = 0; i < n && ascii; i++)
		ascii = cp[i] < 0x80;
	if (ascii) {
		for (size_t i = 0; i < n; i++)
			strbuf_putc(out, (char)(cp[i] >= 'A' && cp[i] <= 'Z' ? cp[i] + 32 : cp[i]));
		return;
	}
	UErrorCode err = U_ZERO_ERROR;
	const UNormalizer2 *cf = unorm2_getNFKCCasefoldInstance(&err);
	UChar *src = malloc((2 * n + 1) * sizeof *src);
	UChar *dst = malloc((8 * n + 16) * sizeof *dst);
	if (!src || !dst)
		abort();
	int32_t ns = 0;
	for (size_t i = 0; i < n; i++) {
		UChar32 c = (UChar32)cp[i];
		int32_t d = u_charDigitValue(c);
		if (d >= 0 && u_charType(c) == U_DECIMAL_DIGIT_NUMBER)
			c = '0' + d;
		U16_APPEND_UNSAFE(src, ns, c);
	}
	int32_t nd =
	    U_SUCCESS(err) ? unorm2_normalize(cf, src, ns, dst, (int32_t)(8 * n + 16), &err) : 0;
	if (U_FAILURE(err)) {
		nd = ns;
		memcpy(dst, src, (size_t)ns * sizeof *dst);
	}
	struct ucs u;
	ucs_init(&u);
	ucs_from_utf16(&u, dst, nd);
	ucs_to_utf8(u.cp, u.len, out);
	ucs_free(&u);
	free(src);
	free(dst);
}

static int word_run(struct an *a, size_t i, size_t j)
{
	struct strbuf w;
	strbuf_init(&w);
	casefold(a->cp + i, j - i, &w);
	int rc = emit(a, w.data, w.len, false);
	bool latin = a->mode == TEXT_QUERY && w.len <= 64;
	for (size_t k = 0; k < w.len && latin; k++)
		latin = (w.data[k] >= 'a' && w.data[k] <= 'z') || w.data[k] == '2';
	if (rc == OK && latin) { /* the Mongolian word this Latin spelling stands for */
		struct strbuf m;
		strbuf_init(&m);
		text_from_latin(w.data, w.len, &m);
		struct ucs u;
		ucs_init(&u);
		ucs_from_utf8(&u, m.data, m.len);
		struct strbuf key;
		strbuf_init(&key);
		mong_key_run(u.cp, u.len, &key);
		if (key.len && !memchr(key.data, ' ', key.len))
			rc = emit(a, key.data, key.len, true);
		strbuf_free(&key);
		ucs_free(&u);
		strbuf_free(&m);
	}
	strbuf_free(&w);
	return rc;
}

int text_analyze(const char *s, size_t n, enum text_mode mode,
                 int (*fn)(void *ctx, const struct text_token *t), void *ctx)
{
	struct an a = {.s = s, .n = n, .mode = mode, .fn = fn, .ctx = ctx};
	a.cp = malloc((n + 1) * sizeof *a.cp);
	a.off = malloc((n + 1) * sizeof *a.off);
	if (!a.cp || !a.off)
		abort();
	for (size_t i = 0; i < n;) {
		uint32_t c = (unsigned char)s[i];
		size_t k = 1;
		if (c >= 0x80) {
			k = utf8_decode(s + i, n - i, &c);
			if (k == 0) {
				c = UTF8_REPLACEMENT;
				k = 1;
			}
		}
		a.off[a.len] = i;
		a.cp[a.len++] = c;
		i += k;
	}
	a.off[a.len] = n;
	int rc = OK;
	for (size_t i = 0; i < a.len && rc == OK;) {
		uint32_t c = a.cp[i];
		int kind = is_mong_run_char(c) ? 1 : zh_is_han(c) ? 2 : is_word_char(c) ? 3 : 0;
		size_t j = i + 1;
		if (kind == 1)
			while (j < a.len && is_mong_run_char(a.cp[j]))
				j++;
		else if (kind == 2)
			while (j < a.len && zh_is_han(a.cp[j]))
				j++;
		else if (kind == 3)
			while (j < a.len && is_word_char(a.cp[j]) && !is_mong_run_char(a.cp[j]) &&
			       !zh_is_han(a.cp[j]))
				j++;
		a.start = a.off[i];
		a.end = a.off[j];
		if (kind == 1)
			rc = mong_run(&a, i, j);
		else if (kind == 2)
			rc = zh_run(&a, i, j);
		else if (kind == 3)
			rc = word_run(&a, i, j);
		i = j;
	}
	free(a.cp);
	free(a.off);
	return rc;
}
