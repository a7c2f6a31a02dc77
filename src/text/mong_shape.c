/* mong_shape.c: the Hudum shaper. Turns a run of Unicode Mongolian code points into the
 * written units each letter displays as, following the shaping phases of UTN #57 section
 * 3.2 (GB/T 25914-2023): cursive positions, then chachlag, syllabic, particle, devsger,
 * post-bowed and FVS-selected steps. Owns the lookups into the generated tables
 * (mong_variants[], menk_glyphs[]) and their read-only indexes, built once. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "text/mong.h"

#define LETTER_FIRST  0x1820u
#define LETTER_LAST   0x18AAu
#define NLETTERS      (LETTER_LAST - LETTER_FIRST + 1)
#define MONG_SCAN_MAX 64 /* how far context rules look; bounds the work on huge "words" */

/* Index of the generated variant table: where each letter's variants start. */
static struct {
	unsigned var_first[NLETTERS], var_count[NLETTERS];
} idx;
static pthread_once_t idx_once = PTHREAD_ONCE_INIT;

static void idx_build(void)
{
	for (unsigned i = 0; i < mong_variant_count; i++) {
		unsigned l = mong_variants[i].letter - LETTER_FIRST;
		if (l >= NLETTERS)
			continue;
		if (idx.var_count[l]++ == 0)
			idx.var_first[l] = i;
	}
}

static void idx_init(void)
{
	pthread_once(&idx_once, idx_build);
}

const struct mong_variant *mong_variant_find(uint32_t letter, int pos, int fvs)
{
	idx_init();
	unsigned l = letter - LETTER_FIRST;
	if (l >= NLETTERS)
		return NULL;
	for (unsigned i = 0; i < idx.var_count[l]; i++) {
		const struct mong_variant *v = &mong_variants[idx.var_first[l] + i];
		if (v->pos == pos && v->fvs == fvs)
			return v;
	}
	return NULL;
}

static const struct mong_variant *variant_default(uint32_t letter, int pos)
{
	unsigned l = letter - LETTER_FIRST;
	const struct mong_variant *first = NULL;
	if (l >= NLETTERS)
		return NULL;
	for (unsigned i = 0; i < idx.var_count[l]; i++) {
		const struct mong_variant *v = &mong_variants[idx.var_first[l] + i];
		if (v->pos != pos)
			continue;
		if (v->flags & MVAR_DEFAULT)
			return v;
		if (!first)
			first = v;
	}
	return first;
}

static const struct mong_variant *variant_cond(uint32_t letter, int pos, unsigned cond)
{
	unsigned l = letter - LETTER_FIRST;
	if (l >= NLETTERS)
		return NULL;
	for (unsigned i = 0; i < idx.var_count[l]; i++) {
		const struct mong_variant *v = &mong_variants[idx.var_first[l] + i];
		if (v->pos == pos && (v->conds & cond))
			return v;
	}
	return NULL;
}

const struct menk_glyph *menk_glyph_find(uint32_t code)
{
	size_t lo = 0, hi = menk_glyph_count;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (menk_glyphs[mid].code < code)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < menk_glyph_count && menk_glyphs[lo].code == code ? &menk_glyphs[lo] : NULL;
}

/* Score of glyph g for the wanted position and context; higher is better, <0 unusable. */
static int glyph_score(const struct menk_glyph *g, int pos, unsigned ctx)
{
	static const int pos_fallback[4][4] = {
	    /* wanted isol: isol, init, fina, medi */
	    {8, 4, 2, 1},
	    {4, 8, 1, 2}, /* init: isol 4, init 8, medi 2, fina 1 */
	    {1, 4, 8, 2}, /* medi */
	    {2, 1, 4, 8}, /* fina */
	};
	if (g->pos > MPOS_FINA)
		return -1;
	int s = pos_fallback[pos][g->pos] * 64;
	if (g->ctx == ctx)
		s += 8;
	else if ((g->ctx & ~ctx) == 0)
		s += 4;
	if (g->canon == g->code)
		s += 2;
	return s;
}

