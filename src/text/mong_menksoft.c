/* mong_menksoft.c: Menksoft legacy encoding <-> Unicode Mongolian. Encoding shapes each
 * Unicode word (mong_shape.c) and picks the Menksoft glyph code of every written form;
 * decoding maps each glyph code back to its letter and adds the FVS that makes standard
 * shaping give the same written units. Non-Mongolian text passes through both ways. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "text/mong.h"
#include "text/text.h"
#include "text/ucs.h"

#define MENK_SUFFIX_GAP 0xE263u /* narrow suffix space of Menksoft text (not in the yaml) */
#define MENK_NARROW_GAP 0xE4ABu
#define MENK_WIDE_GAP   0xE357u
#define MENK_NNBSP      0xE358u
#define MENK_NIRUGU     0xE23Eu

bool menk_is_code(uint32_t cp)
{
	return (cp >= 0xE234 && cp <= 0xE4AB) || (cp >= 0xF0000 && cp <= 0xF0012);
}

/* Which Menksoft codes the tables know, one bit each (U+E234..U+E4AB, then U+F0000..). */
#define MENK_BMP_COUNT (0xE4ABu - 0xE234u + 1)
static uint8_t menk_known[(MENK_BMP_COUNT + 0x13 + 7) / 8];
static pthread_once_t menk_known_once = PTHREAD_ONCE_INIT;

static void menk_known_build(void)
{
	for (unsigned i = 0; i < menk_glyph_count; i++) {
		uint32_t c = menk_glyphs[i].code, b;
		if (c >= 0xE234 && c <= 0xE4AB)
			b = c - 0xE234;
		else if (c >= 0xF0000 && c <= 0xF0012)
			b = MENK_BMP_COUNT + (c - 0xF0000);
		else
			continue;
		menk_known[b >> 3] |= (uint8_t)(1u << (b & 7));
	}
}

bool menk_is_known(uint32_t cp)
{
	uint32_t b;
	if (cp >= 0xE234 && cp <= 0xE4AB)
		b = cp - 0xE234;
	else if (cp >= 0xF0000 && cp <= 0xF0012)
		b = MENK_BMP_COUNT + (cp - 0xF0000);
	else
		return false;
	pthread_once(&menk_known_once, menk_known_build);
	return menk_known[b >> 3] & (1u << (b & 7));
}

bool menk_may_contain(const char *s, size_t n)
{
	/* U+E234..U+E4AB start with byte EE, U+F0000..U+F0012 with F3 */
	return memchr(s, 0xEE, n) || memchr(s, 0xF3, n);
}

/* ---- Unicode -> Menksoft ------------------------------------------------------------ */

static const char *item_units(const struct mong_item *x)
{
	return x->var ? x->var->units : "";
}

/* The sub-written-unit context letter i is in: after a bowed unit, before O or A... */
static unsigned glyph_ctx(const struct mong_item *it, size_t n, size_t i)
{
	unsigned ctx = 0;
	long p = -1, q = -1;
	if (i > 0) {
		long j = (long)i - 1;
		while (j >= 0 && it[j].kind == MK_FVS)
			j--;
		if (j >= 0 && it[j].kind == MK_LETTER)
			p = j;
	}
	size_t k = i + 1;
	while (k < n && it[k].kind == MK_FVS)
		k++;
	if (k < n && it[k].kind == MK_LETTER)
		q = (long)k;
	const char *u = item_units(&it[i]);
	if (p >= 0 && mong_units_end_bowed(item_units(&it[p])))
		ctx |= MCTX_POST_BOWED;
	if (p >= 0 && strcmp(item_units(&it[p]), "AG") == 0)
		ctx |= MCTX_POST_NG;
	if (q >= 0) {
		const char *v = item_units(&it[q]);
		if (mong_units_end_bowed(u) || strchr("MZ", u[0])) {
			if (v[0] == 'O' || v[0] == 'U')
				ctx |= MCTX_PRE_O;
			else if (v[0] == 'A' || v[0] == 'I')
				ctx |= MCTX_PRE_A;
		}
		if (v[0] == 'L')
			ctx |= MCTX_PRE_L;
		if (v[0] == 'I')
			ctx |= MCTX_PRE_I;
	}
	return ctx;
}

/* FVS are realised by the glyph they select; one that selects nothing stays visible (as
 * the standard's test data shows it). Marks have glyphs of their own. */
