/* test_auth.c: what sign-in and sessions must withstand, end to end against a real `tala
 * serve`: CSRF (an unsafe request with the session cookie but without the session's token is
 * refused and writes nothing), session expiry (idle and absolute), throttling with growing
 * back-off and the temporary lock, the same answer for an unknown login and a wrong password,
 * token revocation, secrets that never reach the log, the audit trail, error messages or the
 * database file, and phone numbers that cannot be read in the database file. */
#include "harness.h"
#include "auth/auth.h"

#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FORM "application/x-www-form-urlencoded"
#define JSON "application/json"
#define FAST "auth.argon2_m_kib=64", "auth.argon2_t=1"

static struct server srv;

static void start(const char *dir, const char *a, const char *b, const char *c)
{
	server_start(&srv, dir, FAST, a, b, c, NULL);
}

static int stop(void **state)
{
	if (srv.pid > 0)
		assert_int_equal(server_stop(&srv, SIGTERM), 0);
	return 0;
}

static int64_t db_int(const char *sql)
{
	return harness_db_int(srv.data_dir, sql);
}

/* Everything the database holds that a request could have changed, as one number each. */
struct counts {
	int64_t tokens, sessions_live, password_changes, audit, langs;
};

static struct counts db_counts(void)
{
	return (struct counts){
	    db_int("SELECT COUNT(*) FROM api_tokens"),
	    db_int("SELECT COUNT(*) FROM sessions WHERE revoked_at IS NULL"),
	    db_int("SELECT SUM(version) FROM users"),
	    db_int("SELECT COUNT(*) FROM audit_log"),
	    db_int("SELECT COUNT(*) FROM users WHERE lang = 'mn'"),
	};
}

static void assert_counts_equal(struct counts a, struct counts b)
{
	assert_int_equal(a.tokens, b.tokens);
	assert_int_equal(a.sessions_live, b.sessions_live);
	assert_int_equal(a.password_changes, b.password_changes);
	assert_int_equal(a.audit, b.audit);
	assert_int_equal(a.langs, b.langs);
}

static long me_status(const struct creds *c)
{
	return http_status_as(&srv, c, "GET", "/api/v1/me", NULL, NULL);
}

static struct creds sign_in(const char *login, const char *password)
{
	struct creds c;
	assert_int_equal(harness_sign_in(&srv, login, password, &c), 201);
	return c;
}

/* ---- CSRF ---- */

