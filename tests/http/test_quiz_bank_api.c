/* test_quiz_bank_api.c: /api/v1/quiz/questions end to end against a real `tala serve`: a
 * quiz manager creates questions of the four kinds (bilingual single choice, multi, true/
 * false by `answer`, fill-in with accepted answers), reads them back with option ids, edits
 * one (option ids kept by position, a new version and revision each save), retires one
 * (filtered out of the active list), lists with filters and paging; bad input — unknown
 * kind, no stem, missing option text in a stem's language, two correct answers in a
 * single-choice question, wrong types — answers 400 with the field and a message in the
 * caller's language (zh and mn) and stores nothing; a stale version answers 409 and changes
 * nothing; an editor (no quiz.manage) gets 403 and a visitor 401. */
#include "harness.h"

#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PASSWORD "Steppe-Wind-2024"

static struct server srv;
static const char *dir;
static struct creds qm, ed, anon;

static int setup(void **state)
{
	dir = harness_data_dir();
	harness_user_add(dir, "qm", PASSWORD, NULL, "quiz_manager", "15");
	harness_user_add(dir, "ed", PASSWORD, NULL, "editor", "15");
	server_start(&srv, dir, "auth.argon2_m_kib=64", "auth.argon2_t=1", NULL);
	assert_int_equal(harness_sign_in(&srv, "qm", PASSWORD, &qm), 201);
	assert_int_equal(harness_sign_in(&srv, "ed", PASSWORD, &ed), 201);
	memset(&anon, 0, sizeof anon);
	return 0;
}

static int teardown(void **state)
{
	assert_int_equal(server_stop(&srv, SIGTERM), 0);
	return 0;
}

static json_t *call(const struct creds *c, const char *method, const char *path, const char *body,
                    long *status)
{
	struct http_resp r = http_as(&srv, c, method, path, body ? "application/json" : NULL, body);
	*status = r.status;
	json_t *j = r.len ? json_loads(r.body, 0, NULL) : json_null();
	if (!j)
		fail_msg("not JSON (%ld): %s", r.status, r.body);
	http_resp_free(&r);
	return j;
}

/* Sends and expects status; returns the body (caller decrefs). */
static json_t *expect(const struct creds *c, const char *method, const char *path, const char *body,
                      long want)
{
	long st;
	json_t *j = call(c, method, path, body, &st);
	if (st != want)
		fail_msg("%s %s: %ld, want %ld: %s", method, path, st, want, json_dumps(j, 0));
	return j;
}

/* Expects a 400 naming field, its message in Chinese or Mongolian by path's ?lang. */
static void expect_field(const char *path, const char *body, const char *field, bool mn)
{
	json_t *j = expect(&qm, "POST", path, body, 400);
	json_t *e = json_object_get(j, "error");
	assert_string_equal(json_string_value(json_object_get(e, "field")), field);
	const char *msg = json_string_value(json_object_get(e, "message"));
	assert_non_null(msg);
	/* Mongolian letters are U+1820..U+18AF (UTF-8 E1 A0..A2 xx), Han CJK E4..E9 */
	bool has_mn = strstr(msg, "\xE1\xA0") || strstr(msg, "\xE1\xA1");
	if (mn != has_mn)
		fail_msg("message not in %s: %s", mn ? "mn" : "zh", msg);
	json_decref(j);
}

static int64_t count_questions(void)
{
	return harness_db_int(dir, "SELECT count(*) FROM quiz_questions");
}

static const char *single_q =
    "{\"kind\":\"single\",\"category\":\"health\",\"difficulty\":2,\"tags\":[\"防疫\",\"卫生\"],"
    "\"stem_zh\":\"勤洗手可以预防哪种疾病？\",\"stem_mn\":\"ᠭᠠᠷ ᠤᠭᠠᠬᠤ\","
    "\"explanation_zh\":\"洗手切断接触传播\",\"options\":["
    "{\"text_zh\":\"感冒\",\"text_mn\":\"ᠬᠠᠯᠠᠭᠤᠨ\",\"correct\":true},"
    "{\"text_zh\":\"近视\",\"text_mn\":\"ᠨᠢᠳᠦ\"},"
    "{\"text_zh\":\"骨折\",\"text_mn\":\"ᠶᠠᠰᠤ\"}]}";

