/* content_demo.c: the region portal that `tala init` creates and the demo network that
 * `tala demo` loads — sites from the region tree plus societies and institutions, and
 * bilingual published articles generated deterministically (Mongolian words from the shared
 * Menksoft word list decoded by text_menksoft_decode, Chinese from a small phrase
 * generator), written in batches through the writer with one audit entry per batch.
 *
 * Site count. The association's figure is 142 portal sites: 12 leagues/cities, 96
 * banners/counties, 30 societies and 4 institutions. We read it as the sites *below* the
 * region portal, so the installation has 143 sites: the region portal ("nmg", from `tala
 * init`) and the 142 that `tala demo` creates. The region tree has 108 county-level units
 * (103 banners, counties, cities and districts plus 5 development zones); the demo takes
 * 96 of them by leaving out the first unit of each league in code order (the league seat's
 * urban district in most leagues — the league portal serves it). Society and institution
 * names in Mongolian are demo data, not checked by a Mongolian reader. */
#include "audit/audit.h"
#include "base/clock.h"
#include "base/common.h"
#include "base/log.h"
#include "content/content.h"
#include "region/region.h"
#include "text/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REGION_SLUG     "nmg"
#define DEMO_ARTICLES   2100
#define DEMO_BATCH      300
#define DEMO_PUSH_EVERY 50 /* every 50th region article is pushed to the whole network */
#define WORDS_FILE      "data/mongolian/menksoft/menksoft-words.txt"
#define WORDS_MAX       4000

