/* test_officer.c: information officers end to end against `tala serve`: registration (phone
 * must be verified, unknown township refused), confirmation by the org manager whose grant
 * covers the township (another league's manager gets 403; stale transitions 409), share
 * links (one per officer and article; unknown articles 404), the redirect and what it
 * records — browser visits are written, bots, HEAD and prefetches are not, unknown and
 * malformed codes answer 404 and write nothing — forwarding (a valid ?f= token and the
 * tala_att cookie keep the first officer; a forged or tampered token is ignored), self-clicks
 * through the officer cookie, the visits API and the officer's page, QR images and the share
 * card, and the CSV import (duplicates and unknown townships reported per row, nothing
 * imported unless valid_only; the CLI's exit codes). Visits are flushed every 50 ms here;
 * counts are read after a SIGTERM, which flushes what is queued. */
#include "harness.h"

#include "search/search.h"

#include <jansson.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FAST     "auth.argon2_m_kib=64", "auth.argon2_t=1", "officer.flush_ms=50"
#define PASSWORD "Steppe-Wind-2024"
#define BROWSER  "User-Agent: Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile/15E148"
#define TOWNSHIP "152501200" /* in league 1525 */

static struct server srv;
static const char *dir;

static void exec(const char *sql)
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

static int64_t db_int(const char *sql)
{
	return harness_db_int(dir, sql);
}

static void start(void)
{
	server_start(&srv, dir, FAST, NULL);
}

/* Stops the server (SIGTERM writes the queued visits) and starts it again. */
static void restart(void)
{
	assert_int_equal(server_stop(&srv, SIGTERM), 0);
	start();
}

static int setup(void **state)
{
	(void)state;
	dir = harness_data_dir();
	search_conn_init_all(); /* the articles' FTS triggers use the tala tokenizer */
	exec("INSERT INTO articles(id, site_id, column_id, status, published_at, created_at,"
	     " updated_at, version) VALUES (500, 1, (SELECT id FROM columns WHERE slug = 'health'),"
	     " 'published', 1772000000000, 0, 1772000000000, 1),"
	     " (501, 1, (SELECT id FROM columns WHERE slug = 'health'), 'draft', NULL, 0, 0, 1);"
	     "INSERT INTO placements(site_id, article_id, origin, placed_at) VALUES (1, 500, "
	     "'home', 0);"
	     "INSERT INTO article_texts(article_id, lang, title, summary, body) VALUES"
	     " (500, 'zh', '草原防火 <知识>', '摘要 & 要点', '<p>正文</p>'),"
	     " (501, 'zh', '草稿', '', '<p>x</p>');");
	harness_user_add(dir, "alice", PASSWORD, "13800000001", NULL, NULL);
	harness_user_add(dir, "bob", PASSWORD, "13800000002", NULL, NULL);
	harness_user_add(dir, "carol", PASSWORD, "13800000003", NULL, NULL);
	harness_user_add(dir, "dan", PASSWORD, "13800000004", NULL, NULL);
	harness_user_add(dir, "mgr", PASSWORD, NULL, "org_manager", "1525");
	harness_user_add(dir, "far", PASSWORD, NULL, "org_manager", "1526");
	exec("UPDATE users SET phone_verified_at = 1700000000000 WHERE login IN ('alice', 'bob')");
	start();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (srv.pid > 0)
		assert_int_equal(server_stop(&srv, SIGTERM), 0);
	return 0;
}

static struct creds sign_in(const char *login)
{
	struct creds c;
	assert_int_equal(harness_sign_in(&srv, login, PASSWORD, &c), 201);
	return c;
}

static json_t *json_of(struct http_resp *r)
{
	json_t *j = json_loads(r->body, 0, NULL);
	if (!j)
		fail_msg("not JSON: %s", r->body);
	return j;
}

