/* test_search.c: search end to end against `tala serve`: articles written into the
 * database (the triggers index them) are found through GET /api/v1/search by a
 * mis-encoded Mongolian query, Latin transliteration and pinyin, in the list envelope;
 * the /search page escapes a body's "<script>" and marks the match, shows Mongolian hits
 * vertically (lang="mn-Mong") and answers bad parameters with 400. */
#include "harness.h"

#include "search/search.h"

#include <sqlite3.h>
#include <string.h>

#define MN_MONGOL_UO "\u182E\u1824\u1829\u182D\u1824\u182F" /* ᠮᠣᠩᠭᠣᠯ typed with u */

static void seed(const char *dir)
{
	search_conn_init_all();
	char path[512];
	snprintf(path, sizeof path, "%s/tala.db", dir);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	char *msg = NULL;
	int rc = sqlite3_exec(
	    db,
	    "INSERT INTO sites(id, slug, kind, name_zh) VALUES (100, 'srch', 'region', 'S');"
	    "INSERT INTO articles(id, site_id, column_id, status, published_at, created_at,"
	    " updated_at) VALUES (100, 100, 1, 'published', 1772000000000, 0, 0),"
	    " (101, 100, 1, 'published', 1772000000000, 0, 0);"
	    "INSERT INTO placements(site_id, article_id, origin, placed_at) VALUES"
	    " (100, 100, 'home', 0), (100, 101, 'home', 0);"
	    "INSERT INTO article_texts(article_id, lang, title, body) VALUES"
	    " (100, 'mn', '\u182E\u1823\u1829\u182D\u1823\u182F', '<p>x</p>'),"
	    " (101, 'zh', '科普知识', '<p>别运行 &lt;script&gt;alert(1)&lt;/script&gt;</p>');",
	    NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fail_msg("seed: %s", msg);
	sqlite3_close(db);
}

static long status_of(struct server *s, const char *path)
{
	struct http_resp r = http_get(s, path);
	long st = r.status;
	http_resp_free(&r);
	return st;
}

static void search_end_to_end(void **state)
{
	(void)state;
	const char *dir = harness_data_dir();
	struct server s;
	server_start(&s, dir, NULL);
	seed(dir);
	struct http_resp r = http_get(&s, "/api/v1/search?q=" MN_MONGOL_UO);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "100"));
	assert_non_null(strstr(r.body, "\"total\""));
	http_resp_free(&r);
	r = http_get(&s, "/api/v1/search?q=monggol&lang=mn");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "100"));
	http_resp_free(&r);
	r = http_get(&s, "/api/v1/search?q=kepu");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "101"));
	http_resp_free(&r);
	r = http_get(&s, "/search?q=alert");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "&lt;script&gt;"));
	assert_null(strstr(r.body, "<script"));
	assert_non_null(strstr(r.body, "<mark>alert</mark>"));
	http_resp_free(&r);
	r = http_get(&s, "/search?q=monggol");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "lang=\"mn-Mong\"><div class=\"mn-inline\">"));
	http_resp_free(&r);
	assert_int_equal(status_of(&s, "/api/v1/search"), 400);
	assert_int_equal(status_of(&s, "/api/v1/search?q=a&site=x"), 400);
	assert_int_equal(status_of(&s, "/api/v1/search?q=a&cursor=bad"), 400);
	assert_int_equal(status_of(&s, "/search?q=a&from=2026-02-30"), 400);
	assert_int_equal(server_stop(&s, 15), 0);
}

int main(int argc, char **argv)
{
	tala_bin = argc > 1 ? argv[1] : "./tala";
	const struct CMUnitTest tests[] = {cmocka_unit_test(search_end_to_end)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
