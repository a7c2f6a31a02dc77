/* zh.c: Chinese for the analyzer: word segmentation with friso (its dictionary plus the
 * place names of data/regions), traditional -> simplified folding and toneless pinyin
 * from ICU transliterators, with place-name readings inside region names. Owns three
 * read-only caches built once (pthread_once): the friso instance, a per-character table
 * (simplified form, pinyin) for U+3400..U+9FFF and the set of region names. */
#include <friso/friso.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "base/common.h"
#include "base/embedded.h"
#include "base/log.h"
#include "base/utf8.h"
#include "text/text.h"
#include "text/ucs.h"
#include "text/zh.h"

#define FRISO_INI "/etc/friso/friso.ini"

/* ---- per-character table ------------------------------------------------------------ */

#define HAN_FIRST 0x3400u
#define HAN_LAST  0x9FFFu
#define HAN_COUNT (HAN_LAST - HAN_FIRST + 1)

static struct {
	uint16_t simplified[HAN_COUNT]; /* offset from HAN_FIRST + 1, 0 = itself */
	uint32_t pinyin[HAN_COUNT];     /* offset into pool, 0 = none */
	char *pool;
	bool ok;
} han;
static pthread_once_t han_once = PTHREAD_ONCE_INIT;

/* Transliterates every character of the table with `id`, one per line; returns the lines
 * as a malloc'd UTF-16 buffer (line i = character HAN_FIRST + i), or NULL. */
static UChar *translit_all(const char *id, int32_t *out_len)
{
	UErrorCode err = U_ZERO_ERROR;
	UChar uid[64];
	u_uastrcpy(uid, id);
	UTransliterator *t = utrans_openU(uid, -1, UTRANS_FORWARD, NULL, 0, NULL, &err);
	if (U_FAILURE(err))
		return NULL;
	int32_t cap = (int32_t)HAN_COUNT * 16, len = 0;
	UChar *buf = malloc((size_t)cap * sizeof *buf);
	if (!buf)
		abort();
	for (uint32_t c = HAN_FIRST; c <= HAN_LAST; c++) {
		buf[len++] = (UChar)c;
		buf[len++] = '\n';
	}
	int32_t limit = len;
	utrans_transUChars(t, buf, &len, cap, 0, &limit, &err);
	utrans_close(t);
	if (U_FAILURE(err)) {
		free(buf);
		return NULL;
	}
	*out_len = len;
	return buf;
}

static void han_build(void)
{
	int32_t ns = 0, np = 0;
	UChar *s = translit_all("Traditional-Simplified", &ns);
	UChar *p = translit_all("Han-Latin; Latin-ASCII; Lower", &np);
	if (!s || !p)
		goto out;
	/* simplified: one character per line (else keep the character) */
	uint32_t c = HAN_FIRST;
	for (int32_t i = 0; i < ns && c <= HAN_LAST;) {
		int32_t j = i;
		while (j < ns && s[j] != '\n')
			j++;
		if (j - i == 1 && s[i] >= HAN_FIRST && s[i] <= HAN_LAST && s[i] != c)
			han.simplified[c - HAN_FIRST] = (uint16_t)(s[i] - HAN_FIRST + 1);
		c++;
		i = j + 1;
	}
	/* pinyin: ASCII letters only; a character ICU cannot read keeps no pinyin */
	han.pool = malloc((size_t)np + 2);
	if (!han.pool)
		abort();
	size_t pl = 1;
	han.pool[0] = 0;
	c = HAN_FIRST;
	for (int32_t i = 0; i < np && c <= HAN_LAST;) {
		int32_t j = i;
		bool ascii = true;
		while (j < np && p[j] != '\n') {
			ascii &= (p[j] >= 'a' && p[j] <= 'z');
			j++;
		}
		if (ascii && j > i && j - i < 8) {
			han.pinyin[c - HAN_FIRST] = (uint32_t)pl;
			for (int32_t k = i; k < j; k++)
				han.pool[pl++] = (char)p[k];
			han.pool[pl++] = 0;
		}
		c++;
		i = j + 1;
	}
	han.ok = true;
out:
	free(s);
	free(p);
}

uint32_t zh_fold(uint32_t cp)
{
	if (cp < HAN_FIRST || cp > HAN_LAST)
		return cp;
	pthread_once(&han_once, han_build);
	uint16_t s = han.simplified[cp - HAN_FIRST];
	return s ? HAN_FIRST + s - 1 : cp;
}

