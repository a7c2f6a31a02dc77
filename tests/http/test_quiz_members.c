/* test_quiz_members.c: a members-only campaign's list end to end against a real `tala serve` —
 * entries by login or mobile number (spaces and dashes allowed; the verified holder of a
 * number wins over an unverified account with the same number; a number shared by several
 * unverified accounts is refused), a participant added by phone may then start; the CSV
 * upload (BOM, CRLF, quoted first column, further columns, blank lines) reports every bad
 * line — unknown login, unknown number, ambiguous number, bytes that are not UTF-8 — with
 * its line number and reason in the caller's language, adds nothing, and with valid_only adds
 * just the valid lines; no file, an empty file and a manager of another region are refused. */
#include "quiz_fixture.h"

#include <signal.h>

static struct server srv;
static const char *dir;
static struct creds qm, qm_out, p2;
static int64_t cid;

static int64_t members(void)
{
	char sql[128];
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM quiz_campaign_members WHERE campaign_id = %lld",
	         (long long)cid);
	return harness_db_int(dir, sql);
}

static int64_t member_is(int64_t user)
{
	char sql[160];
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM quiz_campaign_members WHERE campaign_id = %lld AND user_id "
	         "= %lld",
	         (long long)cid, (long long)user);
	return harness_db_int(dir, sql);
}

static int64_t u1, u2, u3, upv, u_shadow;

static int setup(void **state)
{
	(void)state;
	dir = harness_data_dir();
	fx_bank(dir, 3);
	harness_user_add(dir, "qm", QPASS, NULL, "quiz_manager", "15");
	harness_user_add(dir, "qmout", QPASS, NULL, "quiz_manager", "1502");
	u1 = fx_participant(dir, "p1", "13800000001", "150102");
	u2 = fx_participant(dir, "p2", "13800000002", "150203");
	u3 = fx_participant(dir, "p3", "13800000003", "150203");
	upv = fx_participant(dir, "pv", "13700000007", "150102");
	u_shadow = harness_user_add(dir, "pvold", QPASS, "13700000007", "citizen", "15");
	harness_user_add(dir, "twin1", QPASS, "13900000009", "citizen", "15");
	harness_user_add(dir, "twin2", QPASS, "13900000009", "citizen", "15");
	server_start(&srv, dir, "auth.argon2_m_kib=64", "auth.argon2_t=1", NULL);
	assert_int_equal(harness_sign_in(&srv, "qm", QPASS, &qm), 201);
	assert_int_equal(harness_sign_in(&srv, "qmout", QPASS, &qm_out), 201);
	assert_int_equal(harness_sign_in(&srv, "p2", QPASS, &p2), 201);
	int64_t now = fx_now_ms();
	char body[512];
	snprintf(body, sizeof body,
	         "{\"title_zh\":\"会员竞赛\",\"title_mn\":\"ᠤᠷᠠᠯᠳᠤᠭᠠᠨ\",\"rules_zh\":\"每人一次\","
	         "\"region\":\"15\",\"time_limit_s\":600,\"pass_mark\":1,\"prizes\":1,\"opens_at\":"
	         "%lld,\"closes_at\":%lld,"
	         "\"audience\":\"members\",\"draws\":\"sci:1\"}",
	         (long long)(now - 1000), (long long)(now + 3600000));
	long st;
	json_t *j = fx_call(&srv, &qm, "POST", "/api/v1/quiz/campaigns", body, &st);
	if (st != 201)
		fail_msg("create campaign: %ld %s", st, j ? json_dumps(j, 0) : "");
	cid = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	assert_int_equal(server_stop(&srv, SIGTERM), 0);
	return 0;
}

static json_t *post_members(const char *logins, long *st)
{
	char path[96], body[256];
	snprintf(path, sizeof path, "/api/v1/quiz/campaigns/%lld/members", (long long)cid);
	snprintf(body, sizeof body, "{\"logins\":%s}", logins);
	return fx_call(&srv, &qm, "POST", path, body, st);
}

static void test_logins_and_phones(void **state)
{
	(void)state;
	long st;
	/* a number nobody has, and a number several unverified accounts share: refused */
	json_t *j = post_members("[\"p1\", \"13600000000\"]", &st);
	assert_int_equal(st, 400);
	json_decref(j);
	j = post_members("[\"p1\", \"139-0000-0009\"]", &st);
	assert_int_equal(st, 400);
	json_decref(j);
	assert_int_equal(members(), 0);
	/* p2 by number with spaces; pv's number is also an old unverified account's: pv counts */
	j = post_members("[\"p1\", \"138 0000 0002\", \"137-0000-0007\"]", &st);
	assert_int_equal(st, 200);
	assert_int_equal(json_integer_value(json_object_get(j, "added")), 3);
	json_decref(j);
	assert_int_equal(member_is(u1), 1);
	assert_int_equal(member_is(u2), 1);
	assert_int_equal(member_is(upv), 1);
	assert_int_equal(member_is(u_shadow), 0);
	/* p2, added by phone, may take part */
	char body[64];
	snprintf(body, sizeof body, "{\"campaign_id\":%lld}", (long long)cid);
	json_decref(fx_call(&srv, &p2, "POST", "/api/v1/quiz/attempts", body, &st));
	assert_int_equal(st, 201);
}

