/* text_gen.c: build-time generator of the Mongolian tables of src/text. Reads
 * data/mongolian/menksoft.yaml (Menksoft code -> glyph name) and variants.json (letter x
 * position x FVS -> written units and shaping conditions, Hudum locale "MNG") and writes
 * one C file defining menk_glyphs[] and mong_variants[] as declared in
 * src/text/mong_tables.h. Usage: text_gen DATA_DIR OUT.c. Exits 1 on any inconsistency
 * in the data, so a broken table never reaches the build. */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>

#include "../src/text/mong_tables.h"

static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("text_gen: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

/* ---- menksoft.yaml ---------------------------------------------------------------- */

struct glyph_line {
	uint32_t code;
	uint32_t alias;   /* code this one duplicates, 0 if it has its own name */
	uint32_t section; /* letter of the "# uniXXXX" section the line is in, 0 outside */
	char name[64];
};

static struct glyph_line glines[1024];
static int nglines;

static const char *const pos_names[] = {"isol", "init", "medi", "fina", "nomi", "mark", "part"};

static int pos_from_name(const char *s)
{
	for (int i = 0; i < (int)(sizeof(pos_names) / sizeof(pos_names[0])); i++)
		if (strcmp(s, pos_names[i]) == 0)
			return i;
	return -1;
}

static const struct {
	const char *name;
	unsigned flag;
} ctx_names[] = {
    {"post_bowed", MCTX_POST_BOWED}, {"pre_A", MCTX_PRE_A}, {"pre_O", MCTX_PRE_O},
    {"pre_L", MCTX_PRE_L},           {"pre_I", MCTX_PRE_I}, {"post_NG", MCTX_POST_NG},
};

static unsigned ctx_from_name(const char *s)
{
	for (size_t i = 0; i < sizeof(ctx_names) / sizeof(ctx_names[0]); i++)
		if (strcmp(s, ctx_names[i].name) == 0)
			return ctx_names[i].flag;
	die("unknown glyph context '%s'", s);
	return 0;
}

static void read_menksoft(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		die("%s: %s", path, strerror(errno));
	char line[512];
	uint32_t section = 0;
	while (fgets(line, sizeof line, f)) {
		if (line[0] ==
		    '#') { /* "# uni1820" opens a letter's section, other headers close it */
			unsigned cp;
			char rest[8];
			int got = sscanf(line, "# uni%4X%7s", &cp, rest);
			if (got == 1)
				section = cp;
			else if (got != 2 || rest[0] != '.') /* "# uni1826.U.isol" is a comment */
				section = 0;
			continue;
		}
		char *hash = strstr(line, " #");
		if (hash)
			*hash = 0;
		line[strcspn(line, "\r\n")] = 0;
		if (line[0] != '0')
			continue;
		char *colon = strchr(line, ':');
		if (!colon)
			die("%s: bad line '%s'", path, line);
		*colon = 0;
		char *val = colon + 1;
		while (*val == ' ')
			val++;
		if (*val == 0)
			continue; /* code point with no known glyph */
		if (nglines == (int)(sizeof glines / sizeof glines[0]))
			die("too many glyphs");
		struct glyph_line *g = &glines[nglines++];
		g->code = (uint32_t)strtoul(line, NULL, 16);
		g->section = section;
		if (strncmp(val, "0x", 2) == 0)
			g->alias = (uint32_t)strtoul(val, NULL, 16);
		else
			snprintf(g->name, sizeof g->name, "%s", val);
	}
	fclose(f);
}

static struct glyph_line *glyph_find(uint32_t code)
{
	for (int i = 0; i < nglines; i++)
		if (glines[i].code == code)
			return &glines[i];
	return NULL;
}

static int cmp_glyph(const void *a, const void *b)
{
	const struct glyph_line *x = a, *y = b;
	return (x->code > y->code) - (x->code < y->code);
}

/* Splits "uni1820.AA.isol.post_bowed" into letter, units, position, context. */
static void glyph_parse(const char *name, uint32_t *letter, char *units, size_t unitsz, int *pos,
                        unsigned *ctx)
{
	char buf[64];
	snprintf(buf, sizeof buf, "%s", name);
	char *parts[6] = {0};
	int n = 0;
	for (char *p = strtok(buf, "."); p && n < 6; p = strtok(NULL, "."))
		parts[n++] = p;
	if (n == 2) { /* ligature "ML.medi": the letters are the units */
		parts[2] = parts[1];
		parts[1] = parts[0];
		n = 3;
	}
	if (n < 3)
		die("glyph name '%s' has no position", name);
	*letter = 0;
	if (strncmp(parts[0], "uni", 3) == 0)
		*letter = (uint32_t)strtoul(parts[0] + 3, NULL, 16);
	else if (parts[0][0] == 'u' && isxdigit((unsigned char)parts[0][1]))
		*letter = (uint32_t)strtoul(parts[0] + 1, NULL, 16);
	*pos = pos_from_name(parts[2]);
	if (*pos < 0)
		die("glyph name '%s': unknown position", name);
	snprintf(units, unitsz, "%s", parts[1]);
	*ctx = 0;
	for (int i = 3; i < n; i++)
		*ctx |= ctx_from_name(parts[i]);
}

static void write_glyphs(FILE *out)
{
	qsort(glines, (size_t)nglines, sizeof glines[0], cmp_glyph);
	fprintf(out, "const struct menk_glyph menk_glyphs[] = {\n");
	for (int i = 0; i < nglines; i++) {
		struct glyph_line *g = &glines[i], *t = g;
		for (int hops = 0; t->alias; hops++) {
			t = glyph_find(t->alias);
			if (!t || hops > 4)
				die("glyph 0x%X: alias leads nowhere", g->code);
		}
		uint32_t letter;
		char units[MONG_UNITS_MAX];
		int pos;
		unsigned ctx;
		glyph_parse(t->name, &letter, units, sizeof units, &pos, &ctx);
		if (g->section) /* the letter whose text this code stands for */
			letter = g->section;
		fprintf(out, "\t{0x%X, 0x%X, 0x%X, %d, %u, \"%s\"},\n", g->code, t->code, letter,
		        pos, ctx, units);
	}
	fprintf(out, "};\nconst unsigned menk_glyph_count = %d;\n\n", nglines);
}

/* ---- variants.json ---------------------------------------------------------------- */

static const char *const cond_names[] = {MONG_COND_NAMES};

static unsigned cond_known(const char *s)
{
	for (size_t i = 0; i < sizeof(cond_names) / sizeof(cond_names[0]); i++)
		if (strcmp(s, cond_names[i]) == 0)
			return 1u << i;
	return 0;
}

static unsigned cond_from_name(const char *s)
{
	for (size_t i = 0; i < sizeof(cond_names) / sizeof(cond_names[0]); i++)
		if (strcmp(s, cond_names[i]) == 0)
			return 1u << i;
	die("unknown shaping condition '%s'", s);
	return 0;
}

struct variant_line {
	uint32_t letter;
	int pos, fvs;
	unsigned flags, conds;
	char units[MONG_UNITS_MAX];
};

static struct variant_line vlines[2048];
static int nvlines;

/* Writes the written units of `written` (["A","A"] or ["init", 0]) into out. */
static void units_of(json_t *letter_obj, json_t *written, const char *locale, char *out,
                     size_t outsz, int depth)
{
	if (!json_is_array(written) || json_array_size(written) == 0 || depth > 3)
		die("bad 'written' value");
	json_t *first = json_array_get(written, 0);
	if (json_array_size(written) == 2 && json_is_integer(json_array_get(written, 1))) {
		char key[8];
		snprintf(key, sizeof key, "%d",
		         (int)json_integer_value(json_array_get(written, 1)));
		json_t *ref =
		    json_object_get(json_object_get(letter_obj, json_string_value(first)), key);
		if (!ref)
			die("reference %s/%s not found", json_string_value(first), key);
		json_t *loc = json_object_get(json_object_get(ref, "locales"), locale);
		json_t *w = json_object_get(loc, "written");
		units_of(letter_obj, w ? w : json_object_get(ref, "written"), locale, out, outsz,
		         depth + 1);
		return;
	}
	out[0] = 0;
	size_t i;
	json_t *u;
	json_array_foreach(written, i, u)
	{
		if (!json_is_string(u))
			die("bad written unit");
		if (strlen(out) + strlen(json_string_value(u)) + 1 > outsz)
			die("written units too long");
		strcat(out, json_string_value(u));
	}
}

static int letter_has_locale(json_t *letter_obj, const char *locale)
{
	for (int pos = 0; pos < 4; pos++) {
		const char *key;
		json_t *v;
		json_object_foreach(json_object_get(letter_obj, pos_names[pos]), key, v)
		{
			if (json_object_get(json_object_get(v, "locales"), locale))
				return 1;
		}
	}
	return 0;
}

static void read_variants(const char *path)
{
	json_error_t jerr;
	json_t *root = json_load_file(path, 0, &jerr);
	if (!root)
		die("%s:%d: %s", path, jerr.line, jerr.text);
	const char *name;
	json_t *letter_obj;
	json_object_foreach(root, name, letter_obj)
	{
		UErrorCode uerr = U_ZERO_ERROR;
		UChar32 cp = u_charFromName(U_UNICODE_CHAR_NAME, name, &uerr);
		if (U_FAILURE(uerr) || cp < 0x1800 || cp > 0x18AF)
			die("variants.json: unknown character name '%s'", name);
		/* Hudum letters use locale MNG; the Ali Gali letters Hudum text borrows, MNGx;
		 * an Ali Gali letter the data gives only for Manchu or Todo Ali Gali (ALI GALI
		 * A, HALF YA), that locale's forms (EAC draws U+1887 with them); a Todo letter
		 * the data gives for Todo alone (TODO GAA, KA, ...: Menksoft's Hudum fonts
		 * draw them, EAC's Ali Gali words use U+1858 as Gp), its Todo forms. */
		static const char *const locales[] = {"MNG", "MNGx", "MCHx", "TODx", "TOD"};
		const char *locale = "MNGx";
		for (size_t k = 0; k < sizeof locales / sizeof locales[0]; k++)
			if (letter_has_locale(letter_obj, locales[k])) {
				locale = locales[k];
				break;
			}
		for (int pos = 0; pos < 4; pos++) {
			json_t *byfvs = json_object_get(letter_obj, pos_names[pos]);
			const char *key;
			json_t *v;
			json_object_foreach(byfvs, key, v)
			{
				json_t *loc =
				    json_object_get(json_object_get(v, "locales"), locale);
				if (!loc)
					continue; /* not part of Hudum */
				struct variant_line *l = &vlines[nvlines++];
				if (nvlines == (int)(sizeof vlines / sizeof vlines[0]))
					die("too many variants");
				l->letter = (uint32_t)cp;
				l->pos = pos;
				l->fvs = atoi(key);
				json_t *w = json_object_get(loc, "written");
				units_of(letter_obj, w ? w : json_object_get(v, "written"), locale,
				         l->units, sizeof l->units, 0);
				if (json_is_true(json_object_get(v, "default")))
					l->flags |= MVAR_DEFAULT;
				if (json_is_true(json_object_get(loc, "archaic")))
					l->flags |= MVAR_ARCHAIC;
				if (json_is_true(json_object_get(loc, "unrecommended")))
					l->flags |= MVAR_UNRECOMMENDED;
				size_t i;
				json_t *c;
				json_array_foreach(json_object_get(loc, "conditions"), i, c)
				{
					if (strcmp(locale, "MNG") == 0)
						l->conds |= cond_from_name(json_string_value(c));
					else /* Ali Gali conditions: only those Hudum also has */
						l->conds |= cond_known(json_string_value(c));
				}
			}
		}
	}
	json_decref(root);
}

/* What variants.json lacks and UTN #57 gives: §7, tables 24 and 26 (Hudum Ali Gali): the
 * letter aH (U+1887) has a final A2, selected by FVS1 and after w̄H (Post_Wa, applied by
 * the shaper); the data has only aH's Manchu Ali Gali forms. */
static void add_utn57_forms(void)
{
	if (nvlines + 1 >= (int)(sizeof vlines / sizeof vlines[0]))
		die("too many variants");
	vlines[nvlines++] = (struct variant_line){0x1887, 3, 1, 0, 0, "A2"};
}

static int cmp_variant(const void *a, const void *b)
{
	const struct variant_line *x = a, *y = b;
	if (x->letter != y->letter)
		return x->letter < y->letter ? -1 : 1;
	if (x->pos != y->pos)
		return x->pos - y->pos;
	return x->fvs - y->fvs;
}

static void write_variants(FILE *out)
{
	qsort(vlines, (size_t)nvlines, sizeof vlines[0], cmp_variant);
	fprintf(out, "const struct mong_variant mong_variants[] = {\n");
	for (int i = 0; i < nvlines; i++) {
		struct variant_line *l = &vlines[i];
		fprintf(out, "\t{0x%X, %d, %d, %u, 0x%X, \"%s\"},\n", l->letter, l->pos, l->fvs,
		        l->flags, l->conds, l->units);
	}
	fprintf(out, "};\nconst unsigned mong_variant_count = %d;\n", nvlines);
}

int main(int argc, char **argv)
{
	if (argc != 3)
		die("usage: text_gen DATA_DIR OUT.c");
	char path[4096];
	snprintf(path, sizeof path, "%s/menksoft.yaml", argv[1]);
	read_menksoft(path);
	snprintf(path, sizeof path, "%s/variants.json", argv[1]);
	read_variants(path);
	add_utn57_forms();
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp", argv[2]);
	FILE *out = fopen(tmp, "w");
	if (!out)
		die("%s: %s", tmp, strerror(errno));
	fprintf(out, "/* Generated by tools/text_gen.c from data/mongolian: do not edit. */\n"
	             "#include \"text/mong_tables.h\"\n\n");
	write_glyphs(out);
	write_variants(out);
	if (fclose(out) != 0 || rename(tmp, argv[2]) != 0)
		die("%s: %s", argv[2], strerror(errno));
	return 0;
}
