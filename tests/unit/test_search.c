/* test_search.c: search over articles (src/search) on a migrated store: the triggers index
 * every write to article_texts (insert, update, delete); a Mongolian article stored in
 * standard Unicode is found by a mis-encoded query (o/u), by its Latin transliteration and
 * (monggol: UTN #57 spells ng+g); a Chinese one by characters and by pinyin; filters by
 * site subtree, column, language and date narrow; drafts and hidden placements are not
 * found; a title match ranks above a body match; snippets escape the text (an article
 * whose body holds "<script>" shows it as text) and mark the matches; cursor paging walks
 * every hit once; the plain-text extraction and the FTS5 query quoting. */
#include "store/store.h"
#include "test_util.h"

#include "base/arena.h"
#include "base/common.h"
#include "search/search.h"

#include <string.h>

#define MN_MONGOL    "\u182E\u1823\u1829\u182D\u1823\u182F" /* ᠮᠣᠩᠭᠣᠯ, standard */
#define MN_MONGOL_UO "\u182E\u1824\u1829\u182D\u1824\u182F" /* the same shape typed with u */
#define MN_BICHIG    "\u182A\u1822\u1834\u1822\u182D"       /* ᠪᠢᠴᠢᠭ */

static struct tu_db D;

static void exec(const char *sql)
{
	sqlite3 *db = tu_sqlite_open(D.path, true);
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	sqlite3_close(db);
}

static int setup(void **state)
{
	(void)state;
	tu_db_open(&D, 64);
	int applied = 0;
	char err[256] = "";
	if (store_migrate(D.s, &applied, err, sizeof err) != OK)
		fail_msg("migrate: %s", err);
	/* sites: 1 region > 2 league > 3 county; 4 another league */
	exec("INSERT INTO sites(id, slug, kind, parent_id, name_zh) VALUES"
	     " (1, 'nmg', 'region', NULL, 'R'), (2, 'l1', 'league', 1, 'L1'),"
	     " (3, 'c1', 'county', 2, 'C1'), (4, 'l2', 'league', 1, 'L2');"
	     "INSERT INTO articles(id, site_id, column_id, status, published_at, created_at,"
	     " updated_at) VALUES"
	     " (1, 3, 1, 'published', 1772000000000, 0, 0)," /* mn: mongol in title */
	     " (2, 4, 2, 'published', 1773000000000, 0, 0)," /* mn: mongol in body */
	     " (3, 2, 1, 'published', 1772500000000, 0, 0)," /* zh */
	     " (4, 2, 1, 'draft', NULL, 0, 0),"              /* draft: never found */
	     " (5, 4, 3, 'published', 1772600000000, 0, 0)," /* hidden on its site */
	     " (6, 4, 3, 'published', 1772700000000, 0, 0);" /* <script> body */
	     "INSERT INTO placements(site_id, article_id, origin, hidden, placed_at) VALUES"
	     " (3, 1, 'home', 0, 0), (4, 2, 'home', 0, 0), (2, 3, 'home', 0, 0),"
	     " (2, 4, 'home', 0, 0), (4, 5, 'home', 1, 0), (4, 6, 'home', 0, 0);"
	     "INSERT INTO article_texts(article_id, lang, title, summary, body) VALUES"
	     " (1, 'mn', '" MN_MONGOL " " MN_BICHIG "', '', '<p>" MN_BICHIG "</p>'),"
	     " (2, 'mn', '" MN_BICHIG "', '', '<p>" MN_BICHIG " <b>" MN_MONGOL "</b></p>'),"
	     " (3, 'zh', '科学普及进牧区', '草原上的科普活动', '<p>牧民学习科学知识</p>'),"
	     " (4, 'zh', '科学普及草稿', '', ''),"
	     " (5, 'zh', '科学普及隐藏', '', ''),"
	     " (6, 'zh', '网页安全', '', '<p>不要运行 &lt;script&gt;alert(1)&lt;/script&gt; "
	     "代码</p>');");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tu_db_close(&D);
	return 0;
}

/* Runs q and returns the hits' article ids as "1,2,..." (static). */
static const char *ids(struct search_query q, struct arena *a, struct search_result *res)
{
	static char out[256];
	if (!q.limit)
		q.limit = 20;
	assert_int_equal(search_run(D.s, a, &q, res), OK);
	out[0] = '\0';
	for (size_t i = 0; i < res->n; i++)
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%lld", i ? "," : "",
		         (long long)res->items[i].article_id);
	return out;
}

static void encodings_find_articles(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 8192);
	struct search_result r;
	/* title match (1) above body match (2) */
	assert_string_equal(ids((struct search_query){.q = MN_MONGOL}, &a, &r), "1,2");
	assert_int_equal(r.total, 2);
	assert_string_equal(ids((struct search_query){.q = MN_MONGOL_UO}, &a, &r), "1,2");
	assert_string_equal(ids((struct search_query){.q = "monggol"}, &a, &r), "1,2");
	assert_string_equal(ids((struct search_query){.q = "MONGGOL bichig"}, &a, &r), "1,2");
	assert_string_equal(ids((struct search_query){.q = "科学普及"}, &a, &r), "3");
	assert_string_equal(ids((struct search_query){.q = "kepu"}, &a, &r), "3");
	assert_string_equal(ids((struct search_query){.q = "muqu"}, &a, &r), "3");
	assert_string_equal(ids((struct search_query){.q = "牧民"}, &a, &r), "3");
	assert_string_equal(ids((struct search_query){.q = "nothing-here"}, &a, &r), "");
	assert_int_equal(r.total, 0);
	/* FTS5 syntax is not interpreted */
	assert_string_equal(ids((struct search_query){.q = "\"monggol OR NEAR(* ^"}, &a, &r), "");
	assert_string_equal(ids((struct search_query){.q = "  "}, &a, &r), "");
	arena_free(&a);
}