static void encode_fvs_or_mark(const struct mong_item *it, size_t i, struct strbuf *out)
{
	static const uint32_t fvs_glyph[] = {0, 0xE354, 0xE355, 0xE356, 0xE4AA};
	static const struct {
		uint32_t cp, code;
	} marks[] = {{0x1885, 0xE409}, {0x1886, 0xE40A}, {0x18A9, 0xE464}};
	const struct mong_item *x = &it[i];
	int f = mong_fvs_number(x->cp);
	if (f) {
		const struct mong_item *l =
		    i > 0 && it[i - 1].kind == MK_LETTER ? &it[i - 1] : NULL;
		if (!l || !mong_variant_find(l->cp, l->pos, f))
			ucs_put(out, fvs_glyph[f]);
		return;
	}
	for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++)
		if (marks[k].cp == x->cp)
			ucs_put(out, marks[k].code);
}

/* Returns true when the glyph of the Ali Gali letter x already draws the joining stem a
 * nirugu after it would add (EAC: the consonants TSA..PHA and the Todo consonants Ali
 * Gali borrows (JA, GAA, NIA, DZA...) always, I and NGA when initial; A and KA never). */
static bool nirugu_drawn_by(const struct mong_item *x)
{
	if (!x || x->kind != MK_LETTER)
		return false;
	if ((x->cp >= 0x188B && x->cp <= 0x18A8) || (x->cp >= 0x184B && x->cp <= 0x185C))
		return true;
	return (x->cp == 0x1888 || x->cp == 0x188A) && x->pos == MPOS_INIT;
}

/* Returns the Menksoft standalone glyph (".part": N, M, L, Sh...) that draws an isolated
 * letter followed by an FVS3 that selects none of its forms, as the standard's test data
 * draws them (those without such a glyph keep the visible FVS), or NULL. */
static const struct menk_glyph *part_glyph(const struct mong_item *it, size_t n, size_t i)
{
	const struct mong_item *x = &it[i];
	if (x->pos != MPOS_ISOL || i + 1 >= n || it[i + 1].kind != MK_FVS ||
	    mong_fvs_number(it[i + 1].cp) != 3 || mong_variant_find(x->cp, x->pos, 3))
		return NULL;
	for (unsigned k = 0; k < menk_glyph_count; k++)
		if (menk_glyphs[k].letter == x->cp && menk_glyphs[k].pos == MPOS_PART &&
		    menk_glyphs[k].canon == menk_glyphs[k].code)
			return &menk_glyphs[k];
	return NULL;
}

static void encode_run(struct mong_item *it, size_t n, struct strbuf *out)
{
	mong_shape(it, n);
	for (size_t i = 0; i < n; i++) {
		const struct mong_item *x = &it[i];
		switch (x->kind) {
		case MK_LETTER: {
			const struct menk_glyph *g = part_glyph(it, n, i);
			if (g) {
				ucs_put(out, g->code);
				i++; /* the FVS3 is drawn by the glyph */
				break;
			}
			g = x->var ? menk_glyph_choose(x->cp, x->pos, x->var->units,
			                               glyph_ctx(it, n, i))
			           : NULL;
			ucs_put(out, g ? g->code : x->cp);
			break;
		}
		case MK_MVS: /* and NNBSP: narrow before chachlag, a space before letters */
			if (!x->gap_wide)
				ucs_put(out, MENK_NARROW_GAP);
			else if (i + 1 < n && it[i + 1].kind == MK_LETTER)
				ucs_put(out, 0x20);
			else
				ucs_put(out, x->cp == CP_NNBSP ? MENK_NNBSP : MENK_WIDE_GAP);
			break;
		case MK_ZWJ: /* between letters it only joins; at a word's edge EAC draws a space */
			if (i == 0 || i + 1 == n || it[i - 1].kind != MK_LETTER ||
			    it[i + 1].kind != MK_LETTER)
				ucs_put(out, 0x20);
			break;
		case MK_NIRUGU:
			if (!nirugu_drawn_by(i > 0 ? &it[i - 1] : NULL))
				ucs_put(out, MENK_NIRUGU);
			break;
		case MK_FVS:
			encode_fvs_or_mark(it, i, out);
			break;
		default: /* ZWNJ: only steers joining */
			break;
		}
	}
}