static const struct {
	const char *zh, *mn;
} societies[] =
    {
        {"内蒙古自治区农学会", "ᠲᠠᠷᠢᠶᠠᠯᠠᠩ ᠤᠨ ᠨᠡᠶᠢᠭᠡᠮᠯᠢᠭ"},
        {"内蒙古自治区畜牧兽医学会", "ᠮᠠᠯ ᠠᠵᠤ ᠠᠬᠤᠢ ᠮᠠᠯ ᠡᠮᠨᠡᠯᠭᠡ ᠶᠢᠨ ᠨᠡᠶᠢᠭᠡᠮᠯᠢᠭ"},
        {"内蒙古自治区医学会", "ᠠᠨᠠᠭᠠᠬᠤ ᠤᠬᠠᠭᠠᠨ ᠤ ᠨᠡᠶᠢᠭᠡᠮᠯᠢᠭ"},
        {"内蒙古自治区林学会", "ᠣᠢ ᠶᠢᠨ ᠨᠡᠶᠢᠭᠡᠮᠯᠢᠭ"},
        {"内蒙古自治区草原学会", "ᠪᠢᠯᠴᠢᠭᠡᠷ ᠤᠨ ᠨᠡᠶᠢᠭᠡᠮᠯᠢᠭ"},
        {"内蒙古自治区气象学会", "ᠠᠭᠠᠷ ᠤᠨ ᠪᠠᠶᠢᠳᠠᠯ ᠤᠨ ᠨᠡᠶᠢᠭᠡᠮᠯᠢᠭ"},
        {"内蒙古自治区地质学会", "ᠭᠠᠵᠠᠷ ᠤᠨ ᠪᠦᠲᠦᠴᠡ ᠶᠢᠨ ᠨᠡᠶᠢᠭᠡᠮᠯᠢᠭ"},
        {"内蒙古自治区水利学会", "ᠤᠰᠤᠨ ᠠᠵᠢᠯ ᠠᠬᠤᠢ ᠶᠢᠨ ᠨᠡᠶᠢᠭᠡᠮᠯᠢᠭ"},
        {"内蒙古自治区电力学会", "ᠴᠠᠺᠢᠯᠭᠠᠨ ᠤ ᠺᠦᠴᠦᠨ ᠦ ᠨᠡᠶᠢᠭᠡᠮᠯᠢᠭ"},
        {"内蒙古自治区化学会", "ᠺᠢᠮᠢ ᠶᠢᠨ ᠨᠡᠶᠢᠭᠡᠮᠯᠢᠭ"},
        {"内蒙古自治区物理学会", "ᠹᠢᠽᠢᠺ ᠤᠨ ᠨᠡᠶᠢᠭᠡᠮᠯᠢᠭ"},
        {"内蒙古自治区数学会", "ᠲᠣᠭᠠ ᠶᠢᠨ ᠤᠬᠠᠭᠠᠨ ᠤ ᠨᠡᠶᠢᠭᠡᠮᠯᠢᠭ"},
        {"内蒙古自治区计算机学会", "ᠲᠣᠣᠴᠠᠭᠤᠷ ᠤᠨ ᠨᠡᠶᠢᠭᠡᠮᠯᠢᠭ"},
        {"内蒙古自治区生态学会", "ᠠᠮᠢᠳᠤᠷᠠᠯ ᠤᠨ ᠣᠷᠴᠢᠨ ᠤ ᠨᠡᠶᠢᠭᠡᠮᠯᠢᠭ"},
        {"内蒙古自治区地理学会", "ᠭᠠᠵᠠᠷ ᠵᠦᠢ ᠶᠢᠨ ᠨᠡᠶᠢᠭᠡᠮᠯᠢᠭ"},
        {"内蒙古自治区动物学会", "ᠠᠮᠢᠲᠠᠨ ᠤ ᠨᠡᠶᠢᠭᠡᠮᠯᠢᠭ"},
        {"内蒙古自治区植物学会", "ᠤᠷᠭᠤᠮᠠᠯ ᠤᠨ ᠨᠡᠶᠢᠭᠡᠮᠯᠢᠭ"},
        {"内蒙古自治区土壤肥料学会", "ᠰᠢᠷᠣᠢ ᠪᠣᠷᠣᠭᠳᠣᠭᠤᠯ ᠤᠨ ᠨᠡᠶᠢᠭᠡᠮᠯᠢᠭ"},
        {"内蒙古自治区农业机械学会", "ᠲᠠᠷᠢᠶᠠᠯᠠᠩ ᠤᠨ ᠮᠠᠰᠢᠨ ᠤ ᠨᠡᠶᠢᠭᠡᠮᠯᠢᠭ"},
        {"内蒙古自治区中医药学会", "ᠳᠤᠮᠳᠠᠳᠤ ᠡᠮᠨᠡᠯᠭᠡ ᠶᠢᠨ ᠨᠡᠶᠢᠭᠡᠮᠯᠢᠭ"},
        {"内蒙古自治区蒙医药学会", "ᠮᠣᠨᠭᠭᠣᠯ ᠡᠮᠨᠡᠯᠭᠡ ᠶᠢᠨ ᠨᠡᠶᠢᠭᠡᠮᠯᠢᠭ"},
        {"内蒙古自治区护理学会", "ᠠᠰᠠᠷᠠᠨ ᠬᠠᠮᠠᠭᠠᠯᠠᠬᠤ ᠶᠢᠨ ᠨᠡᠶᠢᠭᠡᠮᠯᠢᠭ"},
        {"内蒙古自治区营养学会", "ᠲᠡᠵᠢᠭᠡᠯ ᠦᠨ ᠨᠡᠶᠢᠭᠡᠮᠯᠢᠭ"},
        {"内蒙古自治区科普作家协会", "ᠰᠢᠨᠵᠢᠯᠡᠬᠦ ᠤᠬᠠᠭᠠᠨ ᠤ ᠵᠣᠺᠢᠶᠠᠯᠴᠢ ᠶᠢᠨ ᠬᠣᠯᠪᠣᠭᠠ"},
        {"内蒙古自治区天文学会", "ᠣᠳᠣᠨ ᠣᠷᠣᠨ ᠤ ᠨᠡᠶᠢᠭᠡᠮᠯᠢᠭ"},
        {"内蒙古自治区环境科学学会", "ᠣᠷᠴᠢᠨ ᠤ ᠰᠢᠨᠵᠢᠯᠡᠬᠦ ᠤᠬᠠᠭᠠᠨ ᠤ ᠨᠡᠶᠢᠭᠡᠮᠯᠢᠭ"},
        {"内蒙古自治区煤炭学会", "ᠨᠦᠭᠦᠷᠰᠦᠨ ᠦ ᠨᠡᠶᠢᠭᠡᠮᠯᠢᠭ"},
        {"内蒙古自治区稀土学会", "ᠬᠣᠮᠰᠠ ᠰᠢᠷᠣᠢ ᠶᠢᠨ ᠨᠡᠶᠢᠭᠡᠮᠯᠢᠭ"},
        {"内蒙古自治区机械工程学会", "ᠮᠠᠰᠢᠨ ᠤ ᠢᠨᠭᠡᠨᠡᠷ ᠦᠨ ᠨᠡᠶᠢᠭᠡᠮᠯᠢᠭ"},
        {"内蒙古自治区防沙治沙学会", "ᠡᠯᠡᠰᠦ ᠲᠡᠢ ᠲᠡᠮᠡᠴᠡᠺᠦ ᠶᠢᠨ ᠨᠡᠶᠢᠭᠡᠮᠯᠢᠭ"},
},
  institutions[] = {
      {"内蒙古科技馆", "ᠰᠢᠨᠵᠢᠯᠡᠬᠦ ᠤᠬᠠᠭᠠᠨ ᠲᠡᠭᠨᠢᠭ ᠤᠨ ᠣᠷᠳᠣᠨ"},
      {"内蒙古科普信息中心", "ᠰᠢᠨᠵᠢᠯᠡᠬᠦ ᠤᠬᠠᠭᠠᠨ ᠤ ᠮᠡᠳᠡᠡᠯ ᠦᠨ ᠲᠣᠪ"},
      {"内蒙古科技创新研究院", "ᠰᠢᠨᠵᠢᠯᠡᠬᠦ ᠤᠬᠠᠭᠠᠨ ᠤ ᠰᠤᠳᠤᠯᠬᠤ ᠬᠤᠷᠡᠯᠡᠩ"},
      {"内蒙古科协培训中心", "ᠰᠢᠨᠵᠢᠯᠡᠬᠦ ᠤᠬᠠᠭᠠᠨ ᠤ ᠰᠤᠷᠭᠠᠭᠤᠯᠬᠤ ᠲᠣᠪ"},

};