static void expect(struct creds *c, const char *method, const char *path, const char *body,
                   long status, const char *needle)
{
	struct http_resp r = http_as(&srv, c, method, path, body ? "application/json" : NULL, body);
	if (r.status != status || (needle && !strstr(r.body, needle)))
		fail_msg("%s %s: %ld (want %ld, %s): %s", method, path, r.status, status,
		         needle ? needle : "-", r.body);
	http_resp_free(&r);
}

static int64_t officer_id(const char *login)
{
	char sql[512];
	snprintf(
	    sql, sizeof sql,
	    "SELECT o.id FROM officers o JOIN users u ON u.id = o.user_id WHERE u.login = '%s'",
	    login);
	return db_int(sql);
}

/* Registers login and has mgr confirm it. */
static void make_officer(const char *login)
{
	struct creds c = sign_in(login);
	expect(&c, "POST", "/api/v1/officers", "{\"township\":\"" TOWNSHIP "\"}", 201,
	       "\"status\":\"pending\"");
	struct creds m = sign_in("mgr");
	char path[96];
	snprintf(path, sizeof path, "/api/v1/officers/%lld/status", (long long)officer_id(login));
	expect(&m, "POST", path, "{\"status\":\"active\"}", 200, "\"status\":\"active\"");
}

/* The officer's link for article 500; its code into code[11]. */
static void link_of(const char *login, char code[11])
{
	struct creds c = sign_in(login);
	struct http_resp r = http_as(&srv, &c, "POST", "/api/v1/officers/me/links",
	                             "application/json", "{\"target_id\":500}");
	assert_true(r.status == 200 || r.status == 201);
	json_t *j = json_of(&r);
	snprintf(code, 11, "%s", json_string_value(json_object_get(j, "code")));
	json_decref(j);
	http_resp_free(&r);
	assert_int_equal(strlen(code), 10);
}

/* GET path with up to three extra headers; returns the response (caller frees). */
static struct http_resp get(const char *path, const char *h1, const char *h2, const char *h3)
{
	char url[1024];
	snprintf(url, sizeof url, "%s%s", srv.base, path);
	const char *hs[] = {h1, h2, h3, NULL};
	return http_do("GET", url, hs, NULL, 0);
}

/* The value of cookie name in r's Set-Cookie headers (static), or NULL. */
static const char *set_cookie(const struct http_resp *r, const char *name)
{
	static char out[160];
	char want[64];
	snprintf(want, sizeof want, "Set-Cookie: %s=", name);
	const char *p = r->headers ? strstr(r->headers, want) : NULL;
	if (!p) {
		snprintf(want, sizeof want, "set-cookie: %s=", name);
		p = r->headers ? strstr(r->headers, want) : NULL;
	}
	if (!p)
		return NULL;
	p += strlen(want);
	snprintf(out, sizeof out, "%.*s", (int)strcspn(p, ";\r\n"), p);
	return out;
}

