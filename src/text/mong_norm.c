/* mong_norm.c: what Tala stores, and the 2023 model's canonical form.
 *
 * text_normalize (what Tala stores): Menksoft decoded to Unicode, NFC (ICU) for all text,
 * BOM / word joiners between words removed, and in Mongolian words only the controls no
 * font can act on: an FVS that does not follow a letter (lone, doubled, after a gap) and a
 * ZWJ/ZWNJ at a word's edge that joins nothing. FVS after letters and NNBSP stay as typed:
 * the Noto Sans Mongolian Tala serves shapes them by an older model than GB/T 25914-2023,
 * and removing them changes what it shows (docs/text.md, the screenshot check).
 *
 * text_canonical: the same, then the standard encoding of GB/T 25914-2023 / UTN #57: NNBSP
 * between letters becomes MVS (2.2.2: NNBSP is discouraged, MVS does its job) and every
 * FVS, ZWJ or ZWNJ whose removal leaves the word's written units and positions unchanged
 * (by the 2023 model) is removed.
 *
 * Both keep every word's shape key by construction and are idempotent. */
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

/* NFC of u (in place); ICU works on UTF-16. Returns whether anything changed. */
static bool nfc(struct ucs *u)
{
	UErrorCode err = U_ZERO_ERROR;
	const UNormalizer2 *n2 = unorm2_getNFCInstance(&err);
	if (U_FAILURE(err))
		return false;
	bool ascii = true;
	for (size_t i = 0; i < u->len && ascii; i++)
		ascii = u->cp[i] < 0x300;
	if (ascii || u->len > (size_t)INT32_MAX / 4)
		return false; /* nothing below U+0300 composes or decomposes under NFC */
	int32_t n16 = 0;
	UChar *src = malloc((u->len * 2 + 1) * sizeof *src);
	if (!src)
		abort();
	err = U_ZERO_ERROR;
	u_strFromUTF32(src, (int32_t)(u->len * 2 + 1), &n16, (const UChar32 *)u->cp,
	               (int32_t)u->len, &err);
	if (U_FAILURE(err) || unorm2_isNormalized(n2, src, n16, &err)) {
		free(src);
		return false;
	}
	err = U_ZERO_ERROR;
	int32_t cap = n16 * 3 + 16;
	UChar *dst = malloc((size_t)cap * sizeof *dst);
	if (!dst)
		abort();
	int32_t nd = unorm2_normalize(n2, src, n16, dst, cap, &err);
	bool ok = U_SUCCESS(err);
	if (ok) {
		u->len = 0;
		ucs_from_utf16(u, dst, nd);
	}
	free(src);
	free(dst);
	return ok;
}

static bool is_dropped_format(uint32_t cp)
{
	return cp == 0xFEFF || cp == 0x2060;
}

static bool is_removable_control(uint32_t cp)
{
	return mong_fvs_number(cp) || cp == CP_ZWJ || cp == CP_ZWNJ;
}

/* Which of the two forms a pass produces. */
enum norm_level { NORM_STORED, NORM_CANONICAL };

/* Returns true when the control w[i] may be removed at `level` (if the display allows). */
static bool removal_candidate(const uint32_t *w, size_t len, size_t i, enum norm_level level)
{
	if (!is_removable_control(w[i]))
		return false;
	if (level == NORM_CANONICAL)
		return true;
	/* stored: only what no font acts on */
	bool after_letter = i > 0 && (mong_is_letter(w[i - 1]) || w[i - 1] == 0x1885 ||
	                              w[i - 1] == 0x1886 || w[i - 1] == 0x18A9);
	if (mong_fvs_number(w[i]))
		return !after_letter;
	bool before_letter = i + 1 < len && mong_is_letter(w[i + 1]);
	return !(after_letter && before_letter); /* a joiner between two letters stays */
}

/* Shapes w[0..n) into it; returns false on allocation limits (never: n is bounded). */
static void shape_into(const uint32_t *w, size_t n, struct mong_item *it)
{
	for (size_t i = 0; i < n; i++)
		it[i].cp = w[i];
	mong_shape(it, n);
}

