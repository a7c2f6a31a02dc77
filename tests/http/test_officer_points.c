/* test_officer_points.c: officers' points end to end against a running `tala serve` with the
 * points job every 50 ms. Share visits are written into the database as the visit recorder
 * writes them (share_visits); the job turns them into ledger entries within seconds. Then
 * the officer's API and page (points, sign-in with its streak and a second sign-in refused,
 * ranks), the managers' rankings (scope: another league is 403), the public area rankings
 * and map, fraud review (a self-click flag holds later entries; clearing releases them;
 * a second review 409; out of scope 403; audited), sharing tasks (bad input 400 with the
 * field, out of scope 403, duplicate 409, earned by a visit), honours with XLSX and CSV
 * exports (audited), the dashboard page, and what visitors and non-officers get. */
#include "harness.h"
#include "officer/officer_points.h"

#include <jansson.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PW        "Officer-points-pass-7"
#define TOWNSHIP  "150102001"
#define TOWNSHIP2 "150202001"

static struct server srv;
static char db_path[320];
static char today[11];
static struct creds ofc, mgr, mgr2, admin;

static void db_exec(const char *sql)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 10000);
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
	sqlite3_close(db);
}

/* A visit through link 1 (officer 1's, quiz 7 unless kind/target given) by reader r. */
static void visit(int id, int reader, int net, int self, const char *kind, int target)
{
	char sql[600];
	/* the reader hash is the reader (two bytes): the same reader on the same day */
	snprintf(
	    sql, sizeof sql,
	    "INSERT INTO share_visits(id, link_id, officer_id, target_kind, target_id, channel,"
	    " reader_hash, net_hash, self_click, at, day) VALUES (%d, %d, 1, '%s', %d, 'link',"
	    " X'%04x', X'%02x', %d, %lld, '%s')",
	    id, target == 7 ? 1 : 2, kind, target, reader, net, self, (long long)time(NULL) * 1000,
	    today);
	db_exec(sql);
}

static json_t *get_json(const struct creds *c, const char *path, long want)
{
	struct http_resp r = http_as(&srv, c, "GET", path, NULL, NULL);
	if (r.status != want)
		fail_msg("GET %s: %ld, want %ld: %s", path, r.status, want, r.body);
	json_error_t e;
	json_t *j = json_loads(r.body, 0, &e);
	http_resp_free(&r);
	assert_non_null(j);
	return j;
}

static json_int_t my_total(void)
{
	json_t *j = get_json(&ofc, "/api/v1/officers/me/points", 200);
	json_int_t t = json_integer_value(json_object_get(j, "total"));
	json_decref(j);
	return t;
}

/* Waits (up to a minute) until the points job has read every visit; no timing is asserted. */
static void wait_job(void)
{
	for (int i = 0; i < 600; i++) {
		if (harness_db_int(srv.data_dir, "SELECT (SELECT last_visit_id FROM"
		                                 " officer_points_cursor) = (SELECT max(id) FROM"
		                                 " share_visits)") == 1)
			return;
		usleep(100000);
	}
	fail_msg("the points job did not reach the last visit");
}

static long post(const struct creds *c, const char *path, const char *json, char **body)
{
	struct http_resp r = http_as(&srv, c, "POST", path, "application/json", json);
	long st = r.status;
	if (body)
		*body = strdup(r.body ? r.body : "");
	http_resp_free(&r);
	return st;
}

static int setup(void **state)
{
	const char *dir = harness_data_dir();
	snprintf(db_path, sizeof db_path, "%s/tala.db", dir);
	points_day_str(points_today((int64_t)time(NULL) * 1000), today);
	harness_user_add(dir, "ofc1", PW, NULL, "citizen", "15");
	harness_user_add(dir, "ofc2", PW, NULL, "citizen", "15");
	harness_user_add(dir, "mgr", PW, NULL, "org_manager", "150102");
	harness_user_add(dir, "mgr2", PW, NULL, "org_manager", "1502");
	harness_user_add(dir, "boss", PW, NULL, "admin", "15");
	char sql[1200];
	snprintf(sql, sizeof sql,
	         "INSERT INTO officers(id, user_id, township_code, status, created_at) VALUES"
	         " (1, (SELECT id FROM users WHERE login = 'ofc1'), '%s', 'active', 0),"
	         " (2, (SELECT id FROM users WHERE login = 'ofc2'), '%s', 'active', 0);"
	         "INSERT INTO share_links(id, code, officer_id, target_kind, target_id, created_at)"
	         " VALUES (1, 'aaaaaaaaaa', 1, 'quiz', 7, 0), (2, 'bbbbbbbbbb', 1, 'quiz', 8, 0),"
	         " (3, 'cccccccccc', 2, 'quiz', 7, 0);",
	         TOWNSHIP, TOWNSHIP2);
	db_exec(sql);
	server_start(&srv, dir, "auth.argon2_t=1", "auth.argon2_m_kib=64", "points.interval_ms=50",
	             "fraud.self_clicks=1", NULL);
	assert_int_equal(harness_sign_in(&srv, "ofc1", PW, &ofc), 201);
	assert_int_equal(harness_sign_in(&srv, "mgr", PW, &mgr), 201);
	assert_int_equal(harness_sign_in(&srv, "mgr2", PW, &mgr2), 201);
	assert_int_equal(harness_sign_in(&srv, "boss", PW, &admin), 201);
	return 0;
}