const struct menk_glyph *menk_glyph_choose(uint32_t letter, int pos, const char *units,
                                           unsigned ctx)
{
	idx_init();
	if (pos > MPOS_FINA)
		return NULL;
	const struct menk_glyph *best = NULL;
	int best_score = -1;
	/* Any glyph with these written units: the position matters most, then the letter. */
	for (unsigned i = 0; i < menk_glyph_count; i++) {
		const struct menk_glyph *g = &menk_glyphs[i];
		if (strcmp(g->units, units) != 0)
			continue;
		int s = glyph_score(g, pos, ctx) + (g->letter == letter ? 16 : 0);
		if (s > best_score) {
			best_score = s;
			best = g;
		}
	}
	/* none: the letter's own glyph nearest the position, whatever units the data
	 * names (Ali Gali letters: variants.json says "Zr2" where menksoft.yaml says "Zr",
	 * and Menksoft has one glyph for all positions) */
	bool none = best == NULL;
	for (unsigned i = 0; none && i < menk_glyph_count; i++) {
		const struct menk_glyph *g = &menk_glyphs[i];
		int s = g->letter == letter ? glyph_score(g, pos, ctx) : -1;
		if (s > best_score) {
			best_score = s;
			best = g;
		}
	}
	return best;
}

bool mong_units_end_bowed(const char *units)
{
	size_t n = strlen(units);
	while (n > 0 && !(units[n - 1] >= 'A' && units[n - 1] <= 'Z'))
		n--;
	if (n == 0)
		return false;
	char c = units[n - 1];
	return c == 'B' || c == 'P' || c == 'F' || c == 'K' || c == 'G';
}

int mong_fvs_number(uint32_t cp)
{
	switch (cp) {
	case CP_FVS1:
		return 1;
	case CP_FVS2:
		return 2;
	case CP_FVS3:
		return 3;
	case CP_FVS4:
		return 4;
	default:
		return 0;
	}
}

bool mong_is_letter(uint32_t cp)
{
	return (cp >= 0x1820 && cp <= 0x1878) ||
	       (cp >= 0x1880 && cp <= 0x18AA && cp != 0x1885 && cp != 0x1886 && cp != 0x18A9);
}

bool mong_is_word_char(uint32_t cp)
{
	return mong_is_letter(cp) || (cp >= CP_NIRUGU && cp <= CP_FVS4) || cp == CP_ZWJ ||
	       cp == CP_ZWNJ || cp == CP_NNBSP || cp == 0x1885 || cp == 0x1886 || cp == 0x18A9;
}

enum gender { G_NONE, G_MASC, G_FEM, G_NEUTER };

static enum gender gender_of(uint32_t cp)
{
	switch (cp) {
	case 0x1820:
	case 0x1823:
	case 0x1824:
		return G_MASC;
	case 0x1821:
	case 0x1825:
	case 0x1826:
	case 0x1827:
		return G_FEM;
	case 0x1822:
		return G_NEUTER;
	default:
		return G_NONE;
	}
}

bool mong_is_vowel(uint32_t cp)
{
	return gender_of(cp) != G_NONE;
}

static bool is_consonant(uint32_t cp)
{
	return cp >= 0x1828 && cp <= 0x1842;
}

static enum mkind kind_of(uint32_t cp)
{
	if (mong_fvs_number(cp) || cp == 0x1885 || cp == 0x1886 || cp == 0x18A9)
		return MK_FVS; /* FVS and combining marks: transparent to joining */
	switch (cp) {
	case CP_MVS:
		return MK_MVS;
	case CP_NNBSP: /* shapes exactly like MVS (EAC test data); encoders tell them apart */
		return MK_MVS;
	case CP_ZWJ:
		return MK_ZWJ;
	case CP_ZWNJ:
		return MK_ZWNJ;
	case CP_NIRUGU:
		return MK_NIRUGU;
	default:
		return mong_is_letter(cp) ? MK_LETTER : MK_OTHER;
	}
}

static bool joins(const struct mong_item *x)
{
	return x->kind == MK_LETTER || x->kind == MK_ZWJ || x->kind == MK_NIRUGU;
}

/* Index of the letter joined before/after letter i, or -1 if none. Nirugu is transparent:
 * the letters on both sides of it still shape as neighbours (EAC test data). */