/* Returns true when the letters of a and b (skipping controls) show the same forms. */
static bool same_display(const struct mong_item *a, size_t na, const struct mong_item *b, size_t nb)
{
	size_t i = 0, j = 0;
	for (;;) {
		while (i < na && a[i].kind != MK_LETTER && a[i].kind != MK_MVS &&
		       a[i].kind != MK_NIRUGU)
			i++;
		while (j < nb && b[j].kind != MK_LETTER && b[j].kind != MK_MVS &&
		       b[j].kind != MK_NIRUGU)
			j++;
		if (i == na || j == nb)
			return i == na && j == nb;
		if (a[i].cp != b[j].cp || a[i].pos != b[j].pos || a[i].var != b[j].var ||
		    a[i].gap_wide != b[j].gap_wide)
			return false;
		i++;
		j++;
	}
}

/* Normalizes one Mongolian run w[0..*n) in place. */
/* NNBSP between two Mongolian letters becomes MVS (they shape identically). Returns
 * whether anything changed. */
static bool nnbsp_to_mvs(uint32_t *w, size_t len)
{
	bool changed = false;
	for (size_t i = 1; i + 1 < len; i++)
		if (w[i] == CP_NNBSP && mong_is_letter(w[i + 1]) &&
		    (mong_is_letter(w[i - 1]) || mong_fvs_number(w[i - 1]))) {
			w[i] = CP_MVS;
			changed = true;
		}
	return changed;
}

/* Removes the controls whose removal leaves the display unchanged. Returns whether any
 * was removed; *n is updated. */
static bool drop_controls(uint32_t *w, size_t *n, enum norm_level level)
{
	size_t len = *n, controls = 0;
	for (size_t i = 0; i < len; i++)
		controls += removal_candidate(w, len, i, level);
	if (controls == 0)
		return false;
	struct mong_item a[MONG_FVS_SEARCH_MAX], b[MONG_FVS_SEARCH_MAX];
	uint32_t t[MONG_FVS_SEARCH_MAX];
	shape_into(w, len, a);
	for (size_t i = 0; i < len;) {
		if (!removal_candidate(w, len, i, level)) {
			i++;
			continue;
		}
		memcpy(t, w, i * sizeof *t);
		memcpy(t + i, w + i + 1, (len - i - 1) * sizeof *t);
		shape_into(t, len - 1, b);
		if (same_display(a, len, b, len - 1)) {
			memcpy(w, t, (len - 1) * sizeof *w);
			len--;
			memcpy(a, b, len * sizeof *a);
		} else {
			i++;
		}
	}
	bool changed = len != *n;
	*n = len;
	return changed;
}

/* Normalizes one Mongolian run w[0..*n) in place, to a fixed point (so that a second
 * normalization finds nothing to do). Runs longer than MONG_FVS_SEARCH_MAX only get the
 * NNBSP rule. */
static bool norm_run(uint32_t *w, size_t *n, enum norm_level level)
{
	bool changed = true, any = false;
	for (int round = 0; changed && round < 8; round++) {
		changed = level == NORM_CANONICAL && nnbsp_to_mvs(w, *n);
		if (*n <= MONG_FVS_SEARCH_MAX)
			changed |= drop_controls(w, n, level);
		any |= changed;
	}
	return any;
}

/* The Mongolian pass over u (in place). Returns whether anything changed. */
static bool mongolian_pass(struct ucs *u, enum norm_level level)
{
	size_t k = 0, before = u->len;
	bool changed = false;
	for (size_t i = 0; i < u->len;) {
		/* BOM and word joiner go, except inside a Mongolian word, where they would
		 * join two words into one (and change the shape keys) */
		if (is_dropped_format(u->cp[i]) &&
		    !(k > 0 && i + 1 < u->len && mong_is_word_char(u->cp[k - 1]) &&
		      mong_is_word_char(u->cp[i + 1]))) {
			i++;
			continue;
		}
		if (!mong_is_word_char(u->cp[i]) || is_dropped_format(u->cp[i])) {
			u->cp[k++] = u->cp[i++];
			continue;
		}
		size_t j = i;
		while (j < u->len && mong_is_word_char(u->cp[j]) && !is_dropped_format(u->cp[j]))
			j++;
		size_t len = j - i;
		memmove(u->cp + k, u->cp + i, len * sizeof *u->cp);
		changed |= norm_run(u->cp + k, &len, level);
		k += len;
		i = j;
	}
	u->len = k;
	return changed || k != before;
}