static int teardown(void **state)
{
	assert_int_equal(server_stop(&srv, SIGTERM), 0);
	return 0;
}

static void visits_become_points(void **state)
{
	/* two readers, one of them twice: share 2 + 2 readers */
	visit(1, 1, 1, 0, "quiz", 7);
	visit(2, 2, 1, 0, "quiz", 7);
	visit(3, 1, 1, 0, "quiz", 7);
	wait_job();
	assert_int_equal(my_total(), 4);
	/* a self-click (threshold 1 here) flags the day: a new reader after it is held */
	visit(4, 99, 9, 1, "quiz", 7);
	visit(5, 3, 1, 0, "quiz", 7);
	wait_job();
	json_t *j = get_json(&ofc, "/api/v1/officers/me/points", 200);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 4);
	assert_int_equal(json_integer_value(json_object_get(j, "held")), 1);
	/* every entry has its reason and reference */
	json_t *items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 4);
	json_t *newest = json_array_get(items, 0);
	assert_string_equal(json_string_value(json_object_get(newest, "reason")), "reader");
	assert_string_equal(json_string_value(json_object_get(newest, "ref_kind")), "visit");
	assert_int_equal(json_integer_value(json_object_get(newest, "ref_id")), 5);
	assert_true(json_integer_value(json_object_get(newest, "held_by")) > 0);
	json_decref(j);
	/* the ledger refuses UPDATE and DELETE */
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 10000);
	assert_int_not_equal(
	    sqlite3_exec(db, "UPDATE officer_points SET points = 100", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM officer_points", NULL, NULL, NULL),
	                     SQLITE_OK);
	sqlite3_close(db);
}

static void signin_and_rank(void **state)
{
	char *body;
	assert_int_equal(post(&ofc, "/api/v1/officers/me/signin", "{}", &body), 201);
	json_t *j = json_loads(body, 0, NULL);
	assert_int_equal(json_integer_value(json_object_get(j, "streak")), 1);
	assert_int_equal(json_integer_value(json_object_get(j, "points")), 1);
	json_decref(j);
	free(body);
	assert_int_equal(post(&ofc, "/api/v1/officers/me/signin", "{}", &body), 409);
	assert_non_null(strstr(body, "already_signed_in"));
	free(body);
	assert_int_equal(my_total(), 5);
	/* the form answers with a redirect and signs in no more */
	char form[160];
	snprintf(form, sizeof form, "_csrf=%s&back=/officer", ofc.csrf);
	struct http_resp r = http_as(&srv, &ofc, "POST", "/officer/signin",
	                             "application/x-www-form-urlencoded", form);
	assert_int_equal(r.status, 303);
	assert_string_equal(http_header(&r, "Location"), "/officer?signin=already");
	http_resp_free(&r);
	assert_int_equal(my_total(), 5);
	/* ranks: first in every area of every period */
	j = get_json(&ofc, "/api/v1/officers/me/rank", 200);
	json_t *week = json_object_get(json_object_get(j, "periods"), "week");
	assert_int_equal(json_integer_value(json_object_get(week, "points")), 5);
	assert_int_equal(json_integer_value(json_object_get(week, "readers")), 2);
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(week, "rank"), "township")), 1);
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(week, "rank"), "region")), 1);
	json_decref(j);
	/* the page: points, rank, tasks, the sign-in done */
	r = http_as(&srv, &ofc, "GET", "/officer/points", NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<strong>5</strong>"));
	assert_non_null(strstr(r.body, "今天已签到"));
	http_resp_free(&r);
	/* the officer's own page carries the same sections */
	r = http_as(&srv, &ofc, "GET", "/officer", NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<strong>5</strong>"));
	assert_non_null(strstr(r.body, "我的排名"));
	assert_non_null(strstr(r.body, "今日分享任务"));
	http_resp_free(&r);
	r = http_as(&srv, &ofc, "GET", "/officer/points?lang=mn", NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "lang=\"mn-Mong\""));
	http_resp_free(&r);
	/* a user who is no officer, and a visitor */
	assert_int_equal(
	    http_status_as(&srv, &mgr, "GET", "/api/v1/officers/me/points", NULL, NULL), 404);
	assert_int_equal(http_status_as(&srv, &mgr, "POST", "/api/v1/officers/me/signin",
	                                "application/json", "{}"),
	                 404);
	struct http_resp v = http_get(&srv, "/api/v1/officers/me/points");
	assert_int_equal(v.status, 401);
	http_resp_free(&v);
}