/* Runs fn through the writer with a CLI audit entry; fills err on failure. */
static int cli_write(struct store *st, store_write_fn fn, void *ctx, const char *action,
                     const char *key, const char *summary, char *err, size_t errlen)
{
	struct audit_entry e = {
	    .action = action, .object_type = "site", .object_id = key, .summary = summary};
	if (audit_cli_write(st, fn, ctx, &e) == OK)
		return OK;
	snprintf(err, errlen, "%s %s failed", action, key ? key : "");
	return ERR;
}

int content_init_region_site(struct store *st, char *err, size_t errlen)
{
	struct arena a;
	arena_init(&a, 4096);
	struct site s;
	struct region r;
	int rc = OK;
	if (content_site_by_slug(st, &a, REGION_SLUG, &s) == OK)
		goto out;
	if (region_get(st, &a, "15", &r) != OK) {
		snprintf(err, errlen, "region 15 is not imported");
		rc = ERR;
		goto out;
	}
	struct site_new n = {.slug = REGION_SLUG,
	                     .kind = "region",
	                     .region_code = "15",
	                     .name_zh = r.name_zh,
	                     .name_mn = r.name_mn,
	                     .now_ms = clock_wall_ms()};
	rc = cli_write(st, content_site_insert, &n, "site.create", REGION_SLUG, "region portal",
	               err, errlen);
out:
	arena_free(&a);
	return rc;
}

/* ---- sites ---- */

struct demo_sites {
	struct site_new *items;
	size_t n;
	int created; /* out */
};

/* Write closure: creates every site of the batch (parents before children: a negative
 * parent_id -k means "the site created k-th in this batch", 1-based). */
static int sites_write(sqlite3 *db, void *ctx)
{
	struct demo_sites *d = ctx;
	for (size_t i = 0; i < d->n; i++) {
		struct site_new *n = &d->items[i];
		if (n->parent_id < 0)
			n->parent_id = d->items[-n->parent_id - 1].id;
		if (content_site_insert(db, n) != OK)
			return ERR;
		d->created++;
	}
	char summary[64];
	snprintf(summary, sizeof summary, "%d demo sites", d->created);
	struct audit_entry e = {.actor = audit_cli_actor(),
	                        .action = "site.demo",
	                        .object_type = "site",
	                        .summary = summary};
	return audit_append(db, &e);
}

static struct site_new *add_site(struct arena *a, struct demo_sites *d, size_t *cap)
{
	d->items = arena_grow_array(a, d->items, d->n, cap, sizeof *d->items);
	struct site_new *n = &d->items[d->n++];
	memset(n, 0, sizeof *n);
	n->now_ms = clock_wall_ms();
	return n;
}

