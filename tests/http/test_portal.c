/* test_portal.c: the public portal end to end against `tala serve`: the region site (from
 * `tala init`) with articles written into its database — the site home, column and tag
 * lists in both languages, cursor paging, a bilingual article shown vertically in Mongolian
 * and horizontally in Chinese with the switch, the WeChat export, Atom and JSON feeds
 * (escaping of & < > " ' and Mongolian, content types) with 304 on If-None-Match and
 * If-Modified-Since, an article changed through the API showing its change at once (the page
 * cache follows the content generation, not only the TTL), and 404 in the reader's language
 * for an unknown site, column, article or tag. */
#include "harness.h"

#include "search/search.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PASSWORD "Steppe-Wind-2024"
#define MN_TITLE "\u182E\u1823\u1829\u182D\u1823\u182F \u1833\u1824\u1837\u1824\u182F"
#define NASTY    "A & B <c> \"q\" ''a''" /* in SQL: A & B <c> "q" 'a' */

static void exec(const char *dir, const char *sql)
{
	char path[512];
	snprintf(path, sizeof path, "%s/tala.db", dir);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("seed: %s", msg);
	sqlite3_close(db);
}

/* 25 articles in health on the region site (id 1): 500 bilingual with a tag and a nasty
 * title, 501..524 Chinese only. */
static void seed(const char *dir)
{
	search_conn_init_all();
	exec(dir, "WITH RECURSIVE n(value) AS (SELECT 0 UNION ALL SELECT value + 1 FROM n"
	          " WHERE value < 24) INSERT INTO articles(id, site_id, column_id, status, "
	          "published_at, created_at,"
	          " updated_at, version) SELECT 500 + value, 1, (SELECT id FROM columns WHERE"
	          " slug = 'health'), 'published', 1772000000000 - value * 1000, 0,"
	          " 1772000000000, 1 FROM n;"
	          "INSERT INTO placements(site_id, article_id, origin, placed_at)"
	          " SELECT 1, id, 'home', 0 FROM articles WHERE id BETWEEN 500 AND 524;"
	          "INSERT INTO article_texts(article_id, lang, title, summary, body)"
	          " SELECT id, 'zh', '健康文章' || id, '摘要', '<p>正文</p>' FROM articles"
	          " WHERE id BETWEEN 501 AND 524;"
	          "INSERT INTO article_texts(article_id, lang, title, summary, body) VALUES"
	          " (500, 'zh', '" NASTY "', '摘要', '<p>中文正文</p>'),"
	          " (500, 'mn', '" MN_TITLE "', '', '<p>" MN_TITLE "</p>');"
	          "INSERT INTO article_tags(article_id, tag) VALUES (500, '防疫');");
}

static struct http_resp get_h(struct server *s, const char *path, const char *h1, const char *h2)
{
	char url[1024];
	snprintf(url, sizeof url, "%s%s", s->base, path);
	const char *hs[] = {h1, h2, NULL};
	return http_do("GET", url, hs, NULL, 0);
}

static long status_h(struct server *s, const char *path, const char *h1)
{
	struct http_resp r = get_h(s, path, h1, NULL);
	long st = r.status;
	http_resp_free(&r);
	return st;
}

static void has(const struct http_resp *r, const char *needle)
{
	if (!strstr(r->body, needle))
		fail_msg("missing %s in:\n%.2000s", needle, r->body);
}

