/* ucs.h: code point buffers for the text engine: UTF-8 in, arrays of code points to work
 * on, UTF-8 out. Invalid UTF-8 bytes become U+FFFD (one per bad byte) here, in one place,
 * so every text function treats bad input the same way. */
#ifndef TALA_UCS_H
#define TALA_UCS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/strbuf.h"

struct ucs {
	uint32_t *cp;
	size_t len, cap;
};

void ucs_init(struct ucs *u);
void ucs_free(struct ucs *u);
void ucs_push(struct ucs *u, uint32_t cp);
/* Appends the code points of s[0..n); ill-formed bytes become U+FFFD. */
void ucs_from_utf8(struct ucs *u, const char *s, size_t n);
/* Appends cp[0..n) as UTF-8 to out. */
void ucs_to_utf8(const uint32_t *cp, size_t n, struct strbuf *out);
void ucs_put(struct strbuf *out, uint32_t cp);
/* Appends the code points of the UTF-16 s[0..n) (ICU's strings). */
void ucs_from_utf16(struct ucs *u, const uint16_t *s, int32_t n);

/* Appends the NFKC case fold of the UTF-8 s[0..n) (digits of any script as ASCII digits;
 * ill-formed bytes as U+FFFD). */
void ucs_casefold(const char *s, size_t n, struct strbuf *out);

/* Returns true for ASCII white space (space, tab, newline, CR, FF, VT). */
static inline bool ucs_is_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}
/* Returns where the chunk of s[0..n) starting at i ends: at the next ASCII white space, or
 * n. Sets *high when the chunk has a byte over 0x7F (is not plain ASCII). */
size_t ucs_chunk_end(const char *s, size_t n, size_t i, bool *high);

#endif