static void test_create_read_update(void **state)
{
	json_t *j = expect(&qm, "POST", "/api/v1/quiz/questions", single_q, 201);
	int64_t id = json_integer_value(json_object_get(j, "id"));
	assert_true(id > 0);
	assert_int_equal(json_integer_value(json_object_get(j, "version")), 1);
	json_t *opts = json_object_get(j, "options");
	assert_int_equal(json_array_size(opts), 3);
	int64_t o1 = json_integer_value(json_object_get(json_array_get(opts, 0), "id"));
	int64_t o3 = json_integer_value(json_object_get(json_array_get(opts, 2), "id"));
	assert_true(json_is_true(json_object_get(json_array_get(opts, 0), "correct")));
	assert_string_equal(json_string_value(json_array_get(json_object_get(j, "tags"), 1)),
	                    "卫生");
	json_decref(j);

	/* an edit: the correct answer moves to position 2, a fourth option is added */
	char path[64], body[1024];
	snprintf(path, sizeof path, "/api/v1/quiz/questions/%lld", (long long)id);
	snprintf(
	    body, sizeof body,
	    "{\"version\":1,\"kind\":\"single\",\"category\":\"health\",\"stem_zh\":\"勤洗手?\","
	    "\"options\":[{\"text_zh\":\"近视\"},{\"text_zh\":\"感冒\",\"correct\":true},"
	    "{\"text_zh\":\"骨折\"},{\"text_zh\":\"龋齿\"}]}");
	j = expect(&qm, "PUT", path, body, 200);
	assert_int_equal(json_integer_value(json_object_get(j, "version")), 2);
	opts = json_object_get(j, "options");
	assert_int_equal(json_array_size(opts), 4);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(opts, 0), "id")), o1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(opts, 2), "id")), o3);
	assert_true(json_is_true(json_object_get(json_array_get(opts, 1), "correct")));
	assert_string_equal(json_string_value(json_object_get(j, "stem_mn")), "");
	json_decref(j);

	/* the same version again is stale: 409, nothing changed */
	j = expect(&qm, "PUT", path, body, 409);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(j, "error"), "field")), "version");
	json_decref(j);
	assert_int_equal(harness_db_int(dir, "SELECT max(version) FROM quiz_questions"), 2);

	/* every save is a revision */
	snprintf(path, sizeof path, "/api/v1/quiz/questions/%lld/revisions", (long long)id);
	j = expect(&qm, "GET", path, NULL, 200);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 2);
	json_t *r0 = json_array_get(json_object_get(j, "items"), 0);
	assert_int_equal(json_integer_value(json_object_get(r0, "version")), 2);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(r0, "question"), "stem_zh")),
	    "勤洗手?");
	json_decref(j);
	json_decref(expect(&qm, "GET", "/api/v1/quiz/questions/999999", NULL, 404));
	json_decref(
	    expect(&qm, "PUT", "/api/v1/quiz/questions/999999",
	           "{\"version\":1,\"kind\":\"fill\",\"stem_zh\":\"x\",\"answers\":[\"y\"]}", 404));
}

static void test_kinds_and_retire(void **state)
{
	json_t *j = expect(&qm, "POST", "/api/v1/quiz/questions",
	                   "{\"kind\":\"truefalse\",\"category\":\"space\",\"stem_mn\":\"ᠰᠠᠷ᠎ᠠ\","
	                   "\"answer\":false}",
	                   201);
	json_t *opts = json_object_get(j, "options");
	assert_int_equal(json_array_size(opts), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(opts, 0), "text_zh")),
	                    "正确");
	assert_true(json_is_true(json_object_get(json_array_get(opts, 1), "correct")));
	int64_t tf = json_integer_value(json_object_get(j, "id"));
	json_decref(j);

	j = expect(&qm, "POST", "/api/v1/quiz/questions",
	           "{\"kind\":\"fill\",\"category\":\"space\",\"stem_zh\":\"地球的卫星叫什么？\","
	           "\"answers\":[\"月球\",\"月亮\",\" 月球 \"]}",
	           201);
	assert_int_equal(json_array_size(json_object_get(j, "answers")), 2);
	json_decref(j);

	j = expect(&qm, "POST", "/api/v1/quiz/questions",
	           "{\"kind\":\"multi\",\"category\":\"health\",\"stem_zh\":\"哪些是维生素？\","
	           "\"tags\":\"维生素， 营养,维生素\","
	           "\"options\":[{\"text_zh\":\"A\",\"correct\":true},{\"text_zh\":\"C\","
	           "\"correct\":true},{\"text_zh\":\"钙\"}]}",
	           201);
	json_decref(j);

	/* retire the true/false question: out of the active list, still readable */
	char path[64];
	snprintf(path, sizeof path, "/api/v1/quiz/questions/%lld", (long long)tf);
	json_decref(expect(&qm, "PUT", path,
	                   "{\"version\":1,\"kind\":\"truefalse\",\"category\":\"space\","
	                   "\"stem_mn\":\"ᠰᠠᠷ᠎ᠠ\",\"answer\":false,\"status\":\"retired\"}",
	                   200));
	j = expect(&qm, "GET", "/api/v1/quiz/questions?status=active&category=space", NULL, 200);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
	assert_string_equal(json_string_value(json_object_get(
	                        json_array_get(json_object_get(j, "items"), 0), "kind")),
	                    "fill");
	json_decref(j);
	j = expect(&qm, "GET", "/api/v1/quiz/questions?kind=truefalse", NULL, 200);
	assert_string_equal(json_string_value(json_object_get(
	                        json_array_get(json_object_get(j, "items"), 0), "status")),
	                    "retired");
	json_decref(j);

	/* paging: limit 1 walks every question once */
	int64_t seen = 0, total = count_questions();
	char next[32] = "";
	do {
		char url[96];
		snprintf(url, sizeof url, "/api/v1/quiz/questions?limit=1%s%s",
		         *next ? "&after=" : "", next);
		j = expect(&qm, "GET", url, NULL, 200);
		seen += (int64_t)json_array_size(json_object_get(j, "items"));
		json_t *n = json_object_get(j, "next");
		snprintf(next, sizeof next, "%s", json_is_string(n) ? json_string_value(n) : "");
		json_decref(j);
	} while (*next && seen <= total);
	assert_int_equal(seen, total);
	/* tags given as one string: split at ASCII and full-width commas, trimmed, deduplicated */
	j = expect(&qm, "GET", "/api/v1/quiz/questions?tag=%E8%90%A5%E5%85%BB", NULL,
	           200); /* 营养 */
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
	json_t *tags = json_object_get(json_array_get(json_object_get(j, "items"), 0), "tags");
	assert_int_equal(json_array_size(tags), 2);
	assert_string_equal(json_string_value(json_array_get(tags, 1)), "营养");
	json_decref(j);
	j = expect(&qm, "GET", "/api/v1/quiz/questions?tag=%E8%90%A5", NULL, 200); /* part of one */
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 0);
	json_decref(j);
}