static int demo_sites(struct store *st, struct arena *a, int64_t root, int *count, char *err,
                      size_t errlen)
{
	struct region_list leagues;
	if (region_children(st, a, "15", NULL, 100, &leagues) != OK) {
		snprintf(err, errlen, "cannot read the region tree");
		return ERR;
	}
	struct demo_sites d = {0};
	size_t cap = 0;
	for (size_t i = 0; i < leagues.n; i++) {
		const struct region *l = &leagues.items[i];
		struct site_new *ln = add_site(a, &d, &cap);
		ln->slug = l->code;
		ln->kind = "league";
		ln->region_code = l->code;
		ln->parent_id = root;
		ln->name_zh = l->name_zh;
		ln->name_mn = l->name_mn;
		int64_t league_ref = -(int64_t)d.n;
		struct region_list counties;
		if (region_children(st, a, l->code, NULL, 100, &counties) != OK) {
			snprintf(err, errlen, "cannot read the counties of %s", l->code);
			return ERR;
		}
		for (size_t j = 1; j < counties.n; j++) { /* j = 0: the league site covers it */
			const struct region *c = &counties.items[j];
			struct site_new *cn = add_site(a, &d, &cap);
			cn->slug = c->code;
			cn->kind = "county";
			cn->region_code = c->code;
			cn->parent_id = league_ref;
			cn->name_zh = c->name_zh;
			cn->name_mn = c->name_mn;
		}
	}
	for (size_t i = 0; i < ARRAY_LEN(societies); i++) {
		struct site_new *n = add_site(a, &d, &cap);
		n->slug = arena_printf(a, "society-%02zu", i + 1);
		n->kind = "society";
		n->parent_id = root;
		n->name_zh = societies[i].zh;
		n->name_mn = societies[i].mn;
	}
	for (size_t i = 0; i < ARRAY_LEN(institutions); i++) {
		struct site_new *n = add_site(a, &d, &cap);
		n->slug = arena_printf(a, "institution-%zu", i + 1);
		n->kind = "institution";
		n->parent_id = root;
		n->name_zh = institutions[i].zh;
		n->name_mn = institutions[i].mn;
	}
	if (store_write(st, sites_write, &d) != OK) {
		snprintf(err, errlen, "creating the demo sites failed");
		return ERR;
	}
	*count = d.created;
	return OK;
}

/* ---- text generators ---- */

struct rng {
	uint64_t s;
};

static uint32_t rnd(struct rng *r, uint32_t n)
{
	r->s ^= r->s << 13;
	r->s ^= r->s >> 7;
	r->s ^= r->s << 17;
	return (uint32_t)(r->s % n);
}

struct words {
	char **w;
	size_t n;
};

/* The Mongolian demo words: the shared Menksoft word list decoded to Unicode. */
static void words_load(struct words *ws)
{
	static const char *const fallback[] = {"ᠮᠣᠩᠭᠣᠯ", "ᠰᠢᠨᠵᠢᠯᠡᠬᠦ", "ᠤᠬᠠᠭᠠᠨ", "ᠮᠠᠯ",
	                                       "ᠠᠵᠤ",    "ᠠᠬᠤᠢ",      "ᠡᠷᠡᠭᠦᠯ", "ᠠᠮᠢᠳᠤᠷᠠᠯ"};
	ws->w = calloc(WORDS_MAX, sizeof *ws->w);
	ws->n = 0;
	const char *dir = getenv("TALA_SOURCE_DIR");
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : TALA_SOURCE_DIR, WORDS_FILE);
	FILE *f = fopen(path, "r");
	char line[512];
	struct strbuf sb;
	strbuf_init(&sb);
	while (f && ws->w && ws->n < WORDS_MAX && fgets(line, sizeof line, f)) {
		size_t len = strcspn(line, "\r\n");
		if (len < 6) /* two glyphs at least */
			continue;
		strbuf_reset(&sb);
		text_menksoft_decode(line, len, &sb);
		if (sb.len >= 6 && !strchr(sb.data, ' '))
			ws->w[ws->n++] = strdup(sb.data);
	}
	strbuf_free(&sb);
	if (f)
		fclose(f);
	if (!ws->n) {
		log_msg(LOG_WARN, "content.demo", "%s not readable: using built-in words", path);
		for (size_t i = 0; ws->w && i < ARRAY_LEN(fallback); i++)
			ws->w[ws->n++] = strdup(fallback[i]);
	}
}

static void words_free(struct words *ws)
{
	for (size_t i = 0; i < ws->n; i++)
		free(ws->w[i]);
	free(ws->w);
}

static void mn_words(struct rng *r, const struct words *ws, int n, struct strbuf *out)
{
	for (int i = 0; i < n; i++) {
		if (i)
			strbuf_putc(out, ' ');
		strbuf_puts(out, ws->w[rnd(r, (uint32_t)ws->n)]);
	}
}