static void registration_and_confirmation(void **state)
{
	(void)state;
	struct creds carol = sign_in("carol");
	expect(&carol, "POST", "/api/v1/officers", "{\"township\":\"" TOWNSHIP "\"}", 403,
	       "phone_unverified");
	struct creds alice = sign_in("alice");
	expect(&alice, "GET", "/api/v1/officers/me", NULL, 404, "not_registered");
	expect(&alice, "POST", "/api/v1/officers", "{\"township\":\"999999999\"}", 400,
	       "\"field\":\"township\"");
	expect(&alice, "POST", "/api/v1/officers", "{\"township\":\"1525\"}", 400,
	       "\"field\":\"township\""); /* a league is not a township */
	expect(&alice, "POST", "/api/v1/officers", "{}", 400, "\"field\":\"township\"");
	assert_int_equal(db_int("SELECT count(*) FROM officers"), 0);
	expect(&alice, "POST", "/api/v1/officers",
	       "{\"township\":\"" TOWNSHIP "\",\"org\":\"嘎查\",\"bio_mn\":\"ᠰᠠᠢᠨ\"}", 201,
	       "\"status\":\"pending\"");
	expect(&alice, "POST", "/api/v1/officers/me/links", "{\"target_id\":500}", 403,
	       "not_active");
	int64_t id = officer_id("alice");
	char path[96];
	snprintf(path, sizeof path, "/api/v1/officers/%lld/status", (long long)id);
	/* visitors, plain accounts and another league's manager may not confirm */
	assert_int_equal(
	    http_status_as(&srv, NULL, "POST", path, "application/json", "{\"status\":\"active\"}"),
	    401);
	expect(&alice, "POST", path, "{\"status\":\"active\"}", 403, NULL);
	struct creds far = sign_in("far");
	expect(&far, "POST", path, "{\"status\":\"active\"}", 403, NULL);
	expect(&far, "GET", "/api/v1/officers?status=pending", NULL, 200, "\"total\":0");
	struct creds mgr = sign_in("mgr");
	expect(&mgr, "GET", "/api/v1/officers?status=pending", NULL, 200,
	       "\"township_code\":\"" TOWNSHIP);
	expect(&mgr, "GET", "/api/v1/officers?status=nonsense", NULL, 400, "\"field\":\"status\"");
	expect(&mgr, "POST", path, "{\"status\":\"pending\"}", 400, "\"field\":\"status\"");
	expect(&mgr, "POST", path, "{}", 400, "\"field\":\"status\"");
	expect(&mgr, "POST", "/api/v1/officers/999999/status", "{\"status\":\"active\"}", 404,
	       NULL);
	expect(&mgr, "POST", "/api/v1/officers/abc/status", "{\"status\":\"active\"}", 404, NULL);
	assert_int_equal(db_int("SELECT count(*) FROM officers WHERE status = 'pending'"), 1);
	expect(&mgr, "POST", path, "{\"status\":\"active\"}", 200, "\"status\":\"active\"");
	expect(&mgr, "POST", path, "{\"status\":\"active\"}", 409, "conflict");
	expect(&mgr, "POST", path, "{\"status\":\"rejected\"}", 409, "conflict");
	assert_int_equal(db_int("SELECT count(*) FROM officers WHERE confirmed_by ="
	                        " (SELECT id FROM users WHERE login = 'mgr')"),
	                 1);
	assert_int_equal(db_int("SELECT count(*) FROM audit_log WHERE action = 'officer.status'"),
	                 1);
	/* registering again once active is a conflict */
	expect(&alice, "POST", "/api/v1/officers", "{\"township\":\"" TOWNSHIP "\"}", 409,
	       "already_officer");
	/* the managers' page lists by status and offers the actions */
	struct http_resp r =
	    http_as(&srv, &mgr, "GET", "/admin/officers?status=active", NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "alice"));
	assert_non_null(strstr(r.body, "value=\"suspended\""));
	http_resp_free(&r);
	assert_int_equal(http_status_as(&srv, &alice, "GET", "/admin/officers", NULL, NULL), 403);
}

static int64_t visits(void)
{
	return db_int("SELECT count(*) FROM share_visits");
}

