/* ucs.c: code point buffers (see ucs.h): growable uint32 arrays and their UTF-8 I/O. */
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "base/utf8.h"
#include "text/ucs.h"

void ucs_init(struct ucs *u)
{
	u->cp = NULL;
	u->len = u->cap = 0;
}

void ucs_free(struct ucs *u)
{
	free(u->cp);
	ucs_init(u);
}

void ucs_push(struct ucs *u, uint32_t cp)
{
	if (u->len == u->cap) {
		size_t cap = u->cap ? u->cap * 2 : 64;
		uint32_t *p = realloc(u->cp, cap * sizeof *p);
		if (!p)
			abort();
		u->cp = p;
		u->cap = cap;
	}
	u->cp[u->len++] = cp;
}

void ucs_from_utf8(struct ucs *u, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			ucs_push(u, c);
			i++;
			continue;
		}
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		ucs_push(u, k ? cp : UTF8_REPLACEMENT);
		i += k ? k : 1;
	}
}

void ucs_put(struct strbuf *out, uint32_t cp)
{
	char b[4];
	if (cp < 0x80) {
		strbuf_putc(out, (char)cp);
		return;
	}
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = UTF8_REPLACEMENT;
	strbuf_append(out, b, utf8_encode(cp, b));
}

void ucs_to_utf8(const uint32_t *cp, size_t n, struct strbuf *out)
{
	for (size_t i = 0; i < n; i++)
		ucs_put(out, cp[i]);
}

void ucs_from_utf16(struct ucs *u, const uint16_t *s, int32_t n)
{
	for (int32_t i = 0; i < n;) {
		UChar32 c;
		U16_NEXT(s, i, n, c);
		ucs_push(u, (uint32_t)c);
	}
}

size_t ucs_chunk_end(const char *s, size_t n, size_t i, bool *high)
{
	const uint64_t ones = 0x0101010101010101ull, tops = 0x8080808080808080ull;
	uint64_t any = 0;
#if defined(__SSE2__)
	/* sixteen bytes at a time: the bytes up to 0x20 and the bytes over 0x7F, as masks */
	const __m128i sp = _mm_set1_epi8(0x20);
	unsigned hi = 0;
	while (i + 16 <= n) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		unsigned low = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(v, sp), v));
		unsigned top = (unsigned)_mm_movemask_epi8(v);
		if (low) {
			unsigned b = (unsigned)__builtin_ctz(low);
			if (!ucs_is_space((unsigned char)s[i + b]))
				break; /* a control character: byte by byte */
			*high = (hi | (top & ((1u << b) - 1))) != 0;
			return i + b;
		}
		hi |= top;
		i += 16;
	}
	any = hi ? tops : 0;
#endif
	while (i + 8 <= n) { /* eight bytes at a time: white space is below 0x21 */
		uint64_t v;
		memcpy(&v, s + i, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		v = __builtin_bswap64(v);
#endif
		uint64_t m = (v - 0x21 * ones) & ~v & tops; /* lowest flag: first byte below 0x21 */
		if (m) {
			unsigned b = (unsigned)__builtin_ctzll(m) >> 3;
			if (!ucs_is_space((unsigned char)s[i + b]))
				break; /* a control character: byte by byte */
			any |= b ? v & (~0ull >> (64 - 8 * b)) : 0;
			*high = (any & tops) != 0;
			return i + b;
		}
		any |= v;
		i += 8;
	}
	*high = (any & tops) != 0;
	while (i < n && !ucs_is_space((unsigned char)s[i]))
		*high |= (unsigned char)s[i++] >= 0x80;
	return i;
}

void ucs_casefold(const char *s, size_t n, struct strbuf *out)
{
	bool ascii = true;
	for (size_t i = 0; i < n && ascii; i++)
		ascii = (unsigned char)s[i] < 0x80;
	if (ascii) {
		strbuf_grow(out, n);
		for (size_t i = 0; i < n; i++)
			out->data[out->len + i] =
			    (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
		out->len += n;
		out->data[out->len] = '\0';
		return;
	}
	UErrorCode err = U_ZERO_ERROR;
	const UNormalizer2 *cf = unorm2_getNFKCCasefoldInstance(&err);
	UChar *src = malloc((2 * n + 1) * sizeof *src);
	UChar *dst = malloc((8 * n + 16) * sizeof *dst);
	if (!src || !dst)
		abort();
	int32_t ns = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		i += k ? k : 1;
		UChar32 c = k ? (UChar32)cp : (UChar32)UTF8_REPLACEMENT;
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
	for (int32_t i = 0; i < nd;) {
		UChar32 c;
		U16_NEXT(dst, i, nd, c);
		ucs_put(out, (uint32_t)c);
	}
	free(src);
	free(dst);
}