static void rankings(void **state)
{
	json_t *j = get_json(&mgr, "/api/v1/officers/rankings?area=150102&period=week", 200);
	json_t *first = json_array_get(json_object_get(j, "items"), 0);
	assert_int_equal(json_integer_value(json_object_get(first, "officer_id")), 1);
	assert_int_equal(json_integer_value(json_object_get(first, "rank")), 1);
	assert_string_equal(json_string_value(json_object_get(first, "name")), "ofc1");
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
	json_decref(j);
	/* another league's manager may not see these names */
	assert_int_equal(
	    http_status_as(&srv, &mgr2, "GET", "/api/v1/officers/rankings?area=150102", NULL, NULL),
	    403);
	/* bad parameters */
	static const char *const bad[] = {
	    "/api/v1/officers/rankings?area=15x",
	    "/api/v1/officers/rankings?area=150",
	    "/api/v1/officers/rankings?period=decade",
	    "/api/v1/officers/rankings?date=2026-02-30",
	    "/api/v1/officers/rankings?limit=0",
	    "/api/v1/officers/rankings?cursor=1.2",
	    "/api/v1/officers/rankings/areas?level=village",
	    "/api/v1/officers/rankings/areas?by=x",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct http_resp r = http_as(&srv, &admin, "GET", bad[i], NULL, NULL);
		if (r.status != 400 || !strstr(r.body, "invalid_value"))
			fail_msg("%s: %ld %s", bad[i], r.status, r.body);
		http_resp_free(&r);
	}
	/* the leagues, public */
	struct http_resp r =
	    http_get(&srv, "/api/v1/officers/rankings/areas?by=readers&period=all");
	assert_int_equal(r.status, 200);
	j = json_loads(r.body, 0, NULL);
	http_resp_free(&r);
	first = json_array_get(json_object_get(j, "items"), 0);
	assert_string_equal(json_string_value(json_object_get(first, "code")), "1501");
	assert_int_equal(json_integer_value(json_object_get(first, "readers")), 2);
	assert_int_equal(json_integer_value(json_object_get(first, "officers")), 1);
	json_decref(j);
	r = http_get(&srv, "/api/v1/officers/map?period=all");
	assert_int_equal(r.status, 200);
	j = json_loads(r.body, 0, NULL);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 12);
	json_decref(j);
	http_resp_free(&r);
	/* the managers' pages */
	r = http_as(&srv, &mgr, "GET", "/admin/officers/rankings?area=150102", NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "ofc1"));
	http_resp_free(&r);
	r = http_as(&srv, &mgr, "GET", "/admin/officers/dashboard", NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "id=\"officer-map\""));
	assert_non_null(strstr(r.body, "vendor/echarts.min.js"));
	http_resp_free(&r);
	r = http_get(&srv, "/static/geo/inner-mongolia-leagues.json");
	assert_int_equal(r.status, 200);
	http_resp_free(&r);
}

