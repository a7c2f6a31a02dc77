/* test_audit.c: the audit log end to end, against a real `tala serve`. Writes leave entries
 * with the right action and object and no request body (feedback text, passwords); the
 * viewer, API and CSV export answer 401 to visitors, 403 without audit.read, and show an
 * admin only the entries within the admin's scopes; the export is audited itself;
 * `tala audit verify` exits 0 on an intact chain and 1 naming an edited entry; `tala audit
 * export` writes CSV and refuses bad dates and existing files (exit 2). */
#include "harness.h"

#include "auth/auth.h"
#include "base/config.h"

#include <jansson.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FEEDBACK_TEXT "AUDIT-BODY-SENTINEL 牧区防灾"
#define BAD_PASSWORD  "Wrong-Pass-SENTINEL-4411"
#define GOOD_PASSWORD "Correct-horse-battery-7"

static struct server srv;
static char db_path[320];

static int setup(void **state)
{
	server_start(&srv, harness_data_dir(), "auth.argon2_t=1", "auth.argon2_m_kib=64", NULL);
	snprintf(db_path, sizeof db_path, "%s/tala.db", srv.data_dir);
	return 0;
}

static int teardown(void **state)
{
	assert_int_equal(server_stop(&srv, SIGTERM), 0);
	return 0;
}