static long prev_letter(const struct mong_item *it, size_t i)
{
	for (long j = (long)i - 1; j >= 0 && (long)i - j <= MONG_SCAN_MAX; j--) {
		if (it[j].kind == MK_FVS || it[j].kind == MK_NIRUGU)
			continue;
		return it[j].kind == MK_LETTER ? j : -1;
	}
	return -1;
}

static long next_letter(const struct mong_item *it, size_t n, size_t i)
{
	for (size_t j = i + 1; j < n && j - i <= MONG_SCAN_MAX; j++) {
		if (it[j].kind == MK_FVS || it[j].kind == MK_NIRUGU)
			continue;
		return it[j].kind == MK_LETTER ? (long)j : -1;
	}
	return -1;
}

/* Item right after letter i and its FVS, or -1. */
static long after_letter(const struct mong_item *it, size_t n, size_t i)
{
	size_t j = i + 1;
	while (j < n && it[j].kind == MK_FVS && j - i <= MONG_SCAN_MAX)
		j++;
	return j < n ? (long)j : -1;
}

static void set_cond(struct mong_item *x, unsigned cond)
{
	const struct mong_variant *v = variant_cond(x->cp, x->pos, cond);
	if (v)
		x->var = v;
}

/* Sets the variant for cond only while the letter still has its default variant. */
static void set_cond_if_default(struct mong_item *x, unsigned cond)
{
	if (x->var && (x->var->flags & MVAR_DEFAULT))
		set_cond(x, cond);
}

static void set_default(struct mong_item *x)
{
	const struct mong_variant *v = variant_default(x->cp, x->pos);
	if (v)
		x->var = v;
}

/* The particle dictionary: case and reflexive suffixes and particles written apart after
 * MVS or NNBSP, as the standard's test words (eac-hudum.json, the particle rules MAS2,
 * MUZ1, MDS2...) use them. In letters; see docs/text.md. */
static const char *const particles[] = {
    "\u1836\u1822\u1828",                   /* yin */
    "\u1824\u1828",                         /* un */
    "\u1826\u1828",                         /* uen */
    "\u1824",                               /* u */
    "\u1826",                               /* ue */
    "\u1822",                               /* i */
    "\u1836\u1822",                         /* yi */
    "\u1833\u1824\u1837",                   /* dur */
    "\u1833\u1826\u1837",                   /* duer */
    "\u1832\u1824\u1837",                   /* tur */
    "\u1832\u1826\u1837",                   /* tuer */
    "\u1833\u1824",                         /* du */
    "\u1833\u1826",                         /* due */
    "\u1832\u1824",                         /* tu */
    "\u1832\u1826",                         /* tue */
    "\u1833\u1820",                         /* da */
    "\u1833\u1820\u182D",                   /* dag */
    "\u1833\u1821\u182D",                   /* deg */
    "\u1833\u1821",                         /* de */
    "\u1820\u1834\u1820",                   /* acha */
    "\u1821\u1834\u1821",                   /* eche */
    "\u1820\u1834\u1820\u182D\u1820\u1828", /* achagan */
    "\u1821\u1834\u1821\u182D\u1821\u1828", /* echegen */
    "\u182A\u1820\u1837",                   /* bar */
    "\u182A\u1821\u1837",                   /* ber */
    "\u1822\u1836\u1820\u1837",             /* iyar */
    "\u1822\u1836\u1821\u1837",             /* iyer */
    "\u182F\u1824\u182D\u1820",             /* luga */
    "\u182F\u1826\u182D\u1821",             /* luege */
    "\u1832\u1820\u1822",                   /* tai */
    "\u1832\u1821\u1822",                   /* tei */
    "\u182A\u1820\u1828",                   /* ban */
    "\u182A\u1821\u1828",                   /* ben */
    "\u1822\u1836\u1820\u1828",             /* iyan */
    "\u1822\u1836\u1821\u1828",             /* iyen */
    "\u1836\u1824\u182D\u1820\u1828",       /* yugan */
    "\u1836\u1826\u182D\u1821\u1828",       /* yuegen: y keeps Y */
    "\u1833\u1820\u182D\u1820\u1828",       /* dagan */
    "\u1833\u1821\u182D\u1821\u1828",       /* degen */
    "\u1832\u1820\u182D\u1820\u1828",       /* tagan */
    "\u1832\u1821\u182D\u1821\u1828",       /* tegen */
    "\u1824\u1833",                         /* ud */
    "\u1826\u1833",                         /* ued */
    "\u1833\u1820\u182C\u1822",             /* dahi */
    "\u1833\u1821\u182C\u1822",             /* dehi */
    "\u1833\u1824\u182D\u1820\u1837",       /* dugar */
    "\u1833\u1826\u182D\u1821\u1837",       /* dueger */
    "\u1833\u1824\u1828\u1822",             /* duni */
    "\u1833\u1826\u1828\u1822",             /* dueni */
    "\u1832\u1824\u1828\u1822",             /* tuni */
    "\u1832\u1826\u1828\u1822",             /* tueni */
    "\u1828\u1826\u182D\u1821\u1828",       /* nuegen */
    "\u1828\u1826\u182D\u1826\u1833",       /* nuegued */
    "\u1836\u1826\u182E",                   /* yuem */
    "\u1836\u1826\u182E\u1830\u1821\u1828", /* yuemsen */
    "\u182A\u1826\u1826",                   /* bueue */
    "\u1834\u1824",                         /* chu */
    "\u1834\u1826",                         /* chue */
    "\u1824\u1824",                         /* uu */
    "\u1826\u1826",                         /* ueue */
};