static void fraud_review(void **state)
{
	json_t *j = get_json(&mgr, "/api/v1/officers/flags?area=150102", 200);
	json_t *items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 1);
	json_t *f = json_array_get(items, 0);
	assert_string_equal(json_string_value(json_object_get(f, "kind")), "self_click");
	assert_int_equal(json_integer_value(json_object_get(f, "held_points")), 1);
	json_int_t id = json_integer_value(json_object_get(f, "id"));
	json_decref(j);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/officers/flags/%lld", (long long)id);
	assert_int_equal(post(&mgr2, path, "{\"status\":\"cleared\"}", NULL), 403);
	assert_int_equal(post(&mgr, path, "{\"status\":\"maybe\"}", NULL), 400);
	assert_int_equal(post(&mgr, "/api/v1/officers/flags/999", "{\"status\":\"cleared\"}", NULL),
	                 404);
	assert_int_equal(my_total(), 5); /* nothing changed */
	assert_int_equal(post(&mgr, path, "{\"status\":\"cleared\"}", NULL), 200);
	assert_int_equal(my_total(), 6); /* the held reader released */
	assert_int_equal(post(&mgr, path, "{\"status\":\"rejected\"}", NULL), 409);
	assert_int_equal(my_total(), 6);
	assert_int_equal(harness_db_int(srv.data_dir, "SELECT count(*) FROM officer_points"
	                                              " WHERE reason = 'release'"),
	                 1);
	assert_int_equal(harness_db_int(srv.data_dir, "SELECT count(*) FROM audit_log"
	                                              " WHERE action = 'officer.flag.clear'"),
	                 1);
	/* rankings count the released reader */
	j = get_json(&ofc, "/api/v1/officers/me/rank", 200);
	json_t *week = json_object_get(json_object_get(j, "periods"), "week");
	assert_int_equal(json_integer_value(json_object_get(week, "readers")), 3);
	json_decref(j);
	/* the console's form: a second review of the same flag tells so, and a form without the
	 * CSRF token is refused */
	char form[160], fpath[96];
	snprintf(fpath, sizeof fpath, "/admin/officers/flags/%lld/review", (long long)id);
	struct creds nocsrf = mgr;
	nocsrf.csrf[0] = '\0';
	assert_int_equal(http_status_as(&srv, &nocsrf, "POST", fpath,
	                                "application/x-www-form-urlencoded", "status=rejected"),
	                 403);
	snprintf(form, sizeof form, "_csrf=%s&status=rejected", mgr.csrf);
	struct http_resp fr =
	    http_as(&srv, &mgr, "POST", fpath, "application/x-www-form-urlencoded", form);
	assert_int_equal(fr.status, 303);
	assert_string_equal(http_header(&fr, "Location"), "/admin/officers/flags?notice=not_open");
	http_resp_free(&fr);
	assert_int_equal(my_total(), 6);
	struct http_resp r = http_as(
	    &srv, &mgr, "GET", "/admin/officers/flags?status=cleared&area=150102", NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "ofc1"));
	http_resp_free(&r);
}