static void test_csrf(void **state)
{
	const char *dir = harness_data_dir();
	harness_user_add(dir, "anna", "Steppe-Wind-2024", NULL, "editor", "15");
	start(dir, NULL, NULL, NULL);
	struct creds a = sign_in("anna", "Steppe-Wind-2024");
	struct creds b = sign_in("anna", "Steppe-Wind-2024");
	struct creds none = a, wrong = a, others = a;
	none.csrf[0] = '\0';
	snprintf(wrong.csrf, sizeof wrong.csrf, "%s",
	         "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	snprintf(others.csrf, sizeof others.csrf, "%s", b.csrf); /* another session's token */
	const struct creds *bad[] = {&none, &wrong, &others};
	static const struct {
		const char *method, *path, *ctype, *body;
	} writes[] = {
	    {"POST", "/api/v1/me/tokens", JSON,
	     "{\"name\":\"t\",\"role\":\"editor\",\"scope\":\"15\"}"},
	    {"POST", "/account/tokens", FORM, "name=t&role=editor&scope=15"},
	    {"POST", "/account/tokens", FORM, "_csrf=AAAA&name=t&role=editor&scope=15"},
	    {"POST", "/account/password", FORM,
	     "current=Steppe-Wind-2024&password=Other-Pass-777&password2=Other-Pass-777"},
	    {"PUT", "/api/v1/me/password", JSON,
	     "{\"current\":\"Steppe-Wind-2024\",\"password\":\"Other-Pass-777\"}"},
	    {"POST", "/account/lang", FORM, "lang=mn"},
	    {"POST", "/account/sessions/revoke-all", FORM, ""},
	    {"DELETE", "/api/v1/me/sessions", NULL, NULL},
	    {"POST", "/logout", FORM, ""},
	    {"DELETE", "/api/v1/sessions/current", NULL, NULL},
	};
	struct counts before = db_counts();
	for (size_t i = 0; i < sizeof writes / sizeof writes[0]; i++)
		for (size_t k = 0; k < 3; k++) {
			struct http_resp r = http_as(&srv, bad[k], writes[i].method, writes[i].path,
			                             writes[i].ctype, writes[i].body);
			if (r.status != 403)
				fail_msg("%s %s (csrf case %zu): %ld", writes[i].method,
				         writes[i].path, k, r.status);
			/* the JSON code, or the page's message */
			assert_true(strstr(r.body, "\"csrf_failed\"") ||
			            strstr(r.body, "页面已过期"));
			http_resp_free(&r);
		}
	assert_counts_equal(before, db_counts());
	assert_int_equal(me_status(&a), 200);
	assert_int_equal(me_status(&b), 200);

	/* with the session's own token the same requests go through */
	assert_int_equal(http_status_as(&srv, &a, "POST", "/api/v1/me/tokens", JSON,
	                                "{\"name\":\"t\",\"role\":\"editor\",\"scope\":\"15\"}"),
	                 201);
	char body[160];
	snprintf(body, sizeof body, "_csrf=%s&lang=mn", a.csrf);
	assert_int_equal(http_status_as(&srv, &none, "POST", "/account/lang", FORM, body), 303);

	/* a visitor's form needs the double-submit cookie */
	static const char *const no_cookie[] = {"Content-Type: " FORM, NULL};
	char url[128];
	snprintf(url, sizeof url, "%s/login", srv.base);
	const char *login = "login=anna&password=Steppe-Wind-2024&_csrf=BBBB";
	struct http_resp r = http_do("POST", url, no_cookie, login, strlen(login));
	assert_int_equal(r.status, 403);
	http_resp_free(&r);
	static const char *const cookie[] = {"Content-Type: " FORM, "Cookie: tala_csrf=BBBB", NULL};
	r = http_do("POST", url, cookie, login, strlen(login));
	assert_int_equal(r.status, 303);
	http_resp_free(&r);
}

/* ---- the same answer for an unknown login and a wrong password ---- */

static struct http_resp html_login(const char *login, const char *password)
{
	static const char *const h[] = {
	    "Content-Type: " FORM, "Cookie: tala_csrf=CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC",
	    NULL};
	char url[128], body[256];
	snprintf(url, sizeof url, "%s/login", srv.base);
	snprintf(body, sizeof body,
	         "_csrf=CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC&login=%s&password=%s", login,
	         password);
	return http_do("POST", url, h, body, strlen(body));
}

static struct http_resp api_login(const char *login, const char *password)
{
	char body[256];
	snprintf(body, sizeof body, "{\"login\":\"%s\",\"password\":\"%s\"}", login, password);
	return http_post_json(&srv, "/api/v1/sessions", body);
}

static void test_unknown_login_and_wrong_password_answer_alike(void **state)
{
	const char *dir = harness_data_dir();
	harness_user_add(dir, "ganbold", "Reindeer-Herd-31", NULL, NULL, NULL);
	harness_user_add(dir, "tsetseg", "Reindeer-Herd-32", NULL, NULL, NULL);
	start(dir, NULL, NULL, NULL);
	struct http_resp wrong = api_login("ganbold", "not-the-password");
	struct http_resp unknown = api_login("nobody1", "not-the-password");
	assert_int_equal(wrong.status, 401);
	assert_int_equal(unknown.status, 401);
	assert_int_equal(wrong.len, unknown.len);
	assert_memory_equal(wrong.body, unknown.body, wrong.len);
	assert_non_null(strstr(wrong.body, "bad_credentials"));
	http_resp_free(&wrong);
	http_resp_free(&unknown);

	/* the form page refills the login typed; apart from it, the same bytes */
	wrong = html_login("tsetseg", "not-the-password");
	unknown = html_login("nobody2", "not-the-password");
	assert_int_equal(wrong.status, 401);
	assert_int_equal(unknown.status, 401);
	char *at = strstr(unknown.body, "value=\"nobody2\"");
	assert_non_null(at);
	memcpy(at, "value=\"tsetseg\"", 15);
	assert_int_equal(wrong.len, unknown.len);
	assert_memory_equal(wrong.body, unknown.body, wrong.len);
	assert_non_null(strstr(wrong.body, "用户名或密码不正确"));
	http_resp_free(&wrong);
	http_resp_free(&unknown);
}

/* ---- throttling and lock ---- */

static int retry_after(const struct http_resp *r)
{
	const char *v = http_header(r, "Retry-After");
	assert_non_null(v);
	return atoi(v);
}

static void test_throttle_and_lock(void **state)
{
	const char *dir = harness_data_dir();
	harness_user_add(dir, "batu", "Eagle-Hunter-2025", NULL, NULL, NULL);
	/* a back-off step of 3 s and a 12 s lock leave room for a slow, loaded machine */
	start(dir, "auth.lock_failures=3", "auth.lock_duration=12", "auth.backoff_ms=3000");
	struct http_resp r = api_login("batu", "wrong-1");
	assert_int_equal(r.status, 401);
	http_resp_free(&r);
	r = api_login("batu", "wrong-2");
	assert_int_equal(r.status, 401);
	http_resp_free(&r);
	/* two failures: wait one step; even the right password is not tried */
	r = api_login("batu", "Eagle-Hunter-2025");
	assert_int_equal(r.status, 429);
	int first_wait = retry_after(&r);
	assert_true(first_wait >= 1 && first_wait <= 4);
	assert_non_null(strstr(r.body, "rate_limited"));
	http_resp_free(&r);
	/* the HTML form says the same */
	r = html_login("batu", "Eagle-Hunter-2025");
	assert_int_equal(r.status, 429);
	assert_non_null(http_header(&r, "Retry-After"));
	http_resp_free(&r);

	usleep(3200 * 1000);
	r = api_login("batu", "wrong-3"); /* the third failure locks the account */
	assert_int_equal(r.status, 401);
	http_resp_free(&r);
	assert_true(db_int("SELECT locked_until FROM users WHERE login = 'batu'") > 0);
	r = api_login("batu", "Eagle-Hunter-2025");
	assert_int_equal(r.status, 429);
	assert_true(retry_after(&r) > first_wait); /* the back-off grew */
	http_resp_free(&r);

	/* the back-off (6 s) is over but the lock (12 s) is not: the right password is refused,
	 * with the answer a wrong one gets */
	usleep(6300 * 1000);
	struct http_resp right = api_login("batu", "Eagle-Hunter-2025");
	assert_int_equal(right.status, 401);
	assert_non_null(strstr(right.body, "bad_credentials"));
	http_resp_free(&right);

	/* once the lock and the back-off are over, the right password signs in */
	struct creds c;
	long status = 0;
	for (int i = 0; i < 60 && status != 201; i++) {
		usleep(500 * 1000);
		status = harness_sign_in(&srv, "batu", "Eagle-Hunter-2025", &c);
		assert_true(status == 201 || status == 429);
	}
	assert_int_equal(status, 201);
	assert_int_equal(me_status(&c), 200);
}

/* ---- session expiry ---- */

static void test_session_expiry(void **state)
{
	/* the shortest lifetimes config allows are 10 s; two servers wait side by side */
	const char *dir = harness_data_dir();
	harness_user_add(dir, "altan", "Golden-Bridle-404", NULL, NULL, NULL);
	struct server idle, max;
	server_start(&idle, dir, FAST, "auth.session_idle=10", "auth.session_max=3600", NULL);
	const char *dir2 = harness_data_dir();
	harness_user_add(dir2, "altan", "Golden-Bridle-404", NULL, NULL, NULL);
	server_start(&max, dir2, FAST, "auth.session_idle=3600", "auth.session_max=10", NULL);
	struct creds ci, cm;
	assert_int_equal(harness_sign_in(&idle, "altan", "Golden-Bridle-404", &ci), 201);
	assert_int_equal(harness_sign_in(&max, "altan", "Golden-Bridle-404", &cm), 201);
	struct http_resp r = http_as(&idle, &ci, "GET", "/api/v1/me", NULL, NULL);
	assert_int_equal(r.status, 200);
	http_resp_free(&r);
	sleep(5);
	r = http_as(&max, &cm, "GET", "/api/v1/me", NULL, NULL); /* use does not extend max */
	assert_int_equal(r.status, 200);
	http_resp_free(&r);
	sleep(6);
	r = http_as(&idle, &ci, "GET", "/api/v1/me", NULL, NULL);
	assert_int_equal(r.status, 401);
	http_resp_free(&r);
	r = http_as(&max, &cm, "GET", "/account", NULL, NULL);
	assert_int_equal(r.status, 401);
	http_resp_free(&r);
	/* a new sign-in works again */
	assert_int_equal(harness_sign_in(&idle, "altan", "Golden-Bridle-404", &ci), 201);
	r = http_as(&idle, &ci, "GET", "/api/v1/me", NULL, NULL);
	assert_int_equal(r.status, 200);
	http_resp_free(&r);
	assert_int_equal(server_stop(&idle, SIGTERM), 0);
	assert_int_equal(server_stop(&max, SIGTERM), 0);
}

/* ---- token revocation ---- */

/* Creates an API token for c; returns its id, the token into out[64]. */
static int64_t token_create(const struct creds *c, const char *role, const char *scope,
                            char out[64])
{
	char body[256];
	snprintf(body, sizeof body, "{\"name\":\"term\",\"role\":\"%s\",\"scope\":\"%s\"}", role,
	         scope);
	struct http_resp r = http_as(&srv, c, "POST", "/api/v1/me/tokens", JSON, body);
	assert_int_equal(r.status, 201);
	json_t *j = json_loads(r.body, 0, NULL);
	assert_non_null(j);
	snprintf(out, 64, "%s", json_string_value(json_object_get(j, "token")));
	int64_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	http_resp_free(&r);
	return id;
}

static void test_token_revocation(void **state)
{
	const char *dir = harness_data_dir();
	harness_user_add(dir, "saran", "Moon-Lake-Shore-12", NULL, "org_manager", "1525");
	start(dir, NULL, NULL, NULL);
	struct creds s = sign_in("saran", "Moon-Lake-Shore-12");
	struct creds t = {0};
	int64_t id = token_create(&s, "org_manager", "152502", t.bearer);
	struct http_resp r = http_as(&srv, &t, "GET", "/api/v1/me", NULL, NULL);
	assert_int_equal(r.status, 200);
	json_t *me = json_loads(r.body, 0, NULL);
	json_t *g = json_array_get(json_object_get(me, "grants"), 0);
	assert_string_equal(json_string_value(json_object_get(g, "scope")), "152502");
	assert_int_equal(json_array_size(json_object_get(me, "grants")), 1);
	json_decref(me);
	http_resp_free(&r);
	/* a bearer token needs no CSRF token; it may revoke itself */
	char path[64];
	snprintf(path, sizeof path, "/api/v1/me/tokens/%lld", (long long)id);
	assert_int_equal(http_status_as(&srv, &t, "DELETE", path, NULL, NULL), 204);
	r = http_as(&srv, &t, "GET", "/api/v1/me", NULL, NULL);
	assert_int_equal(r.status, 401);
	assert_non_null(strstr(r.body, "invalid_token"));
	http_resp_free(&r);
	assert_int_equal(http_status_as(&srv, &t, "GET", "/api/v1/me/tokens", NULL, NULL), 401);
	assert_int_equal(http_status_as(&srv, &s, "DELETE", path, NULL, NULL), 404);
	assert_true(db_int("SELECT revoked_at FROM api_tokens WHERE name = 'term'") > 0);
}

/* ---- secrets stay secret ---- */

/* The whole file (malloc'd); *len gets its size; NULL when it does not exist. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		assert_int_equal(errno, ENOENT);
		*len = 0;
		return NULL;
	}
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *s = malloc((size_t)n + 1);
	assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
	s[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return s;
}

static void assert_absent(const char *what, const char *bytes, size_t len, const char *secret)
{
	if (bytes && memmem(bytes, len, secret, strlen(secret)))
		fail_msg("%s contains the secret \"%s\"", what, secret);
}

struct bytes {
	char *data;
	size_t len;
};

/* Appends a response's headers and body to all, then frees it. */
static void keep(struct bytes *all, struct http_resp *r)
{
	size_t h = strlen(r->headers);
	all->data = realloc(all->data, all->len + h + r->len + 1);
	assert_non_null(all->data);
	memcpy(all->data + all->len, r->headers, h);
	memcpy(all->data + all->len + h, r->body, r->len);
	all->len += h + r->len;
	http_resp_free(r);
}

static void test_secrets_never_leak(void **state)
{
	static const char password[] = "Quartz-Zebra-Lantern-8831";
	static const char wrong[] = "Kumquat-Wrong-Guess-5519";
	static const char next[] = "Saxaul-Tree-Desert-6620";
	static const char fake_token[] = "FakeTokenZZqv9c4Lrm2XkY7wPzT3nBd8sHe5aJgUu1";
	const char *dir = harness_data_dir();
	harness_user_add(dir, "khulan", password, "13987654321", "editor", "15");
	char log_path[320];
	snprintf(log_path, sizeof log_path, "%s/server.log", dir);
	server_start_logged(&srv, dir, log_path, FAST, "log.level=debug", NULL);

	struct bytes all = {NULL, 0};
	/* failures with a wrong password, an unknown login, a bad bearer token */
	struct http_resp r = api_login("khulan", wrong);
	assert_int_equal(r.status, 401);
	keep(&all, &r);
	r = api_login("nobody", password);
	keep(&all, &r);
	r = html_login("khulan", wrong);
	keep(&all, &r);
	struct creds bogus = {0};
	snprintf(bogus.bearer, sizeof bogus.bearer, "%s", fake_token);
	r = http_as(&srv, &bogus, "GET", "/api/v1/me", NULL, NULL);
	assert_int_equal(r.status, 401);
	keep(&all, &r);
	usleep(2100 * 1000); /* past the back-off */

	/* a good sign-in, a token made and used, a refused and a done password change */
	struct creds c = sign_in("khulan", password);
	struct creds t = {0};
	token_create(&c, "editor", "15", t.bearer);
	r = http_as(&srv, &t, "GET", "/api/v1/me", NULL, NULL);
	assert_int_equal(r.status, 200);
	keep(&all, &r);
	char body[256];
	snprintf(body, sizeof body, "{\"current\":\"%s\",\"password\":\"%s\"}", wrong, next);
	r = http_as(&srv, &c, "PUT", "/api/v1/me/password", JSON, body);
	assert_int_equal(r.status, 400);
	keep(&all, &r);
	snprintf(body, sizeof body, "{\"current\":\"%s\",\"password\":\"%s\"}", password, next);
	r = http_as(&srv, &c, "PUT", "/api/v1/me/password", JSON, body);
	assert_int_equal(r.status, 204);
	keep(&all, &r);
	r = http_as(&srv, &c, "PUT", "/api/v1/me/password", JSON, "{\"current\":\"x\"}");
	keep(&all, &r); /* 400: a missing field names the field, not a value */
	assert_int_equal(server_stop(&srv, SIGTERM), 0);

	/* the session's CSRF token is kept in the database by design (it is compared there and
	 * is worth nothing without the cookie); tokens and the session cookie are answered once,
	 * to their owner, by design */
	static const struct {
		bool in_db, in_answers;
	} may[] = {{false, false}, {false, false}, {false, false}, {false, false},
	           {false, true},  {false, true},  {true, true}};
	const char *secrets[] = {password, wrong, next, fake_token, t.bearer, c.session, c.csrf};
	size_t log_len, db_len, wal_len;
	char *log = slurp(log_path, &log_len);
	assert_non_null(log);
	assert_non_null(strstr(log, "/api/v1/sessions")); /* the log did record the requests */
	/* and its clients by network, not address */
	assert_non_null(strstr(log, "client=127.0.0.0"));
	assert_null(strstr(log, "client=127.0.0.1"));
	char path[320];
	snprintf(path, sizeof path, "%s/tala.db", dir);
	char *db = slurp(path, &db_len);
	snprintf(path, sizeof path, "%s/tala.db-wal", dir);
	char *wal = slurp(path, &wal_len);
	for (size_t i = 0; i < sizeof secrets / sizeof secrets[0]; i++) {
		assert_absent("the server log", log, log_len, secrets[i]);
		if (!may[i].in_db) {
			assert_absent("the database", db, db_len, secrets[i]);
			assert_absent("the WAL", wal, wal_len, secrets[i]);
		}
		if (!may[i].in_answers)
			assert_absent("an answer", all.data, all.len, secrets[i]);
	}
	free(log);
	free(db);
	free(wal);
	free(all.data);
}

/* ---- phone numbers at rest ---- */

static void test_phone_not_readable_in_database(void **state)
{
	const char *dir = harness_data_dir();
	harness_user_add(dir, "naran", "Morning-Sun-Rise-77", "+86 139-1234-5678", NULL, NULL);
	harness_user_add(dir, "odon", "Evening-Star-Sky-78", "15047112233", NULL, NULL);
	char path[320];
	snprintf(path, sizeof path, "%s/tala.db", dir);
	sqlite3 *h = NULL;
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(h);
	size_t len, wal_len;
	char *db = slurp(path, &len);
	snprintf(path, sizeof path, "%s/tala.db-wal", dir);
	char *wal = slurp(path, &wal_len);
	static const char *const digits[] = {"13912345678", "1234-5678", "15047112233",
	                                     "47112233",    "1391234",   "5047112"};
	for (size_t i = 0; i < sizeof digits / sizeof digits[0]; i++) {
		assert_absent("the database", db, len, digits[i]);
		assert_absent("the WAL", wal, wal_len, digits[i]);
	}
	free(db);
	free(wal);
	/* but the numbers are there, sealed with the data directory's key */
	snprintf(srv.data_dir, sizeof srv.data_dir, "%s", dir);
	assert_int_equal(db_int("SELECT COUNT(*) FROM users WHERE length(phone_index) = 16"), 2);
	char err[256] = "";
	if (auth_keys_load(dir, err, sizeof err) != 0)
		fail_msg("%s", err);
	snprintf(path, sizeof path, "%s/tala.db", dir);
	assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT phone_enc FROM users WHERE login = 'naran'",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	struct arena a;
	arena_init(&a, 1024);
	const char *phone =
	    auth_phone_open(&a, sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0));
	assert_non_null(phone);
	assert_non_null(strstr(phone, "13912345678"));
	arena_free(&a);
	sqlite3_finalize(st);
	sqlite3_close(h);
}