/* Menksoft code of a non-letter Mongolian character (punctuation), or 0. */
static uint32_t menk_of_sign(uint32_t cp)
{
	for (unsigned i = 0; i < menk_glyph_count; i++)
		if (menk_glyphs[i].letter == cp && menk_glyphs[i].pos == MPOS_NOMI &&
		    menk_glyphs[i].canon == menk_glyphs[i].code)
			return menk_glyphs[i].code;
	return 0;
}

int text_menksoft_encode(const char *s, size_t n, struct strbuf *out)
{
	struct ucs u;
	ucs_init(&u);
	ucs_from_utf8(&u, s, n);
	struct mong_item *it = NULL;
	size_t cap = 0;
	for (size_t i = 0; i < u.len;) {
		if (!mong_is_word_char(u.cp[i])) {
			uint32_t m = (u.cp[i] >= 0x1800 && u.cp[i] < 0x1810) ||
			                     (u.cp[i] >= 0x11660 && u.cp[i] <= 0x1166C)
			                 ? menk_of_sign(u.cp[i])
			                 : 0;
			ucs_put(out, m ? m : u.cp[i]);
			i++;
			continue;
		}
		size_t j = i;
		while (j < u.len && mong_is_word_char(u.cp[j]))
			j++;
		if (j - i > cap) {
			cap = j - i;
			it = realloc(it, cap * sizeof *it);
			if (!it)
				abort();
		}
		for (size_t k = i; k < j; k++)
			it[k - i].cp = u.cp[k];
		encode_run(it, j - i, out);
		i = j;
	}
	free(it);
	ucs_free(&u);
	return OK;
}

/* ---- Menksoft -> Unicode ------------------------------------------------------------ */

/* Older conventions (suragch/mongol_code, the conversion tests) for a few codes. */
static const struct {
	uint32_t code;
	uint32_t cp[2];
} decode_extra[] = {
    {MENK_SUFFIX_GAP, {CP_MVS, 0}}, {0xE23F, {0x1800, CP_FVS1}}, {0xE240, {0x1800, CP_FVS2}},
    {0xE241, {0x1800, CP_FVS3}},    {0xE242, {0x1800, CP_FVS4}},
};

/* Code points a non-letter glyph stands for; returns how many (0: unknown). */
static int decode_sign(uint32_t code, const struct menk_glyph *g, uint32_t cp[2])
{
	for (size_t i = 0; i < sizeof decode_extra / sizeof decode_extra[0]; i++)
		if (decode_extra[i].code == code) {
			cp[0] = decode_extra[i].cp[0];
			cp[1] = decode_extra[i].cp[1];
			return cp[1] ? 2 : 1;
		}
	if (!g)
		return 0;
	static const struct {
		const char *units;
		uint32_t cp;
	} nominal[] = {
	    {"Fvs1", CP_FVS1},   {"Fvs2", CP_FVS2}, {"Fvs3", CP_FVS3},  {"Fvs4", CP_FVS4},
	    {"Mvs", CP_MVS},     {"Wide", CP_MVS},  {"Narrow", CP_MVS}, {"Narrowspace", CP_MVS},
	    {"Nnbsp", CP_NNBSP}, {"Zwj", CP_ZWJ},   {"Zwnj", CP_ZWNJ},  {"Nirugu", CP_NIRUGU},
	    {"Widespace", 0x20},
	};
	for (size_t i = 0; i < sizeof nominal / sizeof nominal[0]; i++)
		if (strcmp(g->units, nominal[i].units) == 0) {
			cp[0] = nominal[i].cp;
			return 1;
		}
	if (g->letter) {
		cp[0] = g->letter;
		return 1;
	}
	return 0;
}

/* One decoded letter: the letter, the written units and position its glyph shows. */
struct dletter {
	uint32_t cp;
	const struct menk_glyph *g;
};

/* Builds items from the decoded run with the chosen FVS and shapes them; at[i] is the
 * item of letter i. */
static void build_items(const struct dletter *d, const uint8_t *fvs, size_t n, struct mong_item *it,
                        size_t *at)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		at[i] = k;
		it[k++].cp = d[i].cp;
		if (fvs[i])
			it[k++].cp = CP_FVS1 + fvs[i] - 1 + (fvs[i] == 4 ? 1 : 0);
	}
	mong_shape(it, k);
}