static void tasks(void **state)
{
	char json[200], *body;
	snprintf(json, sizeof json,
	         "{\"county\":\"150102\",\"day\":\"%s\",\"target_kind\":\"quiz\",\"target_id\":8,"
	         "\"points\":5}",
	         today);
	/* out of scope, bad fields */
	assert_int_equal(post(&mgr2, "/api/v1/officers/tasks", json, NULL), 403);
	static const struct {
		const char *json, *field;
	} bad[] = {
	    {"{\"county\":\"1501\",\"day\":\"2026-12-01\",\"target_id\":8}", "county"},
	    {"{\"county\":\"150199\",\"day\":\"2026-12-01\",\"target_id\":8}", "county"},
	    {"{\"county\":\"150102\",\"day\":\"2026-13-01\",\"target_id\":8}", "day"},
	    {"{\"county\":\"150102\",\"day\":\"2026-12-01\",\"target_kind\":\"x\",\"target_id\":8}",
	     "target_kind"},
	    {"{\"county\":\"150102\",\"day\":\"2026-12-01\",\"target_id\":0}", "target_id"},
	    {"{\"county\":\"150102\",\"day\":\"2026-12-01\",\"target_id\":999999}", "target_id"},
	    {"{\"county\":\"150102\",\"day\":\"2026-12-01\",\"target_kind\":\"quiz\","
	     "\"target_id\":8,\"points\":-1}",
	     "points"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		long st = post(&mgr, "/api/v1/officers/tasks", bad[i].json, &body);
		char want[64];
		snprintf(want, sizeof want, "\"field\":\"%s\"", bad[i].field);
		if (st != 400 || !strstr(body, want))
			fail_msg("%s: %ld %s", bad[i].json, st, body);
		free(body);
	}
	assert_int_equal(harness_db_int(srv.data_dir, "SELECT count(*) FROM officer_tasks"), 0);
	assert_int_equal(post(&mgr, "/api/v1/officers/tasks", json, NULL), 201);
	assert_int_equal(post(&mgr, "/api/v1/officers/tasks", json, &body), 409);
	assert_non_null(strstr(body, "duplicate_task"));
	free(body);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/officers/tasks?county=150102&day=%s", today);
	struct http_resp r = http_get(&srv, path);
	assert_int_equal(r.status, 200);
	json_t *j = json_loads(r.body, 0, NULL);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	json_decref(j);
	http_resp_free(&r);
	/* the officer shares the task's item: share 2 + reader 1 + task 5 */
	visit(6, 5, 2, 0, "quiz", 8);
	wait_job();
	assert_int_equal(my_total(), 14);
	r = http_as(&srv, &ofc, "GET", "/officer/points", NULL, NULL);
	assert_non_null(strstr(r.body, "已完成"));
	http_resp_free(&r);
	/* the console's form adds a task and goes back to the county's list */
	char form[200];
	snprintf(form, sizeof form,
	         "_csrf=%s&county=150102&day=%s&target_kind=quiz&target_id=9&points=2", mgr.csrf,
	         today);
	r = http_as(&srv, &mgr, "POST", "/admin/officers/tasks",
	            "application/x-www-form-urlencoded", form);
	assert_int_equal(r.status, 303);
	assert_string_equal(http_header(&r, "Location"), "/admin/officers/tasks?county=150102");
	http_resp_free(&r);
	snprintf(form, sizeof form, "_csrf=%s&county=150202&day=%s&target_kind=quiz&target_id=9",
	         mgr.csrf, today);
	assert_int_equal(http_status_as(&srv, &mgr, "POST", "/admin/officers/tasks",
	                                "application/x-www-form-urlencoded", form),
	                 403);
	assert_int_equal(harness_db_int(srv.data_dir, "SELECT count(*) FROM officer_tasks"), 2);
	r = http_as(&srv, &mgr, "GET", "/admin/officers/tasks?county=150102", NULL, NULL);
	assert_int_equal(r.status, 200);
	http_resp_free(&r);
}

static void honours(void **state)
{
	json_t *j =
	    get_json(&mgr, "/api/v1/officers/honours?area=150102&min_readers=1&min_months=1", 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	json_decref(j);
	/* more readers than anyone brought: nobody */
	j = get_json(&mgr, "/api/v1/officers/honours?area=150102&min_readers=100", 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
	json_decref(j);
	assert_int_equal(
	    http_status_as(&srv, &mgr, "GET", "/api/v1/officers/honours?area=15", NULL, NULL),
	    403); /* the whole region is not mgr's */
	/* without ?area= a manager's list is their own area, never the region's */
	j = get_json(&mgr, "/api/v1/officers/honours?min_readers=1&min_months=1", 200);
	assert_string_equal(json_string_value(json_object_get(j, "area")), "150102");
	json_decref(j);
	j = get_json(&mgr2, "/api/v1/officers/flags", 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
	json_decref(j);
	assert_int_equal(http_status_as(&srv, &admin, "GET",
	                                "/api/v1/officers/honours?min_months=13", NULL, NULL),
	                 400);
	struct http_resp r = http_as(
	    &srv, &mgr, "GET",
	    "/admin/officers/honours.xlsx?area=150102&min_readers=1&min_months=1", NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_true(r.len > 1000);
	assert_memory_equal(r.body, "PK", 2);
	assert_non_null(strstr(http_header(&r, "Content-Type"), "spreadsheetml"));
	http_resp_free(&r);
	r = http_as(&srv, &mgr, "GET",
	            "/admin/officers/honours.csv?area=150102&min_readers=1&min_months=1", NULL,
	            NULL);
	assert_int_equal(r.status, 200);
	assert_memory_equal(r.body, "\xEF\xBB\xBF", 3);
	assert_non_null(strstr(r.body, "ofc1"));
	http_resp_free(&r);
	assert_int_equal(harness_db_int(srv.data_dir, "SELECT count(*) FROM audit_log"
	                                              " WHERE action = 'officer.honours.export'"),
	                 2);
	r = http_as(&srv, &mgr, "GET",
	            "/admin/officers/honours?area=150102&min_readers=1&min_months=1", NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "ofc1"));
	http_resp_free(&r);
}

int main(int argc, char **argv)
{
	tala_bin = argv[1];
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(visits_become_points),
	    cmocka_unit_test(signin_and_rank),
	    cmocka_unit_test(rankings),
	    cmocka_unit_test(fraud_review),
	    cmocka_unit_test(tasks),
	    cmocka_unit_test(honours),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