static sqlite3 *db_open(bool rw)
{
	sqlite3 *db = NULL;
	assert_int_equal(
	    sqlite3_open_v2(db_path, &db, rw ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY, NULL),
	    SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	return db;
}

/* The first column of the query's first row as text (malloc'd), or NULL. */
static char *db_text(const char *sql)
{
	sqlite3 *db = db_open(false);
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	char *out = NULL;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		out = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return out;
}

static int64_t db_int(const char *sql)
{
	char *t = db_text(sql);
	int64_t v = t ? atoll(t) : -1;
	free(t);
	return v;
}

static void expect_text(const char *sql, const char *want)
{
	char *got = db_text(sql);
	if (!got || strcmp(got, want) != 0)
		fail_msg("%s: got [%s], want [%s]", sql, got ? got : "(null)", want);
	free(got);
}

/* Counts audit rows any of whose columns contain needle. */
static int64_t audit_rows_containing(const char *needle)
{
	sqlite3 *db = db_open(false);
	sqlite3_stmt *st = NULL;
	assert_int_equal(
	    sqlite3_prepare_v2(db,
	                       "SELECT COUNT(*) FROM audit_log WHERE instr(actor || ip || action ||"
	                       " coalesce(object_type, '') || coalesce(object_id, '') ||"
	                       " coalesce(scope, '') || coalesce(summary, ''), ?) > 0",
	                       -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(st, 1, needle, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

/* Whether the bytes of needle appear in the file at path (missing file: no). */
static bool file_contains(const char *path, const char *needle)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	size_t cap = 1 << 20, len = 0, n;
	char *data = malloc(cap);
	while ((n = fread(data + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap)
			data = realloc(data, cap *= 2);
	}
	fclose(f);
	bool found = memmem(data, len, needle, strlen(needle)) != NULL;
	free(data);
	return found;
}

/* Runs sql with up to three text parameters (NULL ones are not bound). */
static void exec_texts(sqlite3 *db, const char *sql, const char *a, const char *b, const char *c)
{
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	const char *v[] = {a, b, c};
	for (int i = 0; i < 3; i++)
		if (v[i])
			sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

/* A user with one grant, written straight into the database (argon2id by the auth module). */
static void user_add(const char *login, const char *role, const char *scope)
{
	struct config cfg;
	config_defaults(&cfg);
	char err[128], hash[256];
	assert_int_equal(config_set(&cfg, "auth.argon2_m_kib", "64", err, sizeof err), 0);
	assert_int_equal(config_set(&cfg, "auth.argon2_t", "1", err, sizeof err), 0);
	assert_int_equal(auth_password_hash(&cfg, GOOD_PASSWORD, hash, sizeof hash), 0);
	sqlite3 *db = db_open(true);
	exec_texts(db,
	           "INSERT INTO users(login, password_hash, region_code, created_at)"
	           " VALUES (?, ?, ?, 0)",
	           login, hash, strncmp(scope, "site:", 5) ? scope : "15");
	exec_texts(db,
	           "INSERT INTO grants(user_id, role, scope, created_at)"
	           " VALUES (last_insert_rowid(), ?, ?, 0)",
	           role, scope, NULL);
	sqlite3_close(db);
}

struct signed_in {
	char cookie[160]; /* "Cookie: tala_session=..." */
	char csrf[120];   /* "X-CSRF-Token: ..." */
};

static void sign_in(const char *login, struct signed_in *who)
{
	char body[256];
	snprintf(body, sizeof body, "{\"login\":\"%s\",\"password\":\"%s\"}", login, GOOD_PASSWORD);
	struct http_resp r = http_post_json(&srv, "/api/v1/sessions", body);
	assert_int_equal(r.status, 201);
	const char *c = strstr(r.headers, "tala_session=");
	assert_non_null(c);
	size_t n = strcspn(c, ";\r\n");
	snprintf(who->cookie, sizeof who->cookie, "Cookie: %.*s", (int)n, c);
	json_t *j = json_loads(r.body, 0, NULL);
	assert_non_null(j);
	snprintf(who->csrf, sizeof who->csrf, "X-CSRF-Token: %s",
	         json_string_value(json_object_get(j, "csrf")));
	json_decref(j);
	http_resp_free(&r);
}

static struct http_resp get_as(const struct signed_in *who, const char *path)
{
	char url[1024];
	snprintf(url, sizeof url, "%s%s", srv.base, path);
	const char *h[] = {who ? who->cookie : NULL, NULL};
	return http_do("GET", url, h, NULL, 0);
}

static json_t *api_list(const struct signed_in *who, const char *path)
{
	struct http_resp r = get_as(who, path);
	if (r.status != 200)
		fail_msg("%s: %ld %s", path, r.status, r.body);
	json_t *j = json_loads(r.body, 0, NULL);
	assert_non_null(j);
	http_resp_free(&r);
	assert_true(json_is_array(json_object_get(j, "items")));
	assert_true(json_is_integer(json_object_get(j, "total")));
	assert_non_null(json_object_get(j, "next"));
	return j;
}

/* Whether items hold an entry with this action (and object id, when not NULL). */
static bool items_have(json_t *j, const char *action, const char *object_id)
{
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(j, "items"), i, it)
	{
		const char *a = json_string_value(json_object_get(it, "action"));
		const char *o = json_string_value(json_object_get(it, "object_id"));
		if (a && strcmp(a, action) == 0 && (!object_id || (o && strcmp(o, object_id) == 0)))
			return true;
	}
	return false;
}

static void test_feedback_is_audited_without_its_text(void **state)
{
	struct http_resp r = http_post_json(&srv, "/api/v1/feedback",
	                                    "{\"body\":\"" FEEDBACK_TEXT
	                                    "\",\"contact\":\"13800001234\",\"region\":\"1525\"}");
	assert_int_equal(r.status, 201);
	json_t *j = json_loads(r.body, 0, NULL);
	int64_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	http_resp_free(&r);
	char sql[256];
	snprintf(sql, sizeof sql,
	         "SELECT action || '|' || object_type || '|' || object_id || '|' || scope || '|' ||"
	         " actor || '|' || ip || '|' || (actor_id IS NULL) FROM audit_log"
	         " WHERE object_type = 'feedback' AND object_id = '%lld'",
	         (long long)id);
	char want[128];
	snprintf(want, sizeof want, "feedback.create|feedback|%lld|1525|visitor|127.0.0.1|1",
	         (long long)id);
	expect_text(sql, want);
	assert_int_equal(audit_rows_containing("AUDIT-BODY-SENTINEL"), 0);
	assert_int_equal(audit_rows_containing("13800001234"), 0);
	/* a refused write leaves no entry */
	int64_t before = db_int("SELECT COUNT(*) FROM audit_log");
	r = http_post_json(&srv, "/api/v1/feedback", "{\"body\":\"\"}");
	assert_int_equal(r.status, 400);
	http_resp_free(&r);
	assert_int_equal(db_int("SELECT COUNT(*) FROM audit_log"), before);
}

static void test_failed_sign_in_keeps_no_password(void **state)
{
	struct http_resp r =
	    http_post_json(&srv, "/api/v1/sessions",
	                   "{\"login\":\"Nobody-Here\",\"password\":\"" BAD_PASSWORD "\"}");
	assert_int_equal(r.status, 401);
	http_resp_free(&r);
	expect_text("SELECT action || '|' || object_type || '|' || object_id || '|' ||"
	            " coalesce(scope, '-') FROM audit_log ORDER BY id DESC LIMIT 1",
	            "auth.login.failed|user|nobody-here|-");
	assert_int_equal(audit_rows_containing(BAD_PASSWORD), 0);
	assert_int_equal(audit_rows_containing("Wrong-Pass"), 0);
	/* nor anywhere in the database files */
	char wal[400];
	snprintf(wal, sizeof wal, "%s-wal", db_path);
	assert_false(file_contains(db_path, BAD_PASSWORD));
	assert_false(file_contains(wal, BAD_PASSWORD));
}

/* A successful sign-in is done by the user signing in: the entry names them (login and id),
 * not "visitor"; a failed one stays the visitor's. */
static void test_sign_in_actor_is_the_user(void **state)
{
	user_add("khulan", "citizen", "1525");
	struct signed_in who;
	sign_in("khulan", &who);
	expect_text("SELECT a.actor || '|' || (a.actor_id = u.id) || '|' || a.object_id"
	            " FROM audit_log a JOIN users u ON u.login = 'khulan'"
	            " WHERE a.action = 'auth.login.ok' ORDER BY a.id DESC LIMIT 1",
	            "khulan|1|khulan");
	expect_text("SELECT actor || '|' || (actor_id IS NULL) FROM audit_log"
	            " WHERE action = 'auth.login.failed' ORDER BY id DESC LIMIT 1",
	            "visitor|1");
}

static void test_visitors_and_others_are_refused(void **state)
{
	static const char *const paths[] = {"/admin/audit", "/admin/audit.csv", "/api/v1/audit"};
	for (size_t i = 0; i < 3; i++) {
		struct http_resp r = http_get(&srv, paths[i]);
		if (r.status != 401)
			fail_msg("%s as a visitor: %ld", paths[i], r.status);
		http_resp_free(&r);
	}
	user_add("editor1", "editor", "15");
	struct signed_in ed;
	sign_in("editor1", &ed);
	for (size_t i = 0; i < 3; i++) {
		struct http_resp r = get_as(&ed, paths[i]);
		if (r.status != 403)
			fail_msg("%s as an editor: %ld", paths[i], r.status);
		http_resp_free(&r);
	}
}

static void test_admin_reads_within_scope(void **state)
{
	user_add("root-admin", "admin", "15");
	user_add("league-admin", "admin", "1501");
	struct http_resp r = http_post_json(&srv, "/api/v1/feedback",
	                                    "{\"body\":\"from 1525\",\"region\":\"1525\"}");
	assert_int_equal(r.status, 201);
	http_resp_free(&r);
	r = http_post_json(&srv, "/api/v1/feedback",
	                   "{\"body\":\"from 1501\",\"region\":\"150102\"}");
	assert_int_equal(r.status, 201);
	http_resp_free(&r);

	struct signed_in root, league;
	sign_in("root-admin", &root);
	sign_in("league-admin", &league);
	json_t *all = api_list(&root, "/api/v1/audit?limit=200");
	assert_true(items_have(all, "feedback.create", NULL));
	assert_true(items_have(all, "auth.login.ok", "root-admin"));
	assert_true(items_have(all, "auth.login.failed", NULL)); /* unscoped: the province's */
	int64_t total = json_integer_value(json_object_get(all, "total"));
	assert_true(total >= 4);
	json_decref(all);

	/* the league admin sees entries in 1501's subtree only */
	json_t *mine = api_list(&league, "/api/v1/audit?limit=200");
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(mine, "items"), i, it)
	{
		const char *scope = json_string_value(json_object_get(it, "scope"));
		if (!scope || strncmp(scope, "1501", 4) != 0)
			fail_msg("league admin sees an entry of scope %s", scope ? scope : "null");
	}
	assert_true(json_array_size(json_object_get(mine, "items")) >= 2); /* feedback + login */
	json_decref(mine);
	r = get_as(&league, "/api/v1/audit?scope=1525");
	assert_int_equal(r.status, 403);
	http_resp_free(&r);

	/* filters and paging */
	json_t *page = api_list(&root, "/api/v1/audit?action=auth.&limit=1");
	assert_int_equal(json_array_size(json_object_get(page, "items")), 1);
	assert_true(json_is_string(json_object_get(page, "next")));
	json_decref(page);
	page = api_list(&root, "/api/v1/audit?type=feedback&scope=1525");
	assert_true(items_have(page, "feedback.create", NULL));
	assert_false(items_have(page, "auth.login.ok", NULL));
	json_decref(page);
	static const char *const bad[] = {"/api/v1/audit?from=2026-02-30", "/api/v1/audit?limit=0",
	                                  "/api/v1/audit?cursor=x", "/api/v1/audit?to=yesterday"};
	for (size_t k = 0; k < 4; k++) {
		r = get_as(&root, bad[k]);
		if (r.status != 400)
			fail_msg("%s: %ld", bad[k], r.status);
		http_resp_free(&r);
	}

	/* the viewer, in both languages */
	r = get_as(&root, "/admin/audit?lang=zh");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "审计日志"));
	assert_non_null(strstr(r.body, "feedback.create"));
	http_resp_free(&r);
	r = get_as(&root, "/admin/audit?lang=mn&actor=%3Cscript%3E");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "lang=\"mn-Mong\""));
	assert_non_null(strstr(r.body, "ᠲᠡᠮᠳᠡᠭᠯᠡᠯ"));
	assert_null(strstr(r.body, "<script>"));
	http_resp_free(&r);

	/* the CSV export, recorded before it is sent */
	r = get_as(&root, "/admin/audit.csv?type=feedback");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(http_header(&r, "Content-Type"), "text/csv"));
	assert_memory_equal(r.body, "\xEF\xBB\xBFid,", 6);
	assert_non_null(strstr(r.body, "feedback.create"));
	assert_null(strstr(r.body, "auth.login"));
	http_resp_free(&r);
	expect_text("SELECT action || '|' || actor || '|' || summary FROM audit_log"
	            " ORDER BY id DESC LIMIT 1",
	            "audit.export|root-admin|3 entries type=feedback");

	/* signing out is audited too */
	char url[256];
	snprintf(url, sizeof url, "%s/api/v1/sessions/current", srv.base);
	const char *h[] = {league.cookie, league.csrf, NULL};
	r = http_do("DELETE", url, h, NULL, 0);
	assert_int_equal(r.status, 204);
	http_resp_free(&r);
	expect_text("SELECT action || '|' || actor || '|' || object_type || '|' || scope"
	            " FROM audit_log ORDER BY id DESC LIMIT 1",
	            "auth.logout|league-admin|session|1501");
}