static struct http_resp upload(const struct creds *c, const char *file, const char *const *fields,
                               size_t n, const char *lang)
{
	char path[128];
	snprintf(path, sizeof path, "/api/v1/quiz/campaigns/%lld/members/import?lang=%s",
	         (long long)cid, lang);
	char *body = fx_multipart(file, strlen(file), fields, n);
	struct http_resp r =
	    http_as(&srv, c, "POST", path, "multipart/form-data; boundary=XyZ", body);
	free(body);
	return r;
}

/* The rejected line `line` of the report j, or NULL. */
static json_t *rejected_line(json_t *j, int line)
{
	json_t *arr = json_object_get(j, "rejected");
	for (size_t i = 0; i < json_array_size(arr); i++)
		if (json_integer_value(json_object_get(json_array_get(arr, i), "line")) == line)
			return json_array_get(arr, i);
	return NULL;
}

static void test_csv_upload(void **state)
{
	(void)state;
	const char *file = "\xEF\xBB\xBF"
	                   "p3,三号\r\n"         /* 1 ok */
	                   "\r\n"                /* 2 blank: skipped */
	                   "nobody\r\n"          /* 3 unknown login */
	                   "\"pv\",\"x, y\"\r\n" /* 4 ok (quoted) */
	                   "139-0000-0009\r\n"   /* 5 ambiguous number */
	                   "bad\xff\xfeline\r\n" /* 6 not UTF-8 */
	                   "13600000000\n"       /* 7 unknown number */
	                   "13800000001";        /* 8 ok, no final newline */
	int64_t before = members();
	struct http_resp r = upload(&qm, file, NULL, 0, "zh");
	assert_int_equal(r.status, 400);
	json_t *j = fx_json(&r);
	http_resp_free(&r);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "code")),
	                    "invalid_rows");
	assert_int_equal(json_array_size(json_object_get(j, "rejected")), 4);
	assert_int_equal(json_integer_value(json_object_get(j, "valid")), 3);
	const struct {
		int line;
		const char *reason;
	} want[] = {{3, "member_unknown"},
	            {5, "member_phone_ambiguous"},
	            {6, "member_bad_line"},
	            {7, "member_unknown"}};
	for (size_t i = 0; i < 4; i++) {
		json_t *l = rejected_line(j, want[i].line);
		assert_non_null(l);
		assert_string_equal(json_string_value(json_object_get(l, "reason")),
		                    want[i].reason);
	}
	assert_string_equal(json_string_value(json_object_get(rejected_line(j, 3), "value")),
	                    "nobody");
	assert_non_null(strstr(json_string_value(json_object_get(rejected_line(j, 5), "message")),
	                       "多个未验证的账号"));
	json_decref(j);
	assert_int_equal(members(), before); /* nothing added */
	assert_int_equal(member_is(u3), 0);

	/* the same in Mongolian */
	r = upload(&qm, file, NULL, 0, "mn");
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "ᠲᠠᠨᠢᠭᠳᠠᠬᠤ ᠦᠭᠡᠢ ᠮᠦᠷ")); /* members_rejected */
	assert_non_null(strstr(r.body, "ᠣᠯᠠᠨ ᠳᠠᠩᠰᠠ"));         /* member_phone_ambiguous */
	http_resp_free(&r);

	/* valid_only: the three valid lines; p1 and pv were members already */
	const char *vo[] = {"valid_only=1"};
	r = upload(&qm, file, vo, 1, "zh");
	assert_int_equal(r.status, 200);
	j = fx_json(&r);
	http_resp_free(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "added")), 1);
	assert_int_equal(json_array_size(json_object_get(j, "rejected")), 4);
	assert_int_equal(json_integer_value(json_object_get(j, "members")), before + 1);
	json_decref(j);
	assert_int_equal(member_is(u3), 1);

	/* replace with a clean file */
	const char *rep[] = {"replace=1"};
	r = upload(&qm, "p1\n", rep, 1, "zh");
	assert_int_equal(r.status, 200);
	http_resp_free(&r);
	assert_int_equal(members(), 1);

	/* an empty file, only blank lines, no file at all, another region's manager */
	r = upload(&qm, "\r\n\n", NULL, 0, "zh");
	assert_int_equal(r.status, 400);
	http_resp_free(&r);
	char path[128];
	snprintf(path, sizeof path, "/api/v1/quiz/campaigns/%lld/members/import", (long long)cid);
	assert_int_equal(http_status_as(&srv, &qm, "POST", path,
	                                "multipart/form-data; boundary=XyZ",
	                                "--XyZ\r\nContent-Disposition: form-data; name=\"replace\""
	                                "\r\n\r\n1\r\n--XyZ--\r\n"),
	                 400);
	r = upload(&qm_out, "p2\n", NULL, 0, "zh");
	assert_int_equal(r.status, 403);
	http_resp_free(&r);
	assert_int_equal(members(), 1);
}

int main(int argc, char **argv)
{
	(void)argc;
	tala_bin = argv[1];
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_logins_and_phones),
	                                   cmocka_unit_test(test_csv_upload)};
	return cmocka_run_group_tests(tests, setup, teardown);
}