const char *zh_pinyin(uint32_t cp)
{
	if (cp < HAN_FIRST || cp > HAN_LAST)
		return NULL;
	pthread_once(&han_once, han_build);
	uint32_t off = han.pinyin[zh_fold(cp) - HAN_FIRST];
	return off ? han.pool + off : NULL;
}

bool zh_is_han(uint32_t cp)
{
	return (cp >= HAN_FIRST && cp <= HAN_LAST) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0x20000 && cp <= 0x3134F);
}

int text_pinyin(const char *s, size_t n, bool spaced, struct strbuf *out)
{
	struct ucs u;
	ucs_init(&u);
	ucs_from_utf8(&u, s, n);
	bool prev_py = false;
	for (size_t i = 0; i < u.len; i++) {
		const char *py = zh_pinyin_in(u.cp, u.len, i);
		if (py) {
			if (spaced && prev_py)
				strbuf_putc(out, ' ');
			strbuf_puts(out, py);
		} else {
			ucs_put(out, u.cp[i]);
		}
		prev_py = py != NULL;
	}
	ucs_free(&u);
	return OK;
}

/* ---- region names ------------------------------------------------------------------ */

/* Calls fn for each Chinese name of the region tree (data/regions, embedded), and for
 * each again without its 市/盟/旗/县/区/镇/乡/苏木 ending when two characters remain. */
static void region_names_each(void (*fn)(const char *name, size_t len))
{
	const struct embedded_file *f = embedded_find("data/regions/inner-mongolia-divisions.csv");
	if (!f)
		return;
	static const char *const endings[] = {"市", "盟", "旗", "县", "区", "镇", "乡", "苏木"};
	const char *p = f->data, *end = f->data + f->len;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		const char *name = p; /* code,level,parent_code,name_zh */
		for (int k = 0; k < 3 && name; k++) {
			const char *c = memchr(name, ',', (size_t)(eol - name));
			name = c ? c + 1 : NULL;
		}
		size_t len = name ? (size_t)(eol - name) : 0;
		if (len && name[len - 1] == '\r')
			len--;
		if (len > 3 && len < 60 && p[0] != 'c') {
			fn(name, len);
			for (size_t k = 0; k < ARRAY_LEN(endings); k++) {
				size_t el = strlen(endings[k]);
				if (len >= el + 6 && memcmp(name + len - el, endings[k], el) == 0)
					fn(name, len - el);
			}
		}
		p = eol + 1;
	}
}

/* ---- place-name readings ------------------------------------------------------------ */

/* Characters read otherwise in place names than ICU reads them alone, with their place-name
 * reading. Chosen from the characters of the region names (data/regions) that ICU reads
 * with another sound, by their uses there: 勒 in 405 names (锡林郭勒, 阿勒得尔: Mongolian
 * "le"), 都 in 323 (昆都仑, 商都, 满都拉: "du"), 长 in 70 (长青, 长胜: "chang"), 泊 in 15
 * (泊尔江海子, 苏泊淖尔: "bo"), 什 (什拉: "shi"), 曾 (曾家: "zeng"), 行 (柳树行子: "hang"),
 * 重 (重光: "chong"). Characters whose place reading varies (堡: bao, bu, pu) keep ICU's. */
static const struct {
	uint32_t cp;
	const char *reading;
} place_readings[] = {
    {0x52D2, "le"},    /* 勒 */
    {0x90FD, "du"},    /* 都 */
    {0x957F, "chang"}, /* 长 */
    {0x6CCA, "bo"},    /* 泊 */
    {0x4EC0, "shi"},   /* 什 */
    {0x66FE, "zeng"},  /* 曾 */
    {0x884C, "hang"},  /* 行 */
    {0x91CD, "chong"}, /* 重 */
};

#define PLACE_SLOTS     65536u /* power of two, over twice the names */
#define PLACE_MAX_CHARS 16     /* longer names are not looked for around a character */

/* The set of region names (UTF-8), as 64-bit hashes: open addressing, built once. */
static struct {
	uint64_t slot[PLACE_SLOTS];
	unsigned count;
} places;
static pthread_once_t places_once = PTHREAD_ONCE_INIT;