static void redirect_records_people_only(void **state)
{
	(void)state;
	char code[11];
	link_of("alice", code);
	char again[11];
	link_of("alice", again);
	assert_string_equal(code, again); /* one link per officer and article */
	struct creds alice = sign_in("alice");
	expect(&alice, "POST", "/api/v1/officers/me/links", "{\"target_id\":99999}", 404, NULL);
	expect(&alice, "POST", "/api/v1/officers/me/links", "{\"target_id\":501}", 404, NULL);
	expect(&alice, "POST", "/api/v1/officers/me/links", "{\"target_id\":\"x\"}", 400, NULL);
	expect(&alice, "POST", "/api/v1/officers/me/links",
	       "{\"target_id\":500,\"target_kind\":\"poll\"}", 400, NULL);
	restart(); /* the cache is loaded from the database at start */
	int64_t before = visits();
	char path[64];
	snprintf(path, sizeof path, "/r/%s", code);
	struct http_resp r = get(path, BROWSER, NULL, NULL);
	assert_int_equal(r.status, 302);
	assert_string_equal(http_header(&r, "Location"), "/s/nmg/a/500");
	assert_non_null(set_cookie(&r, "tala_reader"));
	assert_non_null(set_cookie(&r, "tala_att"));
	http_resp_free(&r);
	/* a reader with a cookie, through the QR channel */
	snprintf(path, sizeof path, "/r/%s?c=qr", code);
	r = get(path, BROWSER, "Cookie: tala_reader=0123456789abcdef0123456789abcdef", NULL);
	assert_int_equal(r.status, 302);
	assert_null(set_cookie(&r, "tala_reader"));
	http_resp_free(&r);
	/* not counted: bots and previewers, HEAD, prefetches — all still redirected */
	snprintf(path, sizeof path, "/r/%s", code);
	const char *excluded[] = {
	    "User-Agent: facebookexternalhit/1.1", "User-Agent: TelegramBot (like TwitterBot)",
	    "User-Agent: Slackbot-LinkExpanding 1.0", "User-Agent: curl/8.0", NULL};
	for (int i = 0; excluded[i]; i++) {
		r = get(path, excluded[i], NULL, NULL);
		assert_int_equal(r.status, 302);
		http_resp_free(&r);
	}
	const char *prefetch[] = {"Purpose: prefetch", "Sec-Purpose: prefetch;prerender",
	                          "X-Moz: prefetch", NULL};
	for (int i = 0; prefetch[i]; i++) {
		r = get(path, BROWSER, prefetch[i], NULL);
		assert_int_equal(r.status, 302);
		http_resp_free(&r);
	}
	char url[256];
	snprintf(url, sizeof url, "%s%s", srv.base, path);
	const char *hb[] = {BROWSER, NULL};
	r = http_do("HEAD", url, hb, NULL, 0);
	assert_int_equal(r.status, 302);
	http_resp_free(&r);
	/* unknown and malformed codes: 404, nothing recorded */
	const char *bad[] = {"/r/AAAAAAAAAA",
	                     "/r/abc",
	                     "/r/abcdefghijk",
	                     "/r/abcdefghi-",
	                     "/r/%E4%BD%A0%E5%A5%BD%E4%BD%A0%E5%A5%BD%E4%BD%A0",
	                     NULL};
	for (int i = 0; bad[i]; i++) {
		r = get(bad[i], BROWSER, NULL, NULL);
		if (r.status != 404)
			fail_msg("%s answered %ld", bad[i], r.status);
		assert_null(set_cookie(&r, "tala_reader"));
		http_resp_free(&r);
	}
	restart(); /* SIGTERM writes what is queued */
	assert_int_equal(visits(), before + 2);
	assert_int_equal(db_int("SELECT count(*) FROM share_visits WHERE channel = 'qr'"), 1);
	char sql[512];
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM share_visits v JOIN share_links l ON l.id = v.link_id"
	         " WHERE l.code = '%s' AND v.officer_id = l.officer_id AND v.target_id = 500"
	         " AND v.target_kind = 'article' AND length(v.reader_hash) = 16"
	         " AND length(v.net_hash) = 16 AND v.self_click = 0 AND length(v.day) = 10",
	         code);
	assert_int_equal(db_int(sql), 2);
}