/* Returns true when the shaped item x shows the written units of glyph g. */
static bool shows_glyph(const struct mong_item *x, const struct menk_glyph *g)
{
	return x->var && strcmp(x->var->units, g->units) == 0;
}

/* Chooses FVS so that shaping the letters gives the glyphs' written units, then emits.
 * Letter by letter, in two passes: a letter whose glyph the shaping does not show tries
 * FVS1..4. The run is reshaped only when an FVS changed since the last shaping. */
static void decode_run(const struct dletter *d, size_t n, struct strbuf *out)
{
	uint8_t fvs[MONG_FVS_SEARCH_MAX] = {0};
	if (n == 0)
		return;
	if (n <= MONG_FVS_SEARCH_MAX) {
		struct mong_item it[2 * MONG_FVS_SEARCH_MAX];
		size_t at[MONG_FVS_SEARCH_MAX];
		bool dirty = true, changed = true;
		for (int pass = 0; pass < 2 && changed; pass++) {
			changed = false;
			for (size_t i = 0; i < n; i++) {
				if (!d[i].g || d[i].g->pos > MPOS_FINA)
					continue;
				if (dirty)
					build_items(d, fvs, n, it, at);
				dirty = false;
				if (shows_glyph(&it[at[i]], d[i].g))
					continue;
				uint8_t keep = fvs[i], f;
				for (f = 1; f <= 4; f++) {
					fvs[i] = f;
					build_items(d, fvs, n, it, at);
					if (shows_glyph(&it[at[i]], d[i].g))
						break;
				}
				if (f > 4) {
					fvs[i] = keep;
					dirty = true;
				} else {
					changed |= f != keep;
				}
			}
		}
	}
	for (size_t i = 0; i < n; i++) {
		ucs_put(out, d[i].cp);
		if (n <= MONG_FVS_SEARCH_MAX && fvs[i])
			ucs_put(out, fvs[i] == 4 ? CP_FVS4 : CP_FVS1 + fvs[i] - 1);
	}
}

int text_menksoft_decode(const char *s, size_t n, struct strbuf *out)
{
	struct ucs u;
	ucs_init(&u);
	ucs_from_utf8(&u, s, n);
	struct dletter *d = malloc((2 * u.len + 1) * sizeof *d);
	if (!d)
		abort();
	size_t nd = 0;
	for (size_t i = 0; i <= u.len; i++) {
		uint32_t c = i < u.len ? u.cp[i] : 0;
		const struct menk_glyph *g =
		    i < u.len && menk_is_code(c) ? menk_glyph_find(c) : NULL;
		if (g && g->pos <= MPOS_FINA && g->letter >= 0x1820 && g->letter <= 0x18AA) {
			/* a form that starts a word right after one that ends a word: the
			 * legacy text had a gap the font drew into the glyph (chachlag) */
			if (nd > 0 && d[nd - 1].g && (g->pos == MPOS_ISOL || g->pos == MPOS_INIT) &&
			    (d[nd - 1].g->pos == MPOS_FINA || d[nd - 1].g->pos == MPOS_ISOL)) {
				d[nd].cp = CP_MVS;
				d[nd++].g = NULL;
			}
			d[nd].cp = g->letter;
			d[nd++].g = g;
			continue;
		}
		if (g && g->letter == 0 && g->pos <= MPOS_FINA) { /* ligature: "ML" */
			for (const char *p = g->units; *p; p++) {
				d[nd].cp = *p == 'M' ? 0x182E : 0x182F;
				d[nd++].g = NULL;
			}
			continue;
		}
		uint32_t cp[2];
		int k = i < u.len && menk_is_code(c) ? decode_sign(c, g, cp) : 0;
		if (k == 1 && (cp[0] == CP_MVS || cp[0] == CP_NNBSP || cp[0] == CP_ZWJ ||
		               cp[0] == CP_ZWNJ || cp[0] == CP_NIRUGU || mong_fvs_number(cp[0]))) {
			d[nd].cp = cp[0]; /* format controls stay inside the word */
			d[nd++].g = NULL;
			continue;
		}
		decode_run(d, nd, out);
		nd = 0;
		if (i == u.len)
			break;
		if (k == 0)
			ucs_put(out, c);
		for (int j = 0; j < k; j++)
			ucs_put(out, cp[j]);
	}
	free(d);
	ucs_free(&u);
	return OK;
}