/* The particles that are also words of their own (EAC): the question particles. */
static const char *const particles_alone[] = {
    "\u182A\u1826\u1826", /* bueue */
    "\u1824\u1824",       /* uu */
    "\u1826\u1826",       /* ueue */
};

/* Returns true when the letters of it[a..b) (FVS skipped) spell a particle of the list
 * (alone: a word of its own, else one after MVS or NNBSP). */
static bool is_particle(const struct mong_item *it, size_t a, size_t b, bool alone)
{
	const char *const *list = alone ? particles_alone : particles;
	size_t count = alone ? sizeof particles_alone / sizeof particles_alone[0]
	                     : sizeof particles / sizeof particles[0];
	for (size_t p = 0; p < count; p++) {
		const unsigned char *s = (const unsigned char *)list[p];
		size_t j = a;
		bool ok = true;
		while (*s && ok) {
			/* every particle letter is a 3-byte UTF-8 sequence */
			uint32_t cp = ((uint32_t)(s[0] & 0x0F) << 12) |
			              ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
			s += 3;
			while (j < b && it[j].kind != MK_LETTER)
				j++;
			ok = j < b && it[j].cp == cp;
			j++;
		}
		while (j < b && it[j].kind != MK_LETTER)
			j++;
		if (ok && j >= b)
			return true;
	}
	return false;
}

static void step_positions(struct mong_item *it, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		it[i].kind = (uint8_t)kind_of(it[i].cp);
		it[i].fvs = 0;
		it[i].var = NULL;
		it[i].pos = MPOS_ISOL;
		it[i].gap_wide = false;
		it[i].fvs_any = false;
	}
	for (size_t i = 0; i < n; i++) {
		if (it[i].kind != MK_LETTER)
			continue;
		if (i + 1 < n && it[i + 1].kind == MK_FVS)
			it[i].fvs = (uint8_t)mong_fvs_number(it[i + 1].cp);
		bool jp = false, jn = false;
		for (long j = (long)i - 1; j >= 0 && (long)i - j <= MONG_SCAN_MAX; j--)
			if (it[j].kind != MK_FVS) {
				jp = joins(&it[j]);
				break;
			}
		for (size_t j = i + 1; j < n && j - i <= MONG_SCAN_MAX; j++)
			if (it[j].kind != MK_FVS) {
				jn = joins(&it[j]);
				break;
			}
		it[i].pos =
		    (uint8_t)(jp ? (jn ? MPOS_MEDI : MPOS_FINA) : (jn ? MPOS_INIT : MPOS_ISOL));
		it[i].var = variant_default(it[i].cp, it[i].pos);
		/* an FVS that selects no form of the letter here is as if absent (EAC), but
		 * for the marked d */
		it[i].fvs_any = it[i].fvs != 0;
		if (it[i].fvs && !mong_variant_find(it[i].cp, it[i].pos, it[i].fvs))
			it[i].fvs = 0;
	}
}

