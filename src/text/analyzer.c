/* analyzer.c: the search analyzer: one pass over a text in any mix of Mongolian (Unicode
 * or Menksoft), Chinese, Latin and digits, producing the tokens the FTS5 index and its
 * queries use. Mongolian words give their shape key (and, indexed, their Latin
 * transliteration); Chinese gives friso words and character bigrams (and, indexed, their
 * pinyin); other letters and digits give NFKC case-folded words (and, in queries, the
 * shape key of the Mongolian word a Latin word transliterates). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "base/common.h"
#include "base/utf8.h"
#include "text/mong.h"
#include "text/tcache.h"
#include "text/text.h"
#include "text/ucs.h"
#include "text/zh.h"

#define MAX_TOKEN 256 /* bytes; longer words are cut (a 1 MB "word" gives one token) */

struct an {
	enum text_mode mode;
	int (*fn)(void *ctx, const struct text_token *t);
	void *ctx;
	size_t start, end;       /* byte span of the run being tokenized */
	struct text_scratch *sc; /* this call's reusable buffers, taken when first needed */
	struct strbuf *rec;      /* when set, tokens are recorded here instead of emitted */
	size_t rec_base;         /* spans are recorded relative to this offset */
	struct tcache *runs;     /* the memo used per run (long chunks), or NULL */
	bool no_store; /* what was recorded differs from TEXT_INDEX: keep it out of the memo */
};

/* A recorded token: its length (2 bytes, little-endian), colocated (1 byte), start and end
 * relative to the recording's base (2 bytes each), then its bytes. */
#define REC_HEAD 7

static void put16(char *p, size_t v)
{
	p[0] = (char)(v & 0xFF);
	p[1] = (char)(v >> 8 & 0xFF);
}

static size_t get16(const char *p)
{
	return (unsigned char)p[0] | (size_t)(unsigned char)p[1] << 8;
}

static int emit(struct an *a, const char *text, size_t len, bool colocated)
{
	if (len == 0)
		return OK;
	if (len > MAX_TOKEN) { /* cut on a UTF-8 boundary */
		len = MAX_TOKEN;
		while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
			len--;
	}
	if (a->rec) {
		char h[REC_HEAD];
		put16(h, len);
		h[2] = (char)colocated;
		put16(h + 3, a->start - a->rec_base);
		put16(h + 5, a->end - a->rec_base);
		strbuf_append(a->rec, h, REC_HEAD);
		strbuf_append(a->rec, text, len);
		return OK;
	}
	struct text_token t = {text, len, a->start, a->end, colocated};
	return a->fn(a->ctx, &t);
}

/* Emits the tokens recorded in v[0..vlen), their spans moved to `base`. */
static int replay(struct an *a, const char *v, size_t vlen, size_t base)
{
	int rc = OK;
	struct text_token t;
	for (size_t i = 0; i + REC_HEAD <= vlen && rc == OK;) {
		t.len = get16(v + i);
		t.colocated = v[i + 2] != 0;
		t.start = base + get16(v + i + 3);
		t.end = base + get16(v + i + 5);
		t.text = v + i + REC_HEAD;
		i += REC_HEAD + t.len;
		rc = a->fn(a->ctx, &t);
	}
	return rc;
}

/* Tokenizes s[from..to) with `scan` through the memo c, h being the text's hash under its
 * tag (tcache_hash): a text met before replays its recorded tokens. */
static int memo_h(struct an *a, struct tcache *c, uint64_t h, const char *s, size_t from, size_t to,
                  int (*scan)(struct an *a, const char *s, size_t from, size_t to))
{
	size_t vlen, n = to - from;
	const char *v;
	if (!c || n > TCACHE_KEY_MAX || a->rec)
		return scan(a, s, from, to);
	if ((v = tcache_get_h(c, h, s + from, n, &vlen)))
		return replay(a, v, vlen, from);
	if (!a->sc)
		a->sc = text_scratch_take();
	struct strbuf *rec = &a->sc->rec;
	strbuf_reset(rec);
	a->rec = rec;
	a->rec_base = from;
	a->no_store = false;
	scan(a, s, from, to); /* recording never stops early */
	a->rec = NULL;
	if (!a->no_store) /* TEXT_AUX reads what TEXT_INDEX recorded, never the reverse */
		tcache_put_h(c, h, s + from, n, rec->data, rec->len);
	return replay(a, rec->data, rec->len, from);
}

