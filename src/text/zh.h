/* zh.h: internals of the Chinese half of the text engine (zh.c), for the analyzer. */
#ifndef TALA_ZH_H
#define TALA_ZH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Returns true for Han ideographs (CJK unified, extensions, compatibility). */
bool zh_is_han(uint32_t cp);
/* Returns the simplified form of a traditional character (else cp itself). */
uint32_t zh_fold(uint32_t cp);
/* Returns the toneless lowercase pinyin of a Han character (static), or NULL. */
const char *zh_pinyin(uint32_t cp);
/* Returns the pinyin of cp[k] read in its context cp[0..n): inside a name of the region
 * tree, a character with a place-name reading (勒 le, 都 du...) takes it. */
const char *zh_pinyin_in(const uint32_t *cp, size_t n, size_t k);

/* Returns true when friso and its dictionary are loaded (text_zh_segment works). */
bool zh_segmenter_ready(void);

#endif
