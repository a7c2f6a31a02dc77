/* mong_latin.c: Latin transliteration of Mongolian: the UTN #57 transcription without
 * diacritics (a e i o u oe ue ee n ng b p h g m l s sh t d ch j y r w f k2 k c z hh rh lh
 * zr cr), with "'" between two letters that would otherwise read as one ("n'g"), "-" for
 * MVS/NNBSP and "~" for nirugu. FVS and joiners are dropped (the one lossy step), and the
 * inverse reads it back greedily, so text_from_latin(text_latin(x)) keeps the letters. */
#include <pthread.h>
#include <string.h>

#include "base/common.h"
#include "text/mong.h"
#include "text/text.h"
#include "text/ucs.h"

static const char *const latin_of[] = {
    /* U+1820 */ "a",
    "e",
    "i",
    "o",
    "u",
    "oe",
    "ue",
    "ee",
    "n",
    "ng",
    "b",
    "p",
    "h",
    "g",
    "m",
    "l",
    "s",
    "sh",
    "t",
    "d",
    "ch",
    "j",
    "y",
    "r",
    "w",
    "f",
    "k2",
    "k",
    "c",
    "z",
    "hh",
    "rh",
    "lh",
    "zr",
    "cr", /* U+1842 */
};

static const char *latin_name(uint32_t cp)
{
	if (cp >= 0x1820 && cp <= 0x1842)
		return latin_of[cp - 0x1820];
	return NULL;
}

/* Returns true when the names a then b would read back as something else. */
static bool needs_apostrophe(const char *a, const char *b)
{
	char buf[8];
	size_t la = strlen(a);
	if (la + strlen(b) >= sizeof buf)
		return false;
	memcpy(buf, a, la);
	strcpy(buf + la, b);
	/* the greedy reader takes the longest name at the start of buf */
	for (unsigned c = 0x1820; c <= 0x1842; c++) {
		const char *nm = latin_of[c - 0x1820];
		size_t ln = strlen(nm);
		if (ln > la && strncmp(buf, nm, ln) == 0)
			return true;
	}
	return false;
}

#define NLATIN (sizeof latin_of / sizeof latin_of[0])

/* needs_apostrophe of every pair of letters, computed once. */
static bool apostrophe[NLATIN][NLATIN];
static pthread_once_t apostrophe_once = PTHREAD_ONCE_INIT;

static void apostrophe_build(void)
{
	for (size_t a = 0; a < NLATIN; a++)
		for (size_t b = 0; b < NLATIN; b++)
			apostrophe[a][b] = needs_apostrophe(latin_of[a], latin_of[b]);
}

bool mong_latin_put(uint32_t cp, uint32_t next, struct strbuf *out)
{
	const char *nm = latin_name(cp);
	if (nm) {
		strbuf_puts(out, nm);
		pthread_once(&apostrophe_once, apostrophe_build);
		if (latin_name(next) && apostrophe[cp - 0x1820][next - 0x1820])
			strbuf_putc(out, '\'');
		return true;
	}
	if (cp == CP_MVS || cp == CP_NNBSP) {
		strbuf_putc(out, '-');
		return true;
	}
	if (cp == CP_NIRUGU) {
		strbuf_putc(out, '~');
		return true;
	}
	if (mong_fvs_number(cp) || cp == CP_ZWJ || cp == CP_ZWNJ)
		return true;
	return false;
}

int text_latin(const char *s, size_t n, struct strbuf *out)
{
	struct ucs u;
	ucs_init(&u);
	ucs_from_utf8(&u, s, n);
	for (size_t i = 0; i < u.len; i++) {
		uint32_t next = 0;
		for (size_t j = i + 1; j < u.len; j++) /* the next letter, FVS skipped */
			if (!mong_fvs_number(u.cp[j])) {
				next = u.cp[j];
				break;
			}
		if (!mong_latin_put(u.cp[i], next, out))
			ucs_put(out, u.cp[i]);
	}
	ucs_free(&u);
	return OK;
}

/* Extra spellings accepted from Latin keyboards (common romanizations). */
static const struct {
	const char *latin;
	uint32_t cp;
} latin_alias[] = {{"q", 0x182C}, {"v", 0x1838}, {"x", 0x1831}, {"kh", 0x182C}};

int text_from_latin(const char *s, size_t n, struct strbuf *out)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\'') {
			i++;
			continue;
		}
		if (c == '-') {
			ucs_put(out, CP_MVS);
			i++;
			continue;
		}
		if (c == '~') {
			ucs_put(out, CP_NIRUGU);
			i++;
			continue;
		}
		uint32_t best = 0;
		size_t best_len = 0;
		for (unsigned k = 0x1820; k <= 0x1842; k++) {
			const char *nm = latin_of[k - 0x1820];
			size_t ln = strlen(nm);
			if (ln > best_len && ln <= n - i && strncmp(s + i, nm, ln) == 0) {
				best = k;
				best_len = ln;
			}
		}
		for (size_t k = 0; k < sizeof latin_alias / sizeof latin_alias[0]; k++) {
			size_t ln = strlen(latin_alias[k].latin);
			if (ln > best_len && ln <= n - i &&
			    strncmp(s + i, latin_alias[k].latin, ln) == 0) {
				best = latin_alias[k].cp;
				best_len = ln;
			}
		}
		if (best) {
			ucs_put(out, best);
			i += best_len;
			continue;
		}
		/* anything else passes through, one UTF-8 sequence at a time */
		size_t k = 1;
		while (i + k < n && ((unsigned char)s[i + k] & 0xC0) == 0x80)
			k++;
		strbuf_append(out, s + i, k);
		i += k;
	}
	return OK;
}
