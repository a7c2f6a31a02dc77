/* mong_tables.h: the shapes of the tables tools/text_gen.c generates from data/mongolian
 * (Menksoft glyphs, Hudum variants), shared by the generator and the text engine. The
 * tables themselves live in the generated mong_tables.c of the build directory. */
#ifndef TALA_MONG_TABLES_H
#define TALA_MONG_TABLES_H

#include <stdint.h>

#define MONG_UNITS_MAX 12 /* written units as a CamelCase string: "AOI", "Hx", "K2" */

/* Positions: the four cursive positions, then the kinds of non-letter glyphs. */
enum mpos { MPOS_ISOL, MPOS_INIT, MPOS_MEDI, MPOS_FINA, MPOS_NOMI, MPOS_MARK, MPOS_PART };

/* Sub-written-unit context of a Menksoft glyph (the tail of its name). */
#define MCTX_POST_BOWED 1u
#define MCTX_PRE_A      2u
#define MCTX_PRE_O      4u
#define MCTX_PRE_L      8u
#define MCTX_PRE_I      16u
#define MCTX_POST_NG    32u

/* One Menksoft code point. `canon` is the code whose glyph it duplicates (itself if none);
 * letter/pos/ctx/units describe that glyph. letter is 0 for ligatures ("ML"). */
struct menk_glyph {
	uint32_t code;
	uint32_t canon;
	uint32_t letter;
	uint8_t pos;
	uint8_t ctx;
	char units[MONG_UNITS_MAX];
};
extern const struct menk_glyph menk_glyphs[]; /* sorted by code */
extern const unsigned menk_glyph_count;

/* Shaping conditions of variants.json, in bit order (bit i = i-th name). */
#define MONG_COND_NAMES                                                                            \
	"chachlag", "marked", "chachlag_onset", "chachlag_onset_gb", "onset", "devsger",           \
	    "masculine_onset", "masculine_devsger", "feminine", "dotless", "particle",             \
	    "vowel_devsger", "post_bowed"
enum mong_cond {
	MC_CHACHLAG = 1u << 0,
	MC_MARKED = 1u << 1,
	MC_CHACHLAG_ONSET = 1u << 2,
	MC_CHACHLAG_ONSET_GB = 1u << 3,
	MC_ONSET = 1u << 4,
	MC_DEVSGER = 1u << 5,
	MC_MASC_ONSET = 1u << 6,
	MC_MASC_DEVSGER = 1u << 7,
	MC_FEMININE = 1u << 8,
	MC_DOTLESS = 1u << 9,
	MC_PARTICLE = 1u << 10,
	MC_VOWEL_DEVSGER = 1u << 11,
	MC_POST_BOWED = 1u << 12,
};

#define MVAR_DEFAULT       1u
#define MVAR_ARCHAIC       2u
#define MVAR_UNRECOMMENDED 4u

/* One Hudum variant: letter at a cursive position selected by FVS `fvs` (0: no FVS
 * selects it), its written units, and the conditions under which shaping picks it. */
struct mong_variant {
	uint32_t letter;
	uint8_t pos;
	uint8_t fvs;
	uint8_t flags;
	uint16_t conds;
	char units[MONG_UNITS_MAX];
};
extern const struct mong_variant mong_variants[]; /* sorted by letter, pos, fvs */
extern const unsigned mong_variant_count;

#endif