/* Step 1: chachlag (MVS) and marked forms. */
static void step_chachlag(struct mong_item *it, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct mong_item *x = &it[i];
		if (x->kind != MK_LETTER)
			continue;
		uint32_t c = x->cp;
		long p = prev_letter(it, i), nx = next_letter(it, n, i);
		bool after_mvs = i > 0 && it[i - 1].kind == MK_MVS;
		if ((c == 0x1820 || c == 0x1821) && after_mvs && !x->fvs)
			set_cond(x, MC_CHACHLAG);
		if (c == 0x1823 || c == 0x1824 || c == 0x1825 || c == 0x1826) {
			/* (but a final ö/ü after an h or g right after a gap: EAC, core-hud) */
			if (p >= 0 && is_consonant(it[p].cp) && it[p].pos == MPOS_INIT &&
			    !(p > 0 && it[p - 1].kind == MK_MVS && x->pos == MPOS_FINA &&
			      (c == 0x1825 || c == 0x1826) &&
			      (it[p].cp == 0x182C || it[p].cp == 0x182D)))
				set_cond(x, MC_MARKED);
			if (x->fvs_any || (p >= 0 && it[p].fvs_any))
				set_default(x);
			/* final ö/ü after an initial h or g that an FVS2/FVS4 turns into G is
			 * marked; after a medial one it takes the post-bowed form (EAC) */
			if ((c == 0x1825 || c == 0x1826) && x->pos == MPOS_FINA && p >= 0 &&
			    (it[p].cp == 0x182C || it[p].cp == 0x182D) && it[p].pos == MPOS_INIT &&
			    (it[p].fvs == 2 || it[p].fvs == 4))
				set_cond(x, MC_MARKED);
			if ((c == 0x1825 || c == 0x1826) && x->pos == MPOS_MEDI && p >= 0) {
				/* medial after the consonants that start the word */
				long q = p;
				int hops = 0;
				while (q >= 0 && is_consonant(it[q].cp) && it[q].pos != MPOS_INIT &&
				       hops++ < MONG_SCAN_MAX)
					q = prev_letter(it, (size_t)q);
				if (q >= 0 && is_consonant(it[q].cp) && it[q].pos == MPOS_INIT)
					set_cond(x, MC_MARKED);
			}
		}
		if (c == 0x1833 && !x->fvs_any && nx >= 0 && it[nx].pos == MPOS_FINA &&
		    mong_is_vowel(it[nx].cp) && !it[nx].fvs_any)
			set_cond(x, MC_MARKED);
		/* consonant before MVS + isolated a/e */
		long a = after_letter(it, n, i);
		if (a >= 0 && it[a].kind == MK_MVS && (size_t)a + 1 < n) {
			const struct mong_item *v = &it[a + 1];
			bool iso_a = v->cp == 0x1820 && v->pos == MPOS_ISOL;
			bool iso_e = v->cp == 0x1821 && v->pos == MPOS_ISOL;
			if ((c == 0x1828 || c == 0x1835 || c == 0x1838) && (iso_a || iso_e))
				set_cond(x, MC_CHACHLAG_ONSET);
			if ((c == 0x182C || c == 0x182D) && iso_a)
				set_cond(x, MC_CHACHLAG_ONSET);
			if (c == 0x182D && iso_e)
				set_cond(x, MC_CHACHLAG_ONSET_GB);
		}
	}
}

enum harm { H_MASC_ONSET, H_MASC_DEVSGER, H_FEMININE, H_NONE };

/* Returns true when the scan for vowel harmony stops at it[j]: another word begins there
 * (NNBSP, an MVS that does not introduce a chachlag vowel, anything not Mongolian). */
static bool harmony_stop(const struct mong_item *it, size_t n, size_t j)
{
	if (it[j].kind == MK_OTHER)
		return true;
	if (it[j].kind != MK_MVS)
		return false;
	return !(j + 1 < n && (it[j + 1].cp == 0x1820 || it[j + 1].cp == 0x1821) &&
	         it[j + 1].pos == MPOS_ISOL);
}