/* Whether GET /api/v1/me as c answers 200 with needle in its body. */
static bool me_says(const struct creds *c, const char *needle)
{
	struct http_resp r = http_as(&srv, c, "GET", "/api/v1/me", NULL, NULL);
	bool yes = r.status == 200 && strstr(r.body, needle) != NULL;
	http_resp_free(&r);
	return yes;
}

/* The principal says whether the account's phone number was proven, for sessions and for
 * API tokens alike (quizzes and officers require it). */
static void test_phone_verified_in_principal(void **state)
{
	const char *dir = harness_data_dir();
	harness_user_add(dir, "saran", "Autumn-Leaf-Fall-31", "13812345678", "citizen", "15");
	harness_user_add(dir, "tuya", "Winter-Snow-Deep-32", "13912345678", "citizen", "15");
	char path[320];
	snprintf(path, sizeof path, "%s/tala.db", dir);
	sqlite3 *h = NULL;
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h,
	                              "UPDATE users SET phone_verified_at = 1700000000000"
	                              " WHERE login = 'saran'",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(h);
	start(dir, NULL, NULL, NULL);
	struct creds verified = sign_in("saran", "Autumn-Leaf-Fall-31");
	struct creds unverified = sign_in("tuya", "Winter-Snow-Deep-32");
	assert_true(me_says(&verified, "\"phone_verified\":true"));
	assert_true(me_says(&unverified, "\"phone_verified\":false"));
	/* a bearer token of the verified account */
	struct http_resp r = http_as(&srv, &verified, "POST", "/api/v1/me/tokens", JSON,
	                             "{\"name\":\"app\",\"role\":\"citizen\",\"scope\":\"15\"}");
	assert_int_equal(r.status, 201);
	json_t *j = json_loads(r.body, 0, NULL);
	assert_non_null(j);
	struct creds bearer = {0};
	snprintf(bearer.bearer, sizeof bearer.bearer, "%s",
	         json_string_value(json_object_get(j, "token")));
	json_decref(j);
	http_resp_free(&r);
	assert_true(strlen(bearer.bearer) > 20);
	assert_true(me_says(&bearer, "\"phone_verified\":true"));
}

int main(int argc, char **argv)
{
	tala_bin = argv[1];
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_csrf, stop),
	    cmocka_unit_test_teardown(test_unknown_login_and_wrong_password_answer_alike, stop),
	    cmocka_unit_test_teardown(test_throttle_and_lock, stop),
	    cmocka_unit_test(test_session_expiry),
	    cmocka_unit_test_teardown(test_token_revocation, stop),
	    cmocka_unit_test_teardown(test_secrets_never_leak, stop),
	    cmocka_unit_test(test_phone_not_readable_in_database),
	    cmocka_unit_test_teardown(test_phone_verified_in_principal, stop),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