/* The slow path: normalizes s[0..n) (one chunk without ASCII white space) fully. */
static void normalize_chunk(const char *s, size_t n, enum norm_level level, struct strbuf *out)
{
	struct ucs u;
	ucs_init(&u);
	if (menk_may_contain(s, n)) {
		struct strbuf dec;
		strbuf_init(&dec);
		text_menksoft_decode(s, n, &dec); /* what Tala stores is Unicode */
		ucs_from_utf8(&u, dec.data, dec.len);
		strbuf_free(&dec);
	} else {
		ucs_from_utf8(&u, s, n);
	}
	/* NFC can reorder marks around what the Mongolian pass removes: repeat to a fixed
	 * point so that normalization is idempotent */
	for (int round = 0; round < 4; round++) {
		nfc(&u);
		if (!mongolian_pass(&u, level))
			break;
	}
	ucs_to_utf8(u.cp, u.len, out);
	ucs_free(&u);
}

/* Code points of the BMP that normalization leaves as they are wherever they stand: NFC
 * quick check "yes" with combining class 0, and none of the controls the Mongolian pass
 * acts on. One bit each, built once. */
static uint8_t inert_bmp[0x10000 / 8];
static pthread_once_t inert_once = PTHREAD_ONCE_INIT;

static bool acted_on(uint32_t c)
{
	return is_removable_control(c) || is_dropped_format(c) || c == CP_NNBSP || menk_is_code(c);
}

static bool inert_compute(uint32_t c)
{
	return u_getCombiningClass((UChar32)c) == 0 &&
	       u_getIntPropertyValue((UChar32)c, UCHAR_NFC_QUICK_CHECK) == UNORM_YES &&
	       !acted_on(c) && !(c >= 0xD800 && c <= 0xDFFF);
}

static void inert_build(void)
{
	for (uint32_t c = 0; c < 0x10000; c++)
		if (inert_compute(c))
			inert_bmp[c >> 3] |= (uint8_t)(1u << (c & 7));
}

/* Returns true when the chunk s[0..n) is valid UTF-8 of inert code points only. */
static bool chunk_inert(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t c;
		size_t k;
		if ((p[i] & 0xF0) == 0xE0 && i + 2 < n && (p[i + 1] & 0xC0) == 0x80 &&
		    (p[i + 2] & 0xC0) == 0x80 && (p[i] & 0x0F) != 0 && p[i] != 0xED) {
			/* three bytes, not overlong, not a surrogate: the common case here */
			c = (p[i] & 0x0Fu) << 12 | (p[i + 1] & 0x3Fu) << 6 | (p[i + 2] & 0x3Fu);
			k = 3;
		} else {
			k = utf8_decode(s + i, n - i, &c);
		}
		if (k == 0)
			return false;
		if (c < 0x10000 ? !(inert_bmp[c >> 3] & (1u << (c & 7))) : !inert_compute(c))
			return false;
		i += k;
	}
	return true;
}

/* Text is normalized chunk by chunk, a chunk ending at ASCII white space: nothing the
 * normalization does reaches across it (no composition starts or ends at a space, no
 * Mongolian word or Menksoft run spans one). A chunk of inert code points is copied; the
 * others are normalized, through the thread's memo for short ones. */
static int normalize(const char *s, size_t n, enum norm_level level, struct strbuf *out)
{
	pthread_once(&inert_once, inert_build);
	struct tcache *c = tcache_thread();
	enum tcache_tag tag = level == NORM_CANONICAL ? TC_CANONICAL : TC_NORM;
	strbuf_grow(out, n);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && ucs_is_space((unsigned char)s[j]))
			j++;
		strbuf_append(out, s + i, j - i);
		i = j;
		bool high = false;
		j = ucs_chunk_end(s, n, i, &high);
		if (j == i)
			break;
		size_t vlen;
		const char *v;
		if (!high || chunk_inert(s + i, j - i)) {
			strbuf_append(out, s + i, j - i);
		} else if (c && (v = tcache_get(c, tag, s + i, j - i, &vlen))) {
			strbuf_append(out, v, vlen);
		} else {
			size_t at = out->len;
			normalize_chunk(s + i, j - i, level, out);
			if (c)
				tcache_put(c, tag, s + i, j - i, out->data + at, out->len - at);
		}
		i = j;
	}
	return OK;
}

int text_normalize(const char *s, size_t n, struct strbuf *out)
{
	return normalize(s, n, NORM_STORED, out);
}

int text_canonical(const char *s, size_t n, struct strbuf *out)
{
	return normalize(s, n, NORM_CANONICAL, out);
}