/* Which of its forms h or g at i takes, by the vowels around it (UTN #57 table 6). */
static enum harm harmony(const struct mong_item *it, size_t n, size_t i)
{
	long p = prev_letter(it, i), nx = next_letter(it, n, i);
	enum gender g;
	if (nx >= 0 && (g = gender_of(it[nx].cp)) != G_NONE)
		return g == G_MASC ? H_MASC_ONSET : H_FEMININE;
	if (it[i].cp == 0x182D && p >= 0 && it[p].cp == 0x1829)
		return H_FEMININE; /* g after ng (EAC) */
	if (p >= 0 && (g = gender_of(it[p].cp)) != G_NONE && g != G_NEUTER)
		return g == G_MASC ? H_MASC_DEVSGER : H_FEMININE;
	bool neuter_before = false;
	for (long j = (long)i - 1; j >= 0 && (long)i - j < MONG_SCAN_MAX; j--) {
		if (harmony_stop(it, n, (size_t)j))
			break;
		g = gender_of(it[j].cp);
		if (g == G_MASC)
			return H_MASC_DEVSGER;
		if (g == G_FEM)
			return H_FEMININE;
		neuter_before |= g == G_NEUTER;
	}
	/* a vowel it remotely precedes counts only after an i (EAC: "g r m a n" and
	 * "r r r g r r r a" show a feminine g, "b i l i g t a i" a masculine one) */
	for (size_t j = i + 1; neuter_before && j < n && j - i < MONG_SCAN_MAX; j++) {
		if (harmony_stop(it, n, j))
			break;
		g = gender_of(it[j].cp);
		if (g == G_MASC)
			return H_MASC_DEVSGER;
		if (g == G_FEM)
			return H_FEMININE;
	}
	/* no vowel in reach: feminine, except an h or g alone (EAC) */
	return p < 0 && nx < 0 ? H_NONE : H_FEMININE;
}

/* Step 2: syllabic (onset/devsger, vowel harmony of h and g, dotless). */
static void step_syllabic(struct mong_item *it, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct mong_item *x = &it[i];
		if (x->kind != MK_LETTER)
			continue;
		uint32_t c = x->cp;
		long p = prev_letter(it, i), nx = next_letter(it, n, i);
		bool next_vowel = nx >= 0 && mong_is_vowel(it[nx].cp);
		bool prev_vowel = p >= 0 && mong_is_vowel(it[p].cp);
		if (c == 0x1828 || c == 0x1832 || c == 0x1833) {
			if (next_vowel)
				set_cond_if_default(x, MC_ONSET);
			else if (prev_vowel)
				set_cond_if_default(x, MC_DEVSGER);
		}
		if ((c == 0x182C || c == 0x182D) && x->var && (x->var->flags & MVAR_DEFAULT)) {
			enum harm h = harmony(it, n, i);
			if (h == H_MASC_ONSET)
				set_cond(x, MC_MASC_ONSET);
			else if (h == H_FEMININE)
				set_cond(x, MC_FEMININE);
			else if (h == H_MASC_DEVSGER)
				set_cond(x, MC_MASC_DEVSGER);
		}
		if (c == 0x1832 && nx >= 0 && (it[nx].cp == 0x1827 || is_consonant(it[nx].cp)))
			set_cond_if_default(x, MC_DEVSGER);
		if (c == 0x1831 && nx >= 0 && it[nx].cp == 0x1822 &&
		    (x->pos == MPOS_MEDI || (x->pos == MPOS_INIT && it[nx].pos == MPOS_MEDI)))
			set_cond_if_default(x, MC_DOTLESS);
		if (c == 0x182D && p >= 0 && (it[p].cp == 0x1830 || it[p].cp == 0x1833) && x->var &&
		    strcmp(x->var->units, "Hx") == 0)
			set_cond(x, MC_DOTLESS);
	}
}

