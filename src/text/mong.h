/* mong.h: internals of the Mongolian half of the text engine, shared by its files and
 * not by the rest of Tala: character classes, the shaper (letters -> written units by the
 * GB/T 25914-2023 / UTN #57 Hudum rules) and lookups into the generated tables. */
#ifndef TALA_MONG_H
#define TALA_MONG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "text/mong_tables.h"

#define CP_NIRUGU 0x180Au
#define CP_FVS1   0x180Bu
#define CP_FVS2   0x180Cu
#define CP_FVS3   0x180Du
#define CP_MVS    0x180Eu
#define CP_FVS4   0x180Fu
#define CP_ZWNJ   0x200Cu
#define CP_ZWJ    0x200Du
#define CP_NNBSP  0x202Fu

/* Words longer than this (in code points) are shaped without the decoder's FVS search. */
#define MONG_FVS_SEARCH_MAX 64

enum mkind { MK_OTHER, MK_LETTER, MK_FVS, MK_MVS, MK_NNBSP, MK_ZWJ, MK_ZWNJ, MK_NIRUGU };

/* One code point of a shaped run. For letters: the FVS that follows (1..4, 0 none), the
 * cursive position and the variant shaping chose (NULL when the tables know none). */
struct mong_item {
	uint32_t cp;
	uint8_t kind;
	uint8_t fvs;
	uint8_t pos;
	bool gap_wide; /* MVS rendered as a full space (chachlag a/e taking an FVS) */
	bool fvs_any;  /* an FVS follows, whether or not it selects a form (fvs then 0) */
	const struct mong_variant *var;
};

/* Returns the FVS number (1..4) of cp, or 0. */
int mong_fvs_number(uint32_t cp);
/* Returns true for code points the shaper handles: letters, FVS, MVS, NNBSP, ZWJ, ZWNJ,
 * nirugu. A Mongolian word is a maximal run of these. */
bool mong_is_word_char(uint32_t cp);
bool mong_is_letter(uint32_t cp);
/* Returns true when cp is a Hudum vowel letter. */
bool mong_is_vowel(uint32_t cp);

/* Shapes it[0..n) in place (cp must be set): kind, fvs, pos and var of every item. */
void mong_shape(struct mong_item *it, size_t n);

/* Lookups into the generated tables; NULL when absent. */
const struct mong_variant *mong_variant_find(uint32_t letter, int pos, int fvs);
const struct menk_glyph *menk_glyph_find(uint32_t code);
/* Returns the glyph of `letter` at `pos` with written units `units` that best fits the
 * sub-written-unit context `ctx`, or NULL when Menksoft has none. */
const struct menk_glyph *menk_glyph_choose(uint32_t letter, int pos, const char *units,
                                           unsigned ctx);
/* Returns true when the written unit sequence ends with a bowed unit (B, P, F, K, G...). */
bool mong_units_end_bowed(const char *units);

/* Appends the shape keys of the Mongolian run cp[0..n) (mong_is_word_char code points),
 * one per word, each preceded by a space when out is not empty. */
struct strbuf;
void mong_key_run(const uint32_t *cp, size_t n, struct strbuf *out);
/* Same, calling fn for each key instead. Returns the first non-OK value of fn, or OK. */
int mong_key_each(const uint32_t *cp, size_t n, int (*fn)(void *ctx, const char *key, size_t len),
                  void *ctx);
/* Appends the Latin transliteration of Mongolian code point cp; returns false if none. */
bool mong_latin_put(uint32_t cp, uint32_t next, struct strbuf *out);
/* Returns true when cp is in the Menksoft code ranges. */
bool menk_is_code(uint32_t cp);
/* Returns true when cp is a Menksoft code the tables know (menk_glyph_find finds it). */
bool menk_is_known(uint32_t cp);
/* Returns false when the UTF-8 s[0..n) certainly holds no Menksoft code (a byte scan). */
bool menk_may_contain(const char *s, size_t n);

#endif