static void forwarding_keeps_the_first_officer(void **state)
{
	(void)state;
	make_officer("bob");
	char a[11], b[11];
	link_of("alice", a);
	link_of("bob", b);
	restart();
	int64_t alice = officer_id("alice"), bob = officer_id("bob");
	int64_t before = visits();
	/* reader 1 arrives through alice's link and is given alice's forward token */
	char path[256];
	snprintf(path, sizeof path, "/r/%s", a);
	struct http_resp r = get(path, BROWSER, NULL, NULL);
	char token[160];
	snprintf(token, sizeof token, "%s", set_cookie(&r, "tala_att"));
	http_resp_free(&r);
	assert_true(strlen(token) > 34);
	/* the same browser opening bob's link stays alice's (cookie) */
	char cookie[200];
	snprintf(cookie, sizeof cookie, "Cookie: tala_att=%s", token);
	snprintf(path, sizeof path, "/r/%s", b);
	r = get(path, BROWSER, cookie, NULL);
	assert_int_equal(r.status, 302);
	assert_null(set_cookie(&r, "tala_att"));
	http_resp_free(&r);
	/* a new reader through bob's link forwarded with alice's token: alice's */
	snprintf(path, sizeof path, "/r/%s?f=%s", b, token);
	r = get(path, BROWSER, NULL, NULL);
	assert_int_equal(r.status, 302);
	http_resp_free(&r);
	/* forged tokens are ignored: bob keeps his reader */
	char forged[200], *dot = strrchr(token, '.');
	snprintf(forged, sizeof forged, "/r/%s?f=%.*s%c%s", b, (int)(dot + 1 - token), token,
	         dot[1] == '0' ? '1' : '0', dot + 2);
	const char *forgeries[4];
	char own_id[200], no_mac[200];
	snprintf(own_id, sizeof own_id, "/r/%s?f=%lld.9999999999.00000000000000000000000000000000",
	         b, (long long)alice);
	snprintf(no_mac, sizeof no_mac, "/r/%s?f=%lld.9999999999", b, (long long)alice);
	forgeries[0] = forged;
	forgeries[1] = own_id;
	forgeries[2] = no_mac;
	forgeries[3] = NULL;
	for (int i = 0; forgeries[i]; i++) {
		r = get(forgeries[i], BROWSER, NULL, NULL);
		assert_int_equal(r.status, 302);
		http_resp_free(&r);
	}
	/* a forged cookie too */
	char forged_cookie[220];
	snprintf(forged_cookie, sizeof forged_cookie, "Cookie: tala_att=%lld.9999999999.%032d",
	         (long long)alice, 0);
	snprintf(path, sizeof path, "/r/%s", b);
	r = get(path, BROWSER, forged_cookie, NULL);
	assert_int_equal(r.status, 302);
	assert_non_null(set_cookie(&r, "tala_att")); /* replaced by a real one, for bob */
	http_resp_free(&r);
	restart();
	assert_int_equal(visits(), before + 7);
	char sql[512];
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM share_visits v JOIN share_links l ON l.id = v.link_id"
	         " WHERE v.id > %lld AND l.code = '%s' AND v.officer_id = %lld",
	         (long long)0, b, (long long)alice);
	assert_int_equal(db_int(sql), 2); /* the cookie and the ?f= forward */
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM share_visits v JOIN share_links l ON l.id = v.link_id"
	         " WHERE l.code = '%s' AND v.officer_id = %lld",
	         b, (long long)bob);
	assert_int_equal(db_int(sql), 4); /* three forged tokens and the forged cookie */
}