static uint64_t place_hash(const char *s, size_t n)
{
	uint64_t h = 0xCBF29CE484222325ull; /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001B3ull;
	return h ? h : 1;
}

static void place_add(const char *name, size_t len)
{
	uint64_t h = place_hash(name, len);
	size_t i = h & (PLACE_SLOTS - 1);
	while (places.slot[i] && places.slot[i] != h)
		i = (i + 1) & (PLACE_SLOTS - 1);
	if (!places.slot[i] && places.count < PLACE_SLOTS / 2) {
		places.slot[i] = h;
		places.count++;
	}
}

static bool place_has(const char *name, size_t len)
{
	uint64_t h = place_hash(name, len);
	for (size_t i = h & (PLACE_SLOTS - 1); places.slot[i]; i = (i + 1) & (PLACE_SLOTS - 1))
		if (places.slot[i] == h)
			return true;
	return false;
}

static void places_build(void)
{
	region_names_each(place_add);
}

static const char *place_reading(uint32_t cp)
{
	for (size_t i = 0; i < ARRAY_LEN(place_readings); i++)
		if (place_readings[i].cp == cp)
			return place_readings[i].reading;
	return NULL;
}

/* Returns true when cp[k] lies inside a region name spelled by cp[0..n). */
static bool in_place_name(const uint32_t *cp, size_t n, size_t k)
{
	pthread_once(&places_once, places_build);
	size_t first = k + 1 > PLACE_MAX_CHARS ? k + 1 - PLACE_MAX_CHARS : 0;
	for (size_t i = first; i <= k; i++) {
		char buf[4 * PLACE_MAX_CHARS];
		size_t len = 0;
		for (size_t j = i; j < n && j - i < PLACE_MAX_CHARS; j++) {
			len += utf8_encode(cp[j] > 0x10FFFF ? 0xFFFD : cp[j], buf + len);
			if (j >= k && j > i && place_has(buf, len))
				return true;
		}
	}
	return false;
}

const char *zh_pinyin_in(const uint32_t *cp, size_t n, size_t k)
{
	const char *r = place_reading(zh_fold(cp[k]));
	if (r && in_place_name(cp, n, k))
		return r;
	return zh_pinyin(cp[k]);
}

/* ---- segmentation ------------------------------------------------------------------- */

static struct {
	friso_t friso;
	friso_config_t config;
	bool ok;
} seg;
static pthread_once_t seg_once = PTHREAD_ONCE_INIT;

/* Adds word[0..len) to friso's lexicon unless it is there; the lexicon keeps the copy. */
static void dic_add(const char *word, size_t len)
{
	char *w = strndup(word, len);
	if (!w)
		abort();
	if (friso_dic_match(seg.friso->dic, __LEX_CJK_WORDS__, w))
		free(w);
	else
		friso_dic_add(seg.friso->dic, __LEX_CJK_WORDS__, w, NULL);
}

static void dic_add_region(const char *name, size_t len)
{
	dic_add(name, len);
}

static void seg_build(void)
{
	seg.friso = friso_new();
	seg.config = friso_new_config();
	if (friso_init_from_ifile(seg.friso, seg.config, (fstring)FRISO_INI) != 1) {
		log_msg(LOG_WARN, "text.friso", "cannot load %s: Chinese falls back to bigrams",
		        FRISO_INI);
		return;
	}
	seg.config->add_syn = 0; /* the analyzer adds its own alternatives */
	seg.config->en_sseg = 0;
	seg.config->clr_stw = 0;
	region_names_each(dic_add_region);
	seg.ok = true;
}

bool zh_segmenter_ready(void)
{
	pthread_once(&seg_once, seg_build);
	return seg.ok;
}

int text_zh_segment(const char *s, size_t n, int (*fn)(void *ctx, const char *w, size_t len),
                    void *ctx)
{
	pthread_once(&seg_once, seg_build);
	if (!seg.ok)
		return ERR;
	char *copy = strndup(s, n); /* friso reads a C string */
	friso_task_t task = friso_new_task();
	if (!copy || !task)
		abort();
	friso_set_text(task, copy);
	int rc = OK;
	while (rc == OK && seg.config->next_token(seg.friso, seg.config, task) != NULL)
		rc = fn(ctx, task->token->word, strlen(task->token->word));
	friso_free_task(task);
	free(copy);
	return rc;
}
