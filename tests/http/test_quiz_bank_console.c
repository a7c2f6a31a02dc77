/* test_quiz_bank_console.c: the question bank's console pages end to end: the list and the
 * editor for a quiz manager (403 for an editor), a question saved through the form (303,
 * stored with its options), a bad form answered 400 with the field and nothing stored, a
 * stale version answered 409 with nothing changed, a form without the CSRF token refused;
 * the import upload (multipart): a GIFT file with an error is refused with the report
 * naming its line and nothing imported, the same file with "import the valid ones" imports
 * the rest; the CSV download; statistics of an unknown campaign 404. */
#include "harness.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PASSWORD "Steppe-Wind-2024"

static struct server srv;
static const char *dir;
static struct creds qm, ed;

static int setup(void **state)
{
	dir = harness_data_dir();
	harness_user_add(dir, "qm", PASSWORD, NULL, "quiz_manager", "15");
	harness_user_add(dir, "ed", PASSWORD, NULL, "editor", "15");
	server_start(&srv, dir, "auth.argon2_m_kib=64", "auth.argon2_t=1", NULL);
	assert_int_equal(harness_sign_in(&srv, "qm", PASSWORD, &qm), 201);
	assert_int_equal(harness_sign_in(&srv, "ed", PASSWORD, &ed), 201);
	return 0;
}

static int teardown(void **state)
{
	assert_int_equal(server_stop(&srv, SIGTERM), 0);
	return 0;
}

static int64_t count(void)
{
	return harness_db_int(dir, "SELECT count(*) FROM quiz_questions");
}

static struct http_resp form(const struct creds *c, const char *path, const char *body)
{
	return http_as(&srv, c, "POST", path, "application/x-www-form-urlencoded", body);
}

static void test_editor_forms(void **state)
{
	struct http_resp r = http_as(&srv, &qm, "GET", "/admin/quiz/questions/new", NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "fieldset class=\"lang-mn\""));
	assert_non_null(strstr(r.body, "name=\"_csrf\""));
	http_resp_free(&r);
	assert_int_equal(http_status_as(&srv, &ed, "GET", "/admin/quiz/questions", NULL, NULL),
	                 403);

	r = form(&qm, "/admin/quiz/questions",
	         "kind=single&category=sci&difficulty=2&stem_zh=%E5%93%AA%E4%B8%AA%3F"
	         "&opt_zh_1=a&opt_zh_2=b&opt_zh_3=&opt_zh_4=c&correct_2=1&version=0");
	assert_int_equal(r.status, 303);
	http_resp_free(&r);
	assert_int_equal(count(), 1);
	/* the empty third row closed up: options a, b, c with b correct */
	assert_int_equal(harness_db_int(dir, "SELECT count(*) FROM quiz_options"), 3);
	assert_int_equal(harness_db_int(dir, "SELECT position FROM quiz_options WHERE correct = 1"),
	                 2);

	/* no stem: 400 naming the field, nothing stored */
	r = form(&qm, "/admin/quiz/questions", "kind=single&opt_zh_1=a&opt_zh_2=b&correct_1=1");
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "data-field=\"stem_zh\""));
	http_resp_free(&r);
	assert_int_equal(count(), 1);

	/* an edit from version 1 saves; the same again is stale */
	const char *edit = "kind=single&category=sci&stem_zh=x&opt_zh_1=a&opt_zh_2=b&correct_1=1"
	                   "&version=1";
	r = form(&qm, "/admin/quiz/questions/1", edit);
	assert_int_equal(r.status, 303);
	http_resp_free(&r);
	r = form(&qm, "/admin/quiz/questions/1", edit);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "data-field=\"version\""));
	http_resp_free(&r);
	assert_int_equal(harness_db_int(dir, "SELECT version FROM quiz_questions WHERE id = 1"), 2);
	assert_int_equal(harness_db_int(dir, "SELECT count(*) FROM quiz_question_revisions"), 2);

	/* without the CSRF token */
	struct creds nocsrf = qm;
	nocsrf.csrf[0] = '\0';
	r = form(&nocsrf, "/admin/quiz/questions", "kind=fill&stem_zh=y&answers=z");
	assert_int_equal(r.status, 403);
	http_resp_free(&r);
	assert_int_equal(count(), 1);
}

/* A multipart body with the file and the given extra fields ("name=value" pairs). */
static char *multipart(const char *file, const char *const *fields, size_t n)
{
	size_t cap = strlen(file) + 1024;
	char *b = malloc(cap);
	int k = 0;
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(fields[i], '=');
		k +=
		    snprintf(b + k, cap - (size_t)k,
		             "--XyZ\r\nContent-Disposition: form-data; name=\"%.*s\"\r\n\r\n%s\r\n",
		             (int)(eq - fields[i]), fields[i], eq + 1);
	}
	snprintf(b + k, cap - (size_t)k,
	         "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"q.gift\"\r\n"
	         "Content-Type: text/plain\r\n\r\n%s\r\n--XyZ--\r\n",
	         file);
	return b;
}

static void test_import_upload(void **state)
{
	int64_t before = count();
	const char *gift = "甲 {=a ~b}\n\n乙 {=a ~b\n\n丙 {T}\n";
	const char *fields1[] = {"format=gift"};
	char *body = multipart(gift, fields1, 1);
	struct http_resp r = http_as(&srv, &qm, "POST", "/admin/quiz/questions/import",
	                             "multipart/form-data; boundary=XyZ", body);
	free(body);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "<td class=\"line\">3</td>"));
	http_resp_free(&r);
	assert_int_equal(count(), before);

	const char *fields2[] = {"format=gift", "valid_only=1"};
	body = multipart(gift, fields2, 2);
	r = http_as(&srv, &qm, "POST", "/admin/quiz/questions/import",
	            "multipart/form-data; boundary=XyZ", body);
	free(body);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<td class=\"line\">3</td>"));
	http_resp_free(&r);
	assert_int_equal(count(), before + 2);
	assert_int_equal(harness_db_int(dir, "SELECT count(*) FROM audit_log WHERE action ="
	                                     " 'quiz_question.import'"),
	                 1);

	r = http_as(&srv, &qm, "GET", "/admin/quiz/questions/export?format=csv", NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_memory_equal(r.body, "\xEF\xBB\xBFid,kind,", 11);
	assert_non_null(strstr(http_header(&r, "Content-Type"), "text/csv"));
	http_resp_free(&r);
	assert_int_equal(
	    http_status_as(&srv, &qm, "GET", "/admin/quiz/questions/export?format=xml", NULL, NULL),
	    400);
	assert_int_equal(
	    http_status_as(&srv, &qm, "GET", "/admin/quiz/campaigns/999/stats", NULL, NULL), 404);
	assert_int_equal(
	    http_status_as(&srv, &qm, "GET", "/admin/quiz/questions/999/edit", NULL, NULL), 404);
}

int main(int argc, char **argv)
{
	tala_bin = argv[1];
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_editor_forms),
	    cmocka_unit_test(test_import_upload),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