static void officer_page_self_clicks_and_api(void **state)
{
	(void)state;
	char code[11];
	link_of("alice", code);
	struct creds alice = sign_in("alice");
	struct http_resp r = http_as(&srv, &alice, "GET", "/officer", NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, code));
	assert_non_null(strstr(r.body, "class=\"copy\""));
	assert_non_null(strstr(r.body, "草原防火 &lt;知识&gt;")); /* escaped title */
	/* the latest articles of the region portal, one tap each to make a link */
	assert_non_null(strstr(r.body, "name=\"target_id\" value=\"500\""));
	assert_non_null(strstr(r.body, "class=\"pick\""));
	char self[160];
	assert_non_null(set_cookie(&r, "tala_officer"));
	snprintf(self, sizeof self, "%s", set_cookie(&r, "tala_officer"));
	http_resp_free(&r);
	int64_t before = db_int("SELECT count(*) FROM share_visits WHERE self_click = 1");
	char path[64], cookie[220];
	snprintf(path, sizeof path, "/r/%s", code);
	snprintf(cookie, sizeof cookie, "Cookie: tala_officer=%s", self);
	r = get(path, BROWSER, cookie, NULL);
	assert_int_equal(r.status, 302);
	http_resp_free(&r);
	/* a forged officer cookie is not a self-click */
	snprintf(cookie, sizeof cookie, "Cookie: tala_officer=%lld.%032d",
	         (long long)officer_id("alice"), 0);
	r = get(path, BROWSER, cookie, NULL);
	http_resp_free(&r);
	restart();
	assert_int_equal(db_int("SELECT count(*) FROM share_visits WHERE self_click = 1"),
	                 before + 1);
	alice = sign_in("alice");
	r = http_as(&srv, &alice, "GET", "/api/v1/officers/me/visits", NULL, NULL);
	assert_int_equal(r.status, 200);
	json_t *j = json_of(&r);
	json_t *items = json_object_get(j, "items");
	assert_true(json_array_size(items) >= 1);
	char sql[512];
	snprintf(sql, sizeof sql,
	         "SELECT count(DISTINCT reader_hash) FROM share_visits WHERE officer_id = %lld"
	         " AND self_click = 0 AND day = (SELECT max(day) FROM share_visits)",
	         (long long)officer_id("alice"));
	assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "readers")),
	                 db_int(sql));
	json_decref(j);
	http_resp_free(&r);
	r = http_as(&srv, &alice, "GET", "/api/v1/officers/me/links", NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, code));
	assert_non_null(strstr(r.body, "\"visits\":"));
	http_resp_free(&r);
	/* QR and card */
	snprintf(path, sizeof path, "/r/%s/qr.png", code);
	r = get(path, NULL, NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_string_equal(http_header(&r, "Content-Type"), "image/png");
	assert_memory_equal(r.body, "\x89PNG", 4);
	http_resp_free(&r);
	snprintf(path, sizeof path, "/r/%s/qr.svg", code);
	r = get(path, NULL, NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<svg"));
	http_resp_free(&r);
	snprintf(path, sizeof path, "/r/%s/card", code);
	r = get(path, NULL, NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(
	    strstr(r.body, "<meta property=\"og:title\" content=\"草原防火 &lt;知识&gt;\">"));
	assert_non_null(strstr(r.body, "og:image"));
	http_resp_free(&r);
	r = get("/r/AAAAAAAAAA/card", NULL, NULL, NULL);
	assert_int_equal(r.status, 404);
	http_resp_free(&r);
	r = get("/r/AAAAAAAAAA/qr.png", NULL, NULL, NULL);
	assert_int_equal(r.status, 404);
	http_resp_free(&r);
	/* not signed in */
	r = get("/api/v1/officers/me", NULL, NULL, NULL);
	assert_int_equal(r.status, 401);
	http_resp_free(&r);
}

/* A multipart body with the CSV in part "file". */
static char *multipart(const char *csv)
{
	size_t n = strlen(csv) + 512;
	char *b = malloc(n);
	snprintf(b, n,
	         "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"o.csv\"\r\n"
	         "Content-Type: text/csv\r\n\r\n%s\r\n--XyZ--\r\n",
	         csv);
	return b;
}

static void csv_import(void **state)
{
	(void)state;
	struct creds mgr = sign_in("mgr");
	const char *csv = "phone,township,org\n"
	                  "13800000003," TOWNSHIP ",甲\n" /* carol: fine */
	                  "13800000003," TOWNSHIP ",乙\n" /* carol again */
	                  "13800000004,152501999,\n"      /* unknown township */
	                  "13800000001," TOWNSHIP ",\n"   /* alice: an officer already */
	                  "13900000000," TOWNSHIP ",\n";  /* no such account */
	char *body = multipart(csv);
	int64_t before = db_int("SELECT count(*) FROM officers");
	struct http_resp r = http_as(&srv, &mgr, "POST", "/api/v1/officers/import",
	                             "multipart/form-data; boundary=XyZ", body);
	assert_int_equal(r.status, 422);
	json_t *j = json_of(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "rows")), 5);
	assert_int_equal(json_integer_value(json_object_get(j, "valid")), 1);
	assert_int_equal(json_integer_value(json_object_get(j, "imported")), 0);
	assert_int_equal(json_array_size(json_object_get(j, "errors")), 4);
	assert_non_null(strstr(r.body, "\"code\":\"duplicate\""));
	assert_non_null(strstr(r.body, "\"code\":\"unknown_township\""));
	assert_non_null(strstr(r.body, "\"code\":\"already_officer\""));
	assert_non_null(strstr(r.body, "\"code\":\"unknown_phone\""));
	json_decref(j);
	http_resp_free(&r);
	assert_int_equal(db_int("SELECT count(*) FROM officers"), before);
	/* another league's manager: every township is out of scope */
	struct creds far = sign_in("far");
	const char *one = "phone,township\n13800000004," TOWNSHIP "\n";
	char *body1 = multipart(one);
	r = http_as(&srv, &far, "POST", "/api/v1/officers/import",
	            "multipart/form-data; boundary=XyZ", body1);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "out_of_scope"));
	http_resp_free(&r);
	/* only the valid rows, when asked */
	r = http_as(&srv, &mgr, "POST", "/api/v1/officers/import?valid_only=1",
	            "multipart/form-data; boundary=XyZ", body);
	if (r.status != 200)
		fail_msg("valid_only: %ld %s", r.status, r.body);
	assert_non_null(strstr(r.body, "\"imported\":1"));
	http_resp_free(&r);
	assert_int_equal(db_int("SELECT count(*) FROM officers"), before + 1);
	assert_int_equal(
	    db_int("SELECT count(*) FROM officers o JOIN users u ON u.id = o.user_id"
	           " WHERE u.login = 'carol' AND o.status = 'active' AND o.org = '甲'"),
	    1);
	assert_int_equal(db_int("SELECT count(*) FROM audit_log WHERE action = 'officer.import'"),
	                 1);
	/* the console page shows the per-row report */
	r = http_as(&srv, &mgr, "POST", "/admin/officers/import",
	            "multipart/form-data; boundary=XyZ", body);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "class=\"import-errors\""));
	http_resp_free(&r);
	/* no file */
	r = http_as(&srv, &mgr, "POST", "/api/v1/officers/import",
	            "multipart/form-data; boundary=XyZ", "--XyZ--\r\n");
	assert_int_equal(r.status, 400);
	http_resp_free(&r);
	free(body);
	free(body1);
	/* the CLI: errors exit 2 and import nothing; --valid-only imports the rest */
	assert_int_equal(server_stop(&srv, SIGTERM), 0);
	char file[512];
	snprintf(file, sizeof file, "%s/officers.csv", dir);
	FILE *f = fopen(file, "w");
	fputs("phone,township\n13800000004," TOWNSHIP "\n13800000004," TOWNSHIP "\n"
	      "13800000009,152501999\n",
	      f);
	fclose(f);
	char err[512] = "";
	before = db_int("SELECT count(*) FROM officers");
	assert_int_equal(
	    harness_run(err, sizeof err, "officer", "import", file, "--data", dir, NULL), 2);
	assert_non_null(strstr(err, "nothing imported"));
	assert_int_equal(db_int("SELECT count(*) FROM officers"), before);
	assert_int_equal(harness_run(err, sizeof err, "officer", "import", file, "--valid-only",
	                             "--data", dir, NULL),
	                 0);
	assert_int_equal(db_int("SELECT count(*) FROM officers"), before + 1);
	assert_int_equal(harness_run(err, sizeof err, "officer", "import", "/nonexistent.csv",
	                             "--data", dir, NULL),
	                 2);
	start();
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s TALA_BINARY\n", argv[0]);
		return 2;
	}
	tala_bin = argv[1];
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(registration_and_confirmation),
	    cmocka_unit_test(redirect_records_people_only),
	    cmocka_unit_test(forwarding_keeps_the_first_officer),
	    cmocka_unit_test(officer_page_self_clicks_and_api),
	    cmocka_unit_test(csv_import),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
