/* text.h: the text engine's public API: Mongolian normalization (GB/T 25914-2023 /
 * UTN #57), Menksoft legacy decoding and encoding, shape keys, Latin transliteration,
 * Chinese segmentation and pinyin, the search analyzer and its SQLite FTS5 tokenizer.
 *
 * Conventions. Input is UTF-8 (s, n); NUL bytes are ordinary characters. Ill-formed
 * UTF-8 is never rejected: each bad byte becomes U+FFFD in the output. Outputs are
 * appended to a caller-owned strbuf. Everything is thread-safe; tables and dictionaries
 * are read-only after a one-time lazy initialisation. */
#ifndef TALA_TEXT_H
#define TALA_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/strbuf.h"

struct sqlite3;

/* Mongolian ------------------------------------------------------------------------ */

/* Appends what Tala stores for s: Menksoft decoded, NFC, BOM and word joiners between
 * words removed, and in Mongolian words the controls no font acts on (an FVS that does
 * not follow a letter, a joiner at a word's edge); FVS after letters and NNBSP stay as
 * typed, because the font Tala serves shapes them by an older model (docs/text.md). Keeps
 * the shape key of every word; idempotent. Returns OK. */
int text_normalize(const char *s, size_t n, struct strbuf *out);

/* Appends the canonical form of s in the GB/T 25914-2023 / UTN #57 model: text_normalize,
 * then NNBSP between letters becomes MVS and every FVS, ZWJ or ZWNJ that selects the form
 * shaping gives anyway is removed. For exchange with software of the 2023 model; keeps
 * shape keys; idempotent. Returns OK. */
int text_canonical(const char *s, size_t n, struct strbuf *out);

/* Appends s with every Menksoft word (private-use glyph codes U+E234..U+E4AB,
 * U+F0000..U+F0012) converted to standard Unicode Mongolian; the rest passes through.
 * Returns OK. */
int text_menksoft_decode(const char *s, size_t n, struct strbuf *out);

/* Appends s with every Unicode Mongolian word converted to the Menksoft glyph codes it
 * displays as (for legacy layout software); the rest passes through. Returns OK. */
int text_menksoft_encode(const char *s, size_t n, struct strbuf *out);

/* Appends the shape key of each Mongolian word of s (its written units, e.g. "AOHAA"),
 * separated by single spaces; non-Mongolian text is skipped. Menksoft is decoded first.
 * Words that display the same get the same key. Returns OK. */
int text_shape_key(const char *s, size_t n, struct strbuf *out);

/* Appends s with Mongolian letters transliterated to Latin (docs/text.md: the UTN #57
 * transcription, ASCII form), the rest unchanged. Returns OK. */
int text_latin(const char *s, size_t n, struct strbuf *out);

/* Appends the Mongolian letters a Latin transliteration stands for (the inverse of
 * text_latin for lowercase ASCII words); other characters pass through. Returns OK. */
int text_from_latin(const char *s, size_t n, struct strbuf *out);

/* Chinese --------------------------------------------------------------------------- */

/* Calls fn for each word of the Chinese text s (friso, with the region names in its
 * lexicon). Returns OK, or ERR when the dictionary cannot be loaded. */
int text_zh_segment(const char *s, size_t n, int (*fn)(void *ctx, const char *w, size_t len),
                    void *ctx);

/* Appends the toneless pinyin of the Han characters of s, one syllable per character,
 * separated by spaces when `spaced`, else run together ("kepu"); other characters pass
 * through. Traditional characters are read as their simplified form. Returns OK. */
int text_pinyin(const char *s, size_t n, bool spaced, struct strbuf *out);

/* Comparison ------------------------------------------------------------------------ */

/* Appends the comparison form of a short text (a fill-in answer): Mongolian words (Unicode
 * or Menksoft) become their shape keys, so spellings that display the same compare equal;
 * other text is NFKC case-folded (full/half width, case, digits of any script) with
 * traditional Han as simplified; runs of white space become one space, none at the ends.
 * Returns OK. */
int text_fold(const char *s, size_t n, struct strbuf *out);

/* The analyzer --------------------------------------------------------------------- */

enum text_mode {
	TEXT_INDEX, /* a document: canonical tokens plus their searchable forms */
	TEXT_QUERY, /* a query: each token with its alternatives as colocated synonyms */
	TEXT_AUX,   /* a document for FTS5's highlight()/snippet(): TEXT_INDEX's positions and
	               spans; a Han run's colocated words and pinyin are left out (not read) */
};

struct text_token {
	const char *text; /* not NUL-terminated; valid during the callback only */
	size_t len;
	size_t start, end; /* byte span in the analyzed input */
	bool colocated;    /* same position as the previous token (a synonym) */
};

/* Calls fn for each search token of s: Mongolian words give their shape key (and their
 * Latin transliteration), Chinese gives segmented words plus character bigrams (and
 * pinyin), Latin and digits give case-folded words (and, for Latin words, the shape key
 * of the Mongolian word they transliterate). Stops and returns fn's value when it is not
 * OK; else returns OK. */
int text_analyze(const char *s, size_t n, enum text_mode mode,
                 int (*fn)(void *ctx, const struct text_token *t), void *ctx);

/* Turns the per-thread memo of word results on (the default) or off for every thread;
 * for benchmarks and tests, which measure and check the uncached paths with it. */
void text_cache_enable(bool on);

/* Registers the FTS5 tokenizer "tala" (the analyzer) on db. Returns OK or ERR. */
int text_fts5_register(struct sqlite3 *db);

#endif