static const char *const zh_topics[] = {
    "玉米",     "马铃薯",   "向日葵",   "苜蓿",     "肉羊",     "奶牛",     "绒山羊",   "牧草",
    "草原生态", "防沙治沙", "节水灌溉", "温室大棚", "冬季取暖", "流感",     "高血压",   "食品安全",
    "心理健康", "人工智能", "卫星导航", "新能源",   "稀土材料", "量子通信", "火星探测", "科幻电影",
    "数学游戏", "天文观测", "雷电防护", "地震避险", "森林防火", "白灾防范"};
static const char *const zh_frames[] = {"%s的科学知识",      "%s常见问题解答", "关于%s的五个要点",
                                        "%s新技术推广",      "专家谈%s",       "%s入门指南",
                                        "%s：你需要知道的事"};
static const char *const zh_sentences[] = {"专家建议，%s要因地制宜，结合本地气候和土壤条件。",
                                           "近年来，%s在全区各盟市得到推广，效果明显。",
                                           "农牧民朋友在%s方面要注意科学方法，避免盲目跟风。",
                                           "科协组织科技志愿者深入嘎查村，讲解%s的关键技术。",
                                           "数据显示，掌握%s知识的家庭收入提高了不少。",
                                           "遇到%s相关问题，可以咨询当地科协和农牧业技术推广站。",
                                           "青少年可以通过实验和观察了解%s背后的科学原理。"};

static void zh_paragraphs(struct rng *r, const char *topic, int paras, struct strbuf *out)
{
	for (int p = 0; p < paras; p++) {
		strbuf_puts(out, "<p>");
		int n = 2 + (int)rnd(r, 3);
		for (int i = 0; i < n; i++)
			strbuf_printf(out, zh_sentences[rnd(r, ARRAY_LEN(zh_sentences))], topic);
		strbuf_puts(out, "</p>\n");
	}
}

static void mn_paragraphs(struct rng *r, const struct words *ws, int paras, struct strbuf *out)
{
	for (int p = 0; p < paras; p++) {
		strbuf_puts(out, "<p>");
		int n = 3 + (int)rnd(r, 3);
		for (int i = 0; i < n; i++) {
			if (i)
				strbuf_putc(out, ' ');
			mn_words(r, ws, 6 + (int)rnd(r, 8), out);
			strbuf_puts(out, " \xe1\xa0\x83"); /* U+1803 full stop */
		}
		strbuf_puts(out, "</p>\n");
	}
}

/* ---- articles ---- */

struct demo_batch {
	struct article_save *items;
	size_t n;
	int64_t push_from; /* the region site: articles with push set go to its whole subtree */
	bool *push;
	int written, placed; /* out */
};

static int articles_write(sqlite3 *db, void *ctx)
{
	struct demo_batch *b = ctx;
	for (size_t i = 0; i < b->n; i++) {
		if (content_article_save(db, &b->items[i]) != OK)
			return ERR;
		b->written++;
		if (b->push[i]) {
			struct article_push p = {.article_id = b->items[i].new_id,
			                         .from_site_id = b->push_from,
			                         .now_ms = b->items[i].now_ms};
			if (content_article_push(db, &p) != OK)
				return ERR;
			b->placed += p.placed;
		}
	}
	char summary[64];
	snprintf(summary, sizeof summary, "%zu demo articles", b->n);
	struct audit_entry e = {.actor = audit_cli_actor(),
	                        .action = "article.demo",
	                        .object_type = "article",
	                        .summary = summary};
	return audit_append(db, &e);
}

static struct article_text *gen_text(struct arena *a, struct strbuf *sb, const char *title,
                                     const char *summary, const char *body, const char *author)
{
	(void)sb;
	struct article_text *t = arena_alloc(a, sizeof *t);
	t->title = arena_strdup(a, title);
	t->summary = arena_strdup(a, summary);
	t->body = arena_strdup(a, body);
	t->author = author;
	t->source = "";
	return t;
}