static void test_cli_verify_and_export(void **state)
{
	char err[1024];
	assert_int_equal(
	    harness_run(err, sizeof err, "audit", "verify", "--data", srv.data_dir, NULL), 0);
	char csv[400];
	snprintf(csv, sizeof csv, "%s/audit.csv", srv.data_dir);
	assert_int_equal(harness_run(err, sizeof err, "audit", "export", "--data", srv.data_dir,
	                             "--from", "2020-01-01", csv, NULL),
	                 0);
	assert_true(file_contains(csv, "\xEF\xBB\xBFid,"));
	assert_true(file_contains(csv, "feedback.create"));
	/* bad usage: exit 2, one line */
	assert_int_equal(
	    harness_run(err, sizeof err, "audit", "export", "--data", srv.data_dir, csv, NULL),
	    2); /* exists */
	assert_int_equal(harness_run(err, sizeof err, "audit", "export", "--data", srv.data_dir,
	                             "--from", "2026-02-30", NULL),
	                 2);
	assert_non_null(strstr(err, "2026-02-30"));
	assert_int_equal(harness_run(err, sizeof err, "audit", "export", "--data", srv.data_dir,
	                             "--from", "2026-02-02", "--to", "2026-02-01", NULL),
	                 2);
	assert_int_equal(harness_run(err, sizeof err, "audit", "frob", NULL), 2);
	assert_int_equal(harness_run(err, sizeof err, "audit", NULL), 2);

	/* tamper: drop the trigger (it only stops accidents) and edit one row */
	sqlite3 *db = db_open(true);
	assert_int_equal(sqlite3_exec(db,
	                              "DROP TRIGGER audit_log_no_update;"
	                              " UPDATE audit_log SET summary = 'edited' WHERE id = 2",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(
	    harness_run(err, sizeof err, "audit", "verify", "--data", srv.data_dir, NULL), 1);
	assert_non_null(strstr(err, "entry 2"));
}

int main(int argc, char **argv)
{
	tala_bin = argv[1];
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_feedback_is_audited_without_its_text),
	    cmocka_unit_test(test_failed_sign_in_keeps_no_password),
	    cmocka_unit_test(test_sign_in_actor_is_the_user),
	    cmocka_unit_test(test_visitors_and_others_are_refused),
	    cmocka_unit_test(test_admin_reads_within_scope),
	    cmocka_unit_test(test_cli_verify_and_export),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