static void filters_narrow(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 8192);
	struct search_result r;
	assert_string_equal(ids((struct search_query){.q = "monggol", .site_id = 1}, &a, &r),
	                    "1,2");
	assert_string_equal(ids((struct search_query){.q = "monggol", .site_id = 2}, &a, &r), "1");
	assert_string_equal(ids((struct search_query){.q = "monggol", .site_id = 3}, &a, &r), "1");
	assert_string_equal(ids((struct search_query){.q = "monggol", .site_id = 4}, &a, &r), "2");
	assert_string_equal(ids((struct search_query){.q = "monggol", .column_id = 2}, &a, &r),
	                    "2");
	assert_string_equal(ids((struct search_query){.q = "monggol", .lang = "zh"}, &a, &r), "");
	assert_string_equal(ids((struct search_query){.q = "monggol", .lang = "mn"}, &a, &r),
	                    "1,2");
	assert_string_equal(
	    ids((struct search_query){.q = "monggol", .from_ms = 1772500000000}, &a, &r), "2");
	assert_string_equal(
	    ids((struct search_query){.q = "monggol", .to_ms = 1772500000000}, &a, &r), "1");
	arena_free(&a);
}

static void snippets_escaped_and_marked(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 8192);
	struct search_result r;
	assert_string_equal(ids((struct search_query){.q = "alert"}, &a, &r), "6");
	const char *sn = r.items[0].snippet_html;
	assert_non_null(strstr(sn, "&lt;script&gt;"));
	assert_null(strstr(sn, "<script"));
	assert_non_null(strstr(sn, "<mark>alert</mark>"));
	assert_string_equal(r.items[0].title_html, "网页安全");
	assert_string_equal(ids((struct search_query){.q = "muqu"}, &a, &r), "3");
	assert_non_null(strstr(r.items[0].title_html, "<mark>"));
	assert_string_equal(r.items[0].lang, "zh");
	assert_string_equal(r.items[0].url, "/s/l1/a/3?v=zh");
	arena_free(&a);
}

static void triggers_follow_writes(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 8192);
	struct search_result r;
	exec("UPDATE article_texts SET title = '草原新闻' WHERE article_id = 6");
	assert_string_equal(ids((struct search_query){.q = "草原新闻"}, &a, &r), "6");
	assert_string_equal(ids((struct search_query){.q = "网页安全"}, &a, &r), "");
	exec("INSERT INTO article_texts(article_id, lang, title) VALUES (6, 'mn', '" MN_BICHIG "')"
	     " ON CONFLICT(article_id, lang) DO UPDATE SET title = excluded.title");
	assert_string_equal(ids((struct search_query){.q = "bichig", .site_id = 4}, &a, &r), "6,2");
	exec("DELETE FROM article_texts WHERE article_id = 6 AND lang = 'mn'");
	assert_string_equal(ids((struct search_query){.q = "bichig", .site_id = 4}, &a, &r), "2");
	exec("INSERT OR REPLACE INTO article_texts(article_id, lang, title) VALUES (6, 'zh', "
	     "'网页安全')");
	assert_string_equal(ids((struct search_query){.q = "草原新闻"}, &a, &r), "");
	assert_string_equal(ids((struct search_query){.q = "网页安全"}, &a, &r), "6");
	assert_int_equal(tu_path_int(D.path, "SELECT count(*) FROM article_search"),
	                 tu_path_int(D.path, "SELECT count(*) FROM article_texts"));
	arena_free(&a);
}

static void cursor_pages(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 8192);
	struct search_result r;
	assert_string_equal(ids((struct search_query){.q = "bichig", .limit = 1}, &a, &r), "1");
	assert_int_equal(r.total, 2);
	assert_non_null(r.next);
	const char *next = r.next;
	assert_string_equal(
	    ids((struct search_query){.q = "bichig", .limit = 1, .cursor = next}, &a, &r), "2");
	assert_null(r.next);
	assert_int_equal(r.total, 2);
	struct search_query bad = {.q = "bichig", .limit = 1, .cursor = "zzz"};
	assert_int_equal(search_run(D.s, &a, &bad, &r), ERR);
	arena_free(&a);
}

static void plain_text_and_quoting(void **state)
{
	(void)state;
	struct strbuf b;
	strbuf_init(&b);
	const char *html = "<p>a<b>b</b>c</p><p>d&amp;e &#x41;&#66; &bogus; x&lt;y\x01</p>";
	search_plain_text(html, strlen(html), true, &b);
	assert_string_equal(b.data, " abc  d&e AB &bogus; x<y  ");
	strbuf_reset(&b);
	search_match_expr(" a\"b  c ", &b);
	assert_string_equal(b.data, "\"a\"\"b\" \"c\"");
	strbuf_reset(&b);
	search_marked_html("<\x01x\x02>\x03", 6, &b);
	assert_string_equal(b.data, "&lt;<mark>x</mark>&gt;…");
	strbuf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(encodings_find_articles),     cmocka_unit_test(filters_narrow),
	    cmocka_unit_test(snippets_escaped_and_marked), cmocka_unit_test(cursor_pages),
	    cmocka_unit_test(triggers_follow_writes),      cmocka_unit_test(plain_text_and_quoting),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