/* Step 3: particles after MVS or NNBSP. */
static void step_particle(struct mong_item *it, size_t n)
{
	for (size_t i = 0; i <= n; i++) {
		if (i > 0 && it[i - 1].kind != MK_MVS && it[i - 1].kind != MK_NNBSP)
			continue;
		size_t a = i, b = a;
		/* an FVS, or a nirugu right after the gap: not written as a particle (EAC) */
		bool other = a < n && it[a].kind == MK_NIRUGU;
		while (b < n &&
		       (it[b].kind == MK_LETTER || it[b].kind == MK_FVS || it[b].kind == MK_NIRUGU))
			other |= it[b++].kind == MK_FVS;
		/* the dictionary applies after MVS/NNBSP; a word of its own is a particle only
		 * for the question particles (EAC: "yin", "acha", "dur" alone are words) */
		if (b == a || other || !is_particle(it, a, b, i == 0))
			continue;
		for (size_t j = a; j < b; j++) {
			uint32_t c = it[j].cp;
			long nx = next_letter(it, b, j);
			if (c == 0x1836 && nx >= 0 && it[nx].cp == 0x1826)
				continue; /* yügen, yüm: the y keeps its onset form */
			if (it[j].kind == MK_LETTER &&
			    (c == 0x1820 || c == 0x1821 || c == 0x1822 || c == 0x1824 ||
			     c == 0x1826 || c == 0x1833 || c == 0x1836))
				set_cond(&it[j], MC_PARTICLE);
		}
	}
}

static bool units_end_with_i(const char *u)
{
	size_t n = strlen(u);
	return n > 0 && u[n - 1] == 'I';
}

/* Steps 4 and 5: devsger i, and vowels after bowed written units. */
static void step_devsger_bowed(struct mong_item *it, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct mong_item *x = &it[i];
		if (x->kind != MK_LETTER || !x->var || x->fvs)
			continue;
		uint32_t c = x->cp;
		long p = prev_letter(it, i);
		if (c == 0x1822 && p >= 0 && mong_is_vowel(it[p].cp) && it[p].var &&
		    !units_end_with_i(it[p].var->units))
			set_cond_if_default(x, MC_VOWEL_DEVSGER);
		/* no post-bowed masculine vowel after a letter whose form an FVS chose (EAC) */
		if (p < 0 || !it[p].var || (it[p].fvs && gender_of(c) == G_MASC) ||
		    !mong_units_end_bowed(it[p].var->units))
			continue;
		/* a final ö/ü after an initial bowed consonant with an FVS that selects nothing
		 * keeps its marked form (the first syllable's), not post-bowed (EAC:
		 * b+FVS1+nirugu+ü, b+FVS3+ü; o/u, and ö/ü after a medial one, are post-bowed) */
		if ((c == 0x1825 || c == 0x1826) && x->pos == MPOS_FINA && it[p].fvs_any &&
		    !it[p].fvs && it[p].pos == MPOS_INIT)
			set_cond(x, MC_MARKED);
		else if ((c == 0x1823 || c == 0x1824 || c == 0x1825 || c == 0x1826) &&
		         strcmp(x->var->units, "U") == 0)
			set_cond(x, MC_POST_BOWED);
		if ((c == 0x1820 || c == 0x1821) && strcmp(x->var->units, "A") == 0 &&
		    x->pos == MPOS_FINA)
			set_cond(x, MC_POST_BOWED);
	}
}

/* Step 6: forms requested with an FVS (and the Post_Wa aH); then how each MVS is
 * rendered. */
static void step_fvs(struct mong_item *it, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct mong_item *x = &it[i];
		if (x->kind == MK_LETTER && x->cp == 0x1887 && x->pos == MPOS_FINA && !x->fvs) {
			/* UTN #57 table 26, Post_Wa: a final aH after w̄H is A2 (its FVS1 form) */
			long p = prev_letter(it, i);
			const struct mong_variant *v = mong_variant_find(0x1887, MPOS_FINA, 1);
			if (p >= 0 && it[p].cp == 0x18A6 && v)
				x->var = v;
		}
		if (x->kind == MK_LETTER && x->fvs) {
			const struct mong_variant *v = mong_variant_find(x->cp, x->pos, x->fvs);
			if (v)
				x->var = v;
		}
		if (x->kind == MK_MVS) {
			const struct mong_item *v = i + 1 < n ? &it[i + 1] : NULL;
			x->gap_wide = !(v && v->kind == MK_LETTER && v->var && !v->fvs_any &&
			                (v->var->conds & MC_CHACHLAG) && v->pos == MPOS_ISOL);
		}
	}
}

void mong_shape(struct mong_item *it, size_t n)
{
	idx_init();
	step_positions(it, n);
	step_chachlag(it, n);
	step_syllabic(it, n);
	step_particle(it, n);
	step_fvs(it, n); /* devsger and post-bowed look at the FVS-selected neighbours */
	step_devsger_bowed(it, n);
	step_fvs(it, n);
}