static void test_bad_input(void **state)
{
	int64_t before = count_questions();
	const char *p = "/api/v1/quiz/questions";
	expect_field(p, "{\"kind\":\"essay\",\"stem_zh\":\"x\"}", "kind", false);
	expect_field("/api/v1/quiz/questions?lang=mn", "{\"kind\":\"essay\",\"stem_zh\":\"x\"}",
	             "kind", true);
	expect_field(p, "{\"kind\":\"fill\",\"answers\":[\"y\"]}", "stem_zh", false);
	expect_field(p,
	             "{\"kind\":\"single\",\"stem_zh\":\"x\",\"stem_mn\":\"ᠠ\",\"options\":["
	             "{\"text_zh\":\"a\",\"text_mn\":\"ᠠ\",\"correct\":true},{\"text_zh\":\"b\"}]}",
	             "options[1].text_mn", false);
	expect_field(p,
	             "{\"kind\":\"single\",\"stem_zh\":\"x\",\"options\":[{\"text_zh\":\"a\","
	             "\"correct\":true},{\"text_zh\":\"b\",\"correct\":true}]}",
	             "options", false);
	expect_field(p, "{\"kind\":\"single\",\"stem_zh\":\"x\",\"options\":[{\"text_zh\":\"a\"}]}",
	             "options", false);
	expect_field(p, "{\"kind\":\"fill\",\"stem_zh\":\"x\",\"answers\":[]}", "answers", false);
	expect_field(p, "{\"kind\":\"fill\",\"stem_zh\":\"x\",\"answers\":[\"  \"]}", "answers[0]",
	             false);
	expect_field(p, "{\"kind\":\"fill\",\"stem_zh\":\"x\",\"answers\":[3]}", "answers[0]",
	             false);
	expect_field(p, "{\"kind\":\"fill\",\"stem_zh\":5}", "stem_zh", false);
	expect_field(p,
	             "{\"kind\":\"fill\",\"stem_zh\":\"x\",\"difficulty\":9,\"answers\":[\"y\"]}",
	             "difficulty", false);
	expect_field(p, "{\"stem_zh\":\"x\"}", "kind", false);
	long st;
	json_decref(call(&qm, "POST", p, "{not json", &st));
	assert_int_equal(st, 400);
	json_decref(call(&qm, "GET", "/api/v1/quiz/questions?kind=essay", NULL, &st));
	assert_int_equal(st, 400);
	json_decref(call(&qm, "GET", "/api/v1/quiz/questions?limit=0", NULL, &st));
	assert_int_equal(st, 400);
	assert_int_equal(count_questions(), before);
	/* PUT without a version */
	json_decref(call(&qm, "PUT", "/api/v1/quiz/questions/1", "{\"kind\":\"fill\"}", &st));
	assert_int_equal(st, 400);
}

static void test_permissions(void **state)
{
	int64_t before = count_questions();
	assert_int_equal(http_status_as(&srv, &ed, "GET", "/api/v1/quiz/questions", NULL, NULL),
	                 403);
	assert_int_equal(http_status_as(&srv, &ed, "POST", "/api/v1/quiz/questions",
	                                "application/json", single_q),
	                 403);
	assert_int_equal(http_status_as(&srv, &anon, "GET", "/api/v1/quiz/questions/1", NULL, NULL),
	                 401);
	assert_int_equal(count_questions(), before);
}

int main(int argc, char **argv)
{
	tala_bin = argv[1];
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_create_read_update),
	    cmocka_unit_test(test_kinds_and_retire),
	    cmocka_unit_test(test_bad_input),
	    cmocka_unit_test(test_permissions),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