static int demo_articles(struct store *st, struct arena *a, int *count, char *err, size_t errlen)
{
	struct site_list sites;
	struct content_column *cols;
	size_t ncols;
	if (content_sites_list(st, a, NULL, 0, &sites) != OK || !sites.n ||
	    content_columns(st, a, 0, &cols, &ncols) != OK || !ncols) {
		snprintf(err, errlen, "cannot read sites and columns");
		return ERR;
	}
	struct words ws;
	words_load(&ws);
	if (!ws.n) {
		snprintf(err, errlen, "out of memory");
		return ERR;
	}
	struct rng r = {0x9E3779B97F4A7C15ull};
	int64_t now = clock_wall_ms();
	int rc = OK, total = 0;
	struct strbuf t1, t2, t3;
	strbuf_init(&t1);
	strbuf_init(&t2);
	strbuf_init(&t3);
	for (int start = 0; start < DEMO_ARTICLES && rc == OK; start += DEMO_BATCH) {
		struct arena ba;
		arena_init(&ba, 1 << 16);
		int n = DEMO_ARTICLES - start < DEMO_BATCH ? DEMO_ARTICLES - start : DEMO_BATCH;
		struct demo_batch b = {.items = arena_alloc(&ba, (size_t)n * sizeof *b.items),
		                       .push = arena_alloc(&ba, (size_t)n * sizeof(bool)),
		                       .n = (size_t)n,
		                       .push_from = sites.items[0].id};
		for (int k = 0; k < n; k++) {
			int i = start + k;
			/* a third on the region portal, the rest spread over the network */
			const struct site *s =
			    i % 3 == 0 ? &sites.items[0] : &sites.items[rnd(&r, (uint32_t)sites.n)];
			const struct content_column *c = &cols[rnd(&r, (uint32_t)ncols)];
			const char *topic = zh_topics[rnd(&r, ARRAY_LEN(zh_topics))];
			struct article_save *sv = &b.items[k];
			sv->status = "published";
			sv->now_ms = now;
			sv->in.site_id = s->id;
			sv->in.column_id = c->id;
			/* one article every 2 hours back from now */
			sv->in.publish_at = now - (int64_t)(DEMO_ARTICLES - i) * 7200000;
			strbuf_reset(&t1);
			strbuf_printf(&t1, zh_frames[rnd(&r, ARRAY_LEN(zh_frames))], topic);
			strbuf_reset(&t2);
			strbuf_printf(&t2, "本文介绍%s方面的实用知识，供农牧民和青少年参考。",
			              topic);
			strbuf_reset(&t3);
			zh_paragraphs(&r, topic, 3 + (int)rnd(&r, 3), &t3);
			sv->in.zh = gen_text(&ba, &t1, t1.data, t2.data, t3.data, "科普中国");
			strbuf_reset(&t1);
			mn_words(&r, &ws, 3 + (int)rnd(&r, 3), &t1);
			strbuf_reset(&t2);
			mn_words(&r, &ws, 10 + (int)rnd(&r, 8), &t2);
			strbuf_reset(&t3);
			mn_paragraphs(&r, &ws, 3 + (int)rnd(&r, 3), &t3);
			sv->in.mn = gen_text(&ba, &t1, t1.data, t2.data, t3.data, "");
			const char **tags = arena_alloc(&ba, 2 * sizeof *tags);
			tags[0] = topic;
			tags[1] = c->name_zh;
			sv->in.tags = tags;
			sv->in.ntags = 2;
			b.push[k] = s == &sites.items[0] && i % DEMO_PUSH_EVERY == 0;
		}
		if (store_write(st, articles_write, &b) != OK) {
			snprintf(err, errlen, "writing demo articles failed");
			rc = ERR;
		}
		total += b.written;
		arena_free(&ba);
	}
	strbuf_free(&t1);
	strbuf_free(&t2);
	strbuf_free(&t3);
	words_free(&ws);
	*count = total;
	return rc;
}

int content_demo_load(struct store *st, int *sites, int *articles, char *err, size_t errlen)
{
	*sites = *articles = 0;
	if (content_init_region_site(st, err, errlen) != OK)
		return ERR;
	struct arena a;
	arena_init(&a, 1 << 16);
	struct site root, probe;
	int rc = OK;
	if (content_site_by_slug(st, &a, REGION_SLUG, &root) != OK) {
		snprintf(err, errlen, "no region site");
		rc = ERR;
	} else if (content_site_by_slug(st, &a, "society-01", &probe) == OK) {
		/* loaded before: nothing to do */
	} else if ((rc = demo_sites(st, &a, root.id, sites, err, errlen)) == OK) {
		rc = demo_articles(st, &a, articles, err, errlen);
	}
	arena_free(&a);
	if (rc == OK)
		content_touch();
	return rc;
}
