/* zh.h: internals of the Chinese half of the text engine (zh.c), for the analyzer. */
#ifndef TALA_ZH_H
#define TALA_ZH_H

#include <stdbool.h>
#include <stdint.h>

/* Returns true for Han ideographs (CJK unified, extensions, compatibility). */
bool zh_is_han(uint32_t cp);
/* Returns the simplified form of a traditional character (else cp itself). */
uint32_t zh_fold(uint32_t cp);
/* Returns the toneless lowercase pinyin of a Han character (static), or NULL. */
const char *zh_pinyin(uint32_t cp);

/* Returns true when friso and its dictionary are loaded (text_zh_segment works). */
bool zh_segmenter_ready(void);

#endif
