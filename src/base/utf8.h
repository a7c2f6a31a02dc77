/* utf8.h: UTF-8 validation, decoding and encoding (RFC 3629: no surrogates, no overlongs,
 * nothing above U+10FFFF). */
#ifndef TALA_UTF8_H
#define TALA_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT 0xFFFDu

/* Returns true when s[0..n) is well-formed UTF-8. NUL bytes are well-formed. */
bool utf8_valid(const char *s, size_t n);
/* Decodes one code point at s[0..n) into *cp; returns its length in bytes (1..4), or 0 when
 * the bytes there are not well-formed (then *cp is U+FFFD and the caller skips one byte). */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Writes the UTF-8 form of cp (≤ U+10FFFF, not a surrogate) into out; returns its length. */
size_t utf8_encode(uint32_t cp, char out[4]);
/* Returns the number of code points in s[0..n), counting each ill-formed byte as one. */
size_t utf8_length(const char *s, size_t n);

#endif