/* The same under `tag`, hashing the text here. */
static int memo(struct an *a, struct tcache *c, enum tcache_tag tag, const char *s, size_t from,
                size_t to, int (*scan)(struct an *a, const char *s, size_t from, size_t to))
{
	if (!c || to - from > TCACHE_KEY_MAX || a->rec)
		return scan(a, s, from, to);
	return memo_h(a, c, tcache_hash(tag, s + from, to - from), s, from, to, scan);
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

static int mong_run(struct an *a, const char *text, size_t from, size_t to)
{
	const char *s = text + from;
	size_t n = to - from;
	struct ucs *u = &a->sc->u;
	u->len = 0;
	if (menk_may_contain(s, n)) {
		struct strbuf *dec = &a->sc->b;
		strbuf_reset(dec);
		text_menksoft_decode(s, n, dec);
		ucs_from_utf8(u, dec->data, dec->len);
	} else {
		ucs_from_utf8(u, s, n);
	}
	struct strbuf *latin = &a->sc->a;
	strbuf_reset(latin);
	if (a->mode != TEXT_QUERY && u->len <= MAX_TOKEN)
		for (size_t k = 0; k < u->len; k++)
			if (!mong_latin_put(u->cp[k], k + 1 < u->len ? u->cp[k + 1] : 0, latin))
				ucs_put(latin, u->cp[k]);
	struct key_ctx k = {a, latin->data, latin->len, true};
	return mong_key_each(u->cp, u->len, mong_key_token, &k);
}

/* ---- Chinese ------------------------------------------------------------------------ */

/* The pinyin of word w[0..len), colocated: each syllable (read as a place name where the
 * word is one) and the whole word's run together. */
static int zh_pinyin_alts(struct an *a, const char *w, size_t len)
{
	struct strbuf *py = &a->sc->c;
	strbuf_reset(py);
	uint32_t cps[64];
	size_t nch = 0;
	for (size_t i = 0; i < len && nch < ARRAY_LEN(cps); nch++) {
		size_t k = utf8_decode(w + i, len - i, &cps[nch]);
		i += k ? k : 1;
	}
	int rc = OK;
	for (size_t i = 0; i < nch && rc == OK; i++) {
		const char *p = zh_pinyin_in(cps, nch, i);
		if (!p)
			continue;
		strbuf_puts(py, p);
		if (nch > 1)
			rc = emit(a, p, strlen(p), true);
	}
	if (rc == OK)
		rc = emit(a, py->data, py->len, true);
	return rc;
}

/* A query's single character: the word with its pinyin. */
static int zh_query_word(void *ctx, const char *w, size_t len)
{
	struct an *a = ctx;
	int rc = emit(a, w, len, false);
	return rc == OK ? zh_pinyin_alts(a, w, len) : rc;
}

/* friso's words of a Han run, in order: where each starts (character index) and its bytes
 * in the folded text. */
struct zh_word_at {
	size_t at, off, len;
};

struct zh_collect {
	struct strbuf *out; /* struct zh_word_at records */
	const char *text;   /* the folded run */
	const size_t *pos;  /* byte offset of each character */
	size_t nch, cursor, ch;
};

static int zh_collect_word(void *ctx, const char *w, size_t len)
{
	struct zh_collect *c = ctx;
	const char *found = memmem(c->text + c->cursor, c->pos[c->nch] - c->cursor, w, len);
	if (!found) /* friso changed the text: the word goes with the last position */
		return OK;
	struct zh_word_at r = {0, (size_t)(found - c->text), len};
	while (c->ch < c->nch && c->pos[c->ch] < r.off)
		c->ch++;
	r.at = c->ch;
	c->cursor = r.off + len;
	strbuf_append(c->out, (const char *)&r, sizeof r);
	return OK;
}

/* A document's Han run (TEXT_INDEX, TEXT_AUX): one position per character bigram (a lone
 * character: itself) — what queries look for — so that positions do not depend on the
 * segmentation; friso's words (and their pinyin) are colocated at the bigram where each
 * starts (a word at the run's last character: at the last bigram). TEXT_AUX (highlight and
 * snippet read positions and spans only) leaves the words out and so never runs friso. */
static int zh_doc(struct an *a, const char *folded, const size_t *pos, size_t nch)
{
	struct strbuf *words = &a->sc->a;
	strbuf_reset(words);
	if (a->mode == TEXT_AUX) {
		a->no_store = true;
	} else if (zh_segmenter_ready()) {
		struct zh_collect c = {words, folded, pos, nch, 0, 0};
		text_zh_segment(folded, pos[nch], zh_collect_word, &c);
	}
	const struct zh_word_at *w = (const struct zh_word_at *)words->data;
	size_t nw = words->len / sizeof *w, wi = 0;
	size_t npos = nch > 1 ? nch - 1 : 1;
	int rc = OK;
	for (size_t k = 0; k < npos && rc == OK; k++) {
		size_t end = pos[k + (nch > 1 ? 2 : 1)];
		rc = emit(a, folded + pos[k], end - pos[k], false);
		for (; rc == OK && wi < nw && (w[wi].at <= k || k + 1 == npos); wi++) {
			if (w[wi].len != end - pos[k] ||
			    memcmp(folded + w[wi].off, folded + pos[k], w[wi].len) != 0)
				rc = emit(a, folded + w[wi].off, w[wi].len, true);
			if (rc == OK)
				rc = zh_pinyin_alts(a, folded + w[wi].off, w[wi].len);
		}
	}
	return rc;
}

static int zh_run(struct an *a, const char *text, size_t from, size_t to)
{
	const char *s = text + from;
	size_t n = to - from;
	struct text_scratch *sc = a->sc;
	struct strbuf *folded = &sc->b;
	strbuf_reset(folded);
	if (sc->pos_cap < n + 1) { /* byte offset of each character in folded */
		free(sc->pos);
		sc->pos_cap = n + 1;
		if (!(sc->pos = malloc(sc->pos_cap * sizeof *sc->pos)))
			abort();
	}
	size_t *pos = sc->pos, nch = 0;
	for (size_t i = 0; i < n; nch++) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		i += k ? k : 1;
		pos[nch] = folded->len;
		ucs_put(folded, k ? zh_fold(cp) : UTF8_REPLACEMENT);
	}
	pos[nch] = folded->len;
	if (a->mode != TEXT_QUERY)
		return zh_doc(a, folded->data, pos, nch);
	int rc = OK;
	if (nch == 1) {
		if (zh_segmenter_ready())
			rc = text_zh_segment(folded->data, folded->len, zh_query_word, a);
		else /* no dictionary: the character */
			rc = emit(a, folded->data, folded->len, false);
	}
	/* character bigrams: what queries use, as segmentation of a short query differs */
	for (size_t k = 0; rc == OK && k + 1 < nch; k++)
		rc = emit(a, folded->data + pos[k], pos[k + 2] - pos[k], false);
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

static int word_run(struct an *a, const char *text, size_t from, size_t to)
{
	const char *s = text + from;
	size_t n = to - from;
	struct strbuf *w = &a->sc->a;
	strbuf_reset(w);
	ucs_casefold(s, n, w);
	int rc = emit(a, w->data, w->len, false);
	bool latin = a->mode == TEXT_QUERY && w->len <= 64;
	for (size_t k = 0; k < w->len && latin; k++)
		latin = (w->data[k] >= 'a' && w->data[k] <= 'z') || w->data[k] == '2';
	if (rc == OK && latin) { /* the Mongolian word this Latin spelling stands for */
		struct strbuf *m = &a->sc->b, *key = &a->sc->c;
		strbuf_reset(m);
		strbuf_reset(key);
		text_from_latin(w->data, w->len, m);
		struct ucs *u = &a->sc->u;
		u->len = 0;
		ucs_from_utf8(u, m->data, m->len);
		mong_key_run(u->cp, u->len, key);
		if (key->len && !memchr(key->data, ' ', key->len))
			rc = emit(a, key->data, key->len, true);
	}
	return rc;
}

/* A plain ASCII chunk in index mode, without decoding: each run of letters and digits,
 * lower-cased, is a token (what scan and word_run give it). */
static int ascii_chunk(struct an *a, const char *s, size_t from, size_t to)
{
	char w[MAX_TOKEN];
	int rc = OK;
	for (size_t i = from; i < to && rc == OK;) {
		unsigned char c = (unsigned char)s[i];
		if (!((unsigned)((c | 32) - 'a') < 26 || (unsigned)(c - '0') < 10)) {
			i++;
			continue;
		}
		size_t j = i, k = 0;
		for (; j < to; j++) {
			c = (unsigned char)s[j];
			bool letter = (unsigned)((c | 32) - 'a') < 26;
			if (!letter && (unsigned)(c - '0') >= 10)
				break;
			if (k < MAX_TOKEN)
				w[k++] = (char)(letter ? c | 32 : c);
		}
		a->start = i;
		a->end = j;
		rc = emit(a, w, k, false);
		i = j;
	}
	return rc;
}

/* ---- the scan ----------------------------------------------------------------------- */

enum kind { K_NONE, K_MONG, K_HAN, K_WORD };

/* Kind of each code point of the Mongolian block U+1800..U+18BF. */
static unsigned char mong_block_kind[0xC0];
static pthread_once_t kinds_once = PTHREAD_ONCE_INIT;

static void kinds_build(void)
{
	for (uint32_t c = 0x1800; c < 0x18C0; c++)
		mong_block_kind[c - 0x1800] = mong_is_word_char(c) ? K_MONG
		                              : is_word_char(c)    ? K_WORD
		                                                   : K_NONE;
}

static inline enum kind kind_of(uint32_t c)
{
	if (c < 0x80)
		return is_word_char(c) ? K_WORD : K_NONE;
	if (c >= 0x1800 && c < 0x18C0)
		return mong_block_kind[c - 0x1800];
	if ((c >= 0x4E00 && c <= 0x9FFF) || zh_is_han(c))
		return K_HAN;
	if (mong_is_word_char(c) || menk_is_known(c))
		return K_MONG;
	return is_word_char(c) ? K_WORD : K_NONE;
}

/* Decodes the code point at s[i] (U+FFFD for a bad byte); returns its length in bytes. */
static inline size_t next_cp(const char *s, size_t n, size_t i, uint32_t *c)
{
	const unsigned char *p = (const unsigned char *)s + i;
	if (p[0] < 0x80) {
		*c = p[0];
		return 1;
	}
	/* three bytes (the Mongolian block, Han, Menksoft): the common case of this engine */
	if ((p[0] & 0xF0) == 0xE0 && i + 2 < n && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
		uint32_t v = (p[0] & 0x0Fu) << 12 | (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu);
		if (v >= 0x800 && (v < 0xD800 || v > 0xDFFF)) {
			*c = v;
			return 3;
		}
	}
	size_t k = utf8_decode(s + i, n - i, c);
	if (k == 0) {
		*c = UTF8_REPLACEMENT;
		k = 1;
	}
	return k;
}

/* Tokenizes s[from..to) run by run (a run: Mongolian, Han, or other letters and digits). */
static int scan(struct an *a, const char *s, size_t from, size_t to)
{
	if (!a->sc) /* a chunk replayed from the memo needs none */
		a->sc = text_scratch_take();
	bool q = a->mode == TEXT_QUERY;
	struct tcache *c = a->runs;
	int rc = OK;
	for (size_t i = from; i < to && rc == OK;) {
		uint32_t cp;
		size_t k = next_cp(s, to, i, &cp);
		enum kind kind = kind_of(cp);
		size_t j = i + k;
		bool ascii = cp < 0x80;
		while (j < to) {
			k = next_cp(s, to, j, &cp);
			if (kind_of(cp) != kind)
				break;
			ascii &= cp < 0x80;
			j += k;
		}
		a->start = i;
		a->end = j;
		if (kind == K_MONG)
			rc = memo(a, c, q ? TC_MONG_QUERY : TC_MONG_INDEX, s, i, j, mong_run);
		else if (kind == K_HAN)
			rc = memo(a, c, q ? TC_ZH_QUERY : TC_ZH_INDEX, s, i, j, zh_run);
		else if (kind == K_WORD && ascii && !q)
			rc = word_run(a, s, i, j); /* cheaper than a lookup */
		else if (kind == K_WORD)
			rc = memo(a, c, q ? TC_WORD_QUERY : TC_WORD_INDEX, s, i, j, word_run);
		i = j;
	}
	return rc;
}

/* Finds the chunk of s[0..n) at or after i (white space skipped): sets *from, *high (a
 * byte over 0x7F) and, when it goes through the memo c, *h (its hash under tag, its slot
 * asked for), else *h = 0; returns its end (== *from when none is left). */
static inline size_t chunk_next(const char *s, size_t n, size_t i, struct tcache *c,
                                enum tcache_tag tag, size_t *from, bool *high, uint64_t *h)
{
	if (i + 1 < n && s[i] == ' ' && (unsigned char)s[i + 1] > ' ')
		i++; /* the common case: one space between chunks */
	else
		while (i < n && ucs_is_space((unsigned char)s[i]))
			i++;
	*from = i;
	*high = false;
	*h = 0;
	if (i == n)
		return i;
	size_t j = ucs_chunk_end(s, n, i, high);
	if (c && *high && j - i <= TCACHE_KEY_MAX) {
		*h = tcache_hash(tag, s + i, j - i);
		tcache_prefetch(c, *h);
	}
	return j;
}

/* The text is cut at ASCII white space, which no token spans, into chunks; a short chunk
 * that is not plain ASCII (a Mongolian word with its punctuation, a Chinese clause) goes
 * through the thread's memo whole, a long one run by run. The next chunk is found, hashed
 * and its memo slot asked for before a chunk is tokenized. */
int text_analyze(const char *s, size_t n, enum text_mode mode,
                 int (*fn)(void *ctx, const struct text_token *t), void *ctx)
{
	pthread_once(&kinds_once, kinds_build);
	struct an a = {.mode = mode, .fn = fn, .ctx = ctx};
	struct tcache *c = tcache_thread();
	enum tcache_tag tag = mode == TEXT_QUERY ? TC_CHUNK_QUERY : TC_CHUNK_INDEX;
	int rc = OK;
	size_t i, i2;
	bool high, high2;
	uint64_t h, h2;
	size_t j = chunk_next(s, n, 0, c, tag, &i, &high, &h);
	while (i < j && rc == OK) {
		size_t j2 = chunk_next(s, n, j, c, tag, &i2, &high2, &h2);
		a.runs = j - i > TCACHE_KEY_MAX ? c : NULL;
		if (h)
			rc = memo_h(&a, c, h, s, i, j, scan);
		else if (high)
			rc = memo(&a, c, tag, s, i, j, scan);
		else if (mode != TEXT_QUERY)
			rc = ascii_chunk(&a, s, i, j);
		else
			rc = scan(&a, s, i, j);
		i = i2;
		j = j2;
		high = high2;
		h = h2;
	}
	if (a.sc)
		text_scratch_give(a.sc);
	return rc;
}