static void portal_end_to_end(void **state)
{
	(void)state;
	const char *dir = harness_data_dir();
	seed(dir);
	harness_user_add(dir, "ed", PASSWORD, NULL, "editor", "15");
	struct server s;
	server_start(&s, dir, "auth.argon2_m_kib=64", "auth.argon2_t=1", NULL);

	/* site home in both languages */
	struct http_resp r = http_get(&s, "/s/nmg/?lang=zh");
	assert_int_equal(r.status, 200);
	has(&r, "<html lang=\"zh-Hans\"");
	has(&r, "href=\"/s/nmg/a/500\"");
	has(&r, "A &amp; B &lt;c&gt; &quot;q&quot; &#39;a&#39;");
	has(&r, "/search");
	has(&r, "/s/nmg/c/health");
	http_resp_free(&r);
	r = http_get(&s, "/s/nmg/?lang=mn");
	assert_int_equal(r.status, 200);
	has(&r, "<html lang=\"mn-Mong\"");
	has(&r, "class=\"page mn\" lang=\"mn-Mong\"");
	has(&r, MN_TITLE);
	http_resp_free(&r);

	/* column paging: 25 articles, 20 a page, then the rest via the cursor */
	r = http_get(&s, "/s/nmg/c/health?lang=zh");
	assert_int_equal(r.status, 200);
	const char *next = strstr(r.body, "rel=\"next\" href=\"?after=");
	assert_non_null(next);
	char path[512];
	const char *q = next + 17;
	size_t n = strcspn(q, "\"");
	snprintf(path, sizeof path, "/s/nmg/c/health%.*s", (int)n, q);
	http_resp_free(&r);
	r = http_get(&s, path);
	assert_int_equal(r.status, 200);
	has(&r, "/s/nmg/a/524");
	assert_null(strstr(r.body, "rel=\"next\""));
	http_resp_free(&r);
	assert_int_equal(status_h(&s, "/s/nmg/c/health?after=zzz", NULL), 400);

	/* tag page */
	r = http_get(&s, "/s/nmg/t/%E9%98%B2%E7%96%AB");
	assert_int_equal(r.status, 200);
	has(&r, "/s/nmg/a/500");
	http_resp_free(&r);

	/* the article: Mongolian vertical, Chinese horizontal, the switch */
	r = http_get(&s, "/s/nmg/a/500?v=mn&lang=zh");
	assert_int_equal(r.status, 200);
	has(&r, "<article class=\"article mn\" lang=\"mn-Mong\"><h1>" MN_TITLE);
	has(&r, "href=\"?v=zh\"");
	has(&r, "href=\"?v=mn\"");
	http_resp_free(&r);
	r = http_get(&s, "/s/nmg/a/500?lang=zh");
	has(&r, "<article class=\"article zh\" lang=\"zh-Hans\"><h1>A &amp; B &lt;c&gt;");
	has(&r, "<p>中文正文</p>");
	http_resp_free(&r);
	r = http_get(&s, "/s/nmg/a/501?lang=mn");
	has(&r, "<article class=\"article zh\""); /* only Chinese: shown in Chinese */
	assert_null(strstr(r.body, "href=\"?v=mn\""));
	http_resp_free(&r);
	r = http_get(&s, "/s/nmg/a/500/wechat?v=zh");
	assert_int_equal(r.status, 200);
	has(&r, "<h1>A &amp; B");
	has(&r, "<p class=\"digest\">摘要</p>");
	http_resp_free(&r);

	/* feeds: types, escaping, well-formed enough to carry both languages */
	r = http_get(&s, "/s/nmg/feed.atom?lang=zh");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(http_header(&r, "Content-Type"), "application/atom+xml"));
	has(&r, "<?xml version=\"1.0\" encoding=\"utf-8\"?>");
	has(&r, "<title>A &amp; B &lt;c&gt; &quot;q&quot; &#39;a&#39;</title>");
	has(&r, "<content type=\"html\">&lt;p&gt;中文正文&lt;/p&gt;</content>");
	has(&r, "<category term=\"防疫\"/>");
	assert_null(strstr(r.body, "<c>"));
	char etag[64];
	snprintf(etag, sizeof etag, "If-None-Match: %s", http_header(&r, "ETag"));
	char lm[96];
	assert_non_null(http_header(&r, "Last-Modified"));
	snprintf(lm, sizeof lm, "If-Modified-Since: %s", http_header(&r, "Last-Modified"));
	http_resp_free(&r);
	assert_int_equal(status_h(&s, "/s/nmg/feed.atom?lang=zh", etag), 304);
	assert_int_equal(status_h(&s, "/s/nmg/feed.atom?lang=zh", lm), 304);
	r = http_get(&s, "/s/nmg/c/health/feed.atom?lang=mn");
	has(&r, "<title>" MN_TITLE "</title>");
	has(&r, "xml:lang=\"mn-Mong\"");
	http_resp_free(&r);
	r = http_get(&s, "/s/nmg/c/health/feed.json?lang=zh");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(http_header(&r, "Content-Type"), "application/feed+json"));
	has(&r, "\"version\":\"https://jsonfeed.org/version/1.1\"");
	has(&r, "\"title\":\"A & B <c> \\\"q\\\" 'a'\"");
	http_resp_free(&r);

	/* a change shows at once (cache.ttl is 30 s by default) */
	r = http_get(&s, "/s/nmg/a/501?lang=zh");
	has(&r, "健康文章501");
	http_resp_free(&r);
	struct creds ed;
	assert_int_equal(harness_sign_in(&s, "ed", PASSWORD, &ed), 201);
	long st = http_status_as(&s, &ed, "PUT", "/api/v1/articles/501", "application/json",
	                         "{\"version\": 1, \"column\": \"health\","
	                         " \"zh\": {\"title\": \"改过的标题\", \"body\": \"<p>新</p>\"}}");
	assert_int_equal(st, 200);
	r = http_get(&s, "/s/nmg/a/501?lang=zh");
	has(&r, "改过的标题");
	http_resp_free(&r);
	r = http_get(&s, "/s/nmg/c/health?lang=zh");
	has(&r, "改过的标题");
	http_resp_free(&r);

	/* unknown things: 404 in the reader's language */
	static const char *const missing[] = {"/s/nope/",     "/s/nmg/c/nope", "/s/nmg/a/999999",
	                                      "/s/nmg/a/abc", "/s/nmg/t/nope", "/s/nope/feed.atom"};
	for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
		char p[128];
		snprintf(p, sizeof p, "%s?lang=mn", missing[i]);
		r = http_get(&s, p);
		if (r.status != 404)
			fail_msg("%s: %ld", p, r.status);
		has(&r, "<html lang=\"mn-Mong\"");
		http_resp_free(&r);
	}
	r = http_get(&s, "/s/nope/?lang=zh");
	has(&r, "没有这个网站");
	http_resp_free(&r);
	assert_int_equal(server_stop(&s, 15), 0);
}

int main(int argc, char **argv)
{
	tala_bin = argc > 1 ? argv[1] : "./tala";
	const struct CMUnitTest tests[] = {cmocka_unit_test(portal_end_to_end)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
