/* test_signup.c: signing in and up with a mobile number and an SMS code, end to end against a
 * real `tala serve` whose SMS gateway is the spool directory (the codes are read from the
 * files a gateway daemon would pick up): the first sign-in creates a citizen account in the
 * chosen township with the number verified, the second signs the same account in; wrong,
 * old, expired and exhausted codes; limits per number and per address; invalid numbers; the
 * same answers whether a number has an account or not; a number of a password account;
 * verifying the number of a password account from its account page; the command gateway;
 * and neither codes nor full numbers in the server's log. */
#include "harness.h"

#include <dirent.h>
#include <jansson.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define JSON     "application/json"
#define FORM     "application/x-www-form-urlencoded"
#define FAST     "auth.argon2_m_kib=64", "auth.argon2_t=1"
#define TOWNSHIP "150102001" /* a township of Hohhot's Xincheng district */

static struct server srv;
static char log_path[400];
static char codes_seen[64][8]; /* every code read from the spool, checked against the log */
static size_t ncodes;

static int64_t db_int(const char *sql)
{
	return harness_db_int(srv.data_dir, sql);
}

static void db_exec(const char *sql)
{
	char path[400];
	snprintf(path, sizeof path, "%s/tala.db", srv.data_dir);
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
	sqlite3_close(db);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	buf[fread(buf, 1, (size_t)n, f)] = '\0';
	fclose(f);
	return buf;
}

/* The number of spool files addressed to phone, and the code in the newest (highest id). */
static int spool_scan(const char *phone, char code[8])
{
	char dir[400], want[64];
	snprintf(dir, sizeof dir, "%s/sms-outbox", srv.data_dir);
	snprintf(want, sizeof want, "\nTo: %s\n", phone);
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	int count = 0;
	long best = -1;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n < 5 || strcmp(e->d_name + n - 4, ".sms") != 0)
			continue;
		char path[700];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		char *text = slurp(path);
		if (!text)
			continue;
		if (strstr(text, want)) {
			count++;
			long id = atol(e->d_name);
			/* the format: headers, a blank line, the text; the code is the 6 digits
			 * there */
			const char *body = strstr(text, "\n\n");
			assert_non_null(body);
			assert_non_null(strstr(text, "Tala-SMS: 1\n"));
			const char *p = body;
			while (*p && !(strspn(p, "0123456789") == 6))
				p++;
			if (id > best && *p) {
				best = id;
				snprintf(code, 8, "%.6s", p);
			}
		}
		free(text);
	}
	closedir(d);
	return count;
}

/* Waits (the sender thread writes after the commit) until phone has n messages; returns the
 * newest one's code (static). */
static const char *spool_code(const char *phone, int n)
{
	static char code[8];
	for (int i = 0; i < 1000; i++) {
		if (spool_scan(phone, code) >= n) {
			if (ncodes < 64)
				snprintf(codes_seen[ncodes++], 8, "%s", code);
			return code;
		}
		struct timespec ts = {0, 20 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	fail_msg("no SMS #%d for %s in the spool", n, phone);
	return NULL;
}

static struct http_resp api(const char *path, const char *json)
{
	return http_post_json(&srv, path, json);
}

static long send_code(const char *phone)
{
	char body[128];
	snprintf(body, sizeof body, "{\"phone\":\"%s\"}", phone);
	struct http_resp r = api("/api/v1/auth/sms-code", body);
	long status = r.status;
	if (status == 202)
		assert_string_equal(r.body, "{\"sent\":true,\"expires_in\":300,\"resend_in\":0}");
	http_resp_free(&r);
	return status;
}

static struct http_resp verify(const char *phone, const char *code, const char *profile)
{
	char body[512];
	snprintf(body, sizeof body, "{\"phone\":\"%s\",\"code\":\"%s\"%s%s}", phone, code,
	         profile ? "," : "", profile ? profile : "");
	return api("/api/v1/auth/sms-verify", body);
}

#define PROFILE "\"name\":\"巴特尔\",\"region\":\"" TOWNSHIP "\",\"lang\":\"mn\""

/* The shared server: no resend wait, 3 codes per number per hour, 3 tries per code. */
static int start_shared(void **state)
{
	const char *dir = harness_data_dir();
	snprintf(log_path, sizeof log_path, "%s/server.log", dir);
	server_start_logged(&srv, dir, log_path, FAST, "sms.resend_interval=0",
	                    "sms.per_phone_hour=3", "sms.code_attempts=3", "sms.per_ip_hour=1000",
	                    NULL);
	return 0;
}

static int stop_shared(void **state)
{
	assert_int_equal(server_stop(&srv, SIGTERM), 0);
	return 0;
}

static void test_invalid_numbers(void **state)
{
	static const char *const bad[] = {"12345",
	                                  "23812345678",
	                                  "12812345678",
	                                  "1381234567x",
	                                  "138123456789",
	                                  "+1 415 555 0100",
	                                  "138 1234 567",
	                                  "",
	                                  "１３８１２３４５６７８"};
	int64_t codes = db_int("SELECT COUNT(*) FROM phone_codes");
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char body[128];
		snprintf(body, sizeof body, "{\"phone\":\"%s\"}", bad[i]);
		struct http_resp r = api("/api/v1/auth/sms-code", body);
		if (r.status != 400 || !strstr(r.body, "\"field\":\"phone\""))
			fail_msg("%s: %ld %s", bad[i], r.status, r.body);
		http_resp_free(&r);
	}
	struct http_resp r = api("/api/v1/auth/sms-code?lang=mn", "{\"phone\":\"12345\"}");
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "ᠭᠠᠷ ᠤᠳᠠᠰᠤᠨ ᠤ ᠳ᠋ᠤᠭᠠᠷ"));
	http_resp_free(&r);
	r = verify("138123", "123456", NULL);
	assert_int_equal(r.status, 400);
	http_resp_free(&r);
	r = verify("13800000001", "12345", NULL); /* five digits */
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "\"field\":\"code\""));
	http_resp_free(&r);
	assert_int_equal(db_int("SELECT COUNT(*) FROM phone_codes"), codes);
	/* written in other ways, a mainland number is the same number */
	assert_int_equal(send_code("+86 139-0000-0001"), 202);
	assert_int_equal(send_code("0086 13900000001"), 202);
	spool_code("13900000001", 2);
}

static void test_first_and_second_sign_in(void **state)
{
	const char *phone = "13800000002";
	assert_int_equal(send_code(phone), 202);
	char code[8];
	snprintf(code, sizeof code, "%s", spool_code(phone, 1));
	/* a right code for a number without an account asks who they are, and keeps the code */
	struct http_resp r = verify(phone, code, NULL);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "{\"status\":\"profile_required\"}");
	http_resp_free(&r);
	/* a profile outside the townships, or without a name, is refused */
	r = verify(phone, code, "\"name\":\"巴特尔\",\"region\":\"150102\"");
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "\"field\":\"region\""));
	http_resp_free(&r);
	r = verify(phone, code, "\"name\":\"巴特尔\",\"region\":\"999999999\"");
	assert_int_equal(r.status, 400);
	http_resp_free(&r);
	r = verify(phone, code, "\"region\":\"" TOWNSHIP "\"");
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "\"field\":\"name\""));
	http_resp_free(&r);
	assert_int_equal(db_int("SELECT COUNT(*) FROM users"), 0);

	r = verify(phone, code, PROFILE);
	assert_int_equal(r.status, 201);
	assert_string_equal(http_header(&r, "Cache-Control"), "no-store");
	json_t *j = json_loads(r.body, 0, NULL);
	assert_non_null(j);
	assert_true(json_is_true(json_object_get(j, "created")));
	int64_t uid = json_integer_value(json_object_get(j, "user_id"));
	struct creds c = {0};
	snprintf(c.session, sizeof c.session, "%s",
	         json_string_value(json_object_get(j, "session")));
	snprintf(c.csrf, sizeof c.csrf, "%s", json_string_value(json_object_get(j, "csrf")));
	char login[40];
	snprintf(login, sizeof login, "%s", json_string_value(json_object_get(j, "login")));
	json_decref(j);
	assert_non_null(strstr(http_header(&r, "Set-Cookie"), c.session));
	http_resp_free(&r);
	/* the account: a citizen of the township, the number verified and sealed */
	r = http_as(&srv, &c, "GET", "/api/v1/me", NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"phone_verified\":true"));
	assert_non_null(strstr(r.body, "\"role\":\"citizen\""));
	assert_non_null(strstr(r.body, "\"scope\":\"" TOWNSHIP "\""));
	assert_non_null(strstr(r.body, "\"name_mn\":\"\""));
	assert_non_null(strstr(r.body, "\"lang\":\"mn\""));
	assert_non_null(strstr(r.body, "\"name_zh\":\"巴特尔\""));
	http_resp_free(&r);
	char sql[256];
	snprintf(sql, sizeof sql,
	         "SELECT COUNT(*) FROM users WHERE id = %lld AND phone_verified_at > 0"
	         " AND password_hash = '!' AND region_code = '" TOWNSHIP "'",
	         (long long)uid);
	assert_int_equal(db_int(sql), 1);
	/* audited as the new account, the number masked */
	snprintf(sql, sizeof sql,
	         "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.signup.sms' AND actor = '%s'"
	         " AND actor_id = %lld AND object_id = '138****0002' AND scope = '" TOWNSHIP "'",
	         login, (long long)uid);
	assert_int_equal(db_int(sql), 1);
	assert_int_equal(db_int("SELECT COUNT(*) FROM audit_log WHERE object_id LIKE '%00000002%'"
	                        " OR summary LIKE '%00000002%'"),
	                 0);
	/* a code works once */
	r = verify(phone, code, NULL);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "\"code_expired\""));
	http_resp_free(&r);

	/* the second time: the same account, signed in, nothing new made */
	assert_int_equal(send_code(phone), 202);
	r = verify(phone, spool_code(phone, 2), NULL);
	assert_int_equal(r.status, 200);
	j = json_loads(r.body, 0, NULL);
	assert_false(json_is_true(json_object_get(j, "created")));
	assert_int_equal(json_integer_value(json_object_get(j, "user_id")), uid);
	json_decref(j);
	http_resp_free(&r);
	assert_int_equal(db_int("SELECT COUNT(*) FROM users"), 1);
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM sessions WHERE user_id = %lld",
	         (long long)uid);
	assert_int_equal(db_int(sql), 2);
	snprintf(sql, sizeof sql,
	         "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.login.sms' AND actor = '%s'",
	         login);
	assert_int_equal(db_int(sql), 1);
	/* a phone-only account has no password to change */
	r = http_as(&srv, &c, "PUT", "/api/v1/me/password", JSON,
	            "{\"current\":\"!\",\"password\":\"Some-Long-Pass-77\"}");
	assert_int_equal(r.status, 403);
	assert_non_null(strstr(r.body, "no_password"));
	http_resp_free(&r);
}

static void test_wrong_and_exhausted_codes(void **state)
{
	const char *phone = "13800000003";
	assert_int_equal(send_code(phone), 202);
	const char *code = spool_code(phone, 1);
	char wrong[8];
	snprintf(wrong, sizeof wrong, "%06d", (atoi(code) + 1) % 1000000);
	for (int i = 0; i < 3; i++) {
		struct http_resp r = verify(phone, wrong, PROFILE);
		assert_int_equal(r.status, 400);
		assert_non_null(strstr(r.body, "\"wrong_code\""));
		http_resp_free(&r);
	}
	assert_int_equal(db_int("SELECT COUNT(*) FROM audit_log WHERE action ="
	                        " 'auth.sms.wrong_code' AND actor = 'visitor'"
	                        " AND object_id = '138****0003'"),
	                 3);
	/* three wrong tries end the code: even the right one is refused now */
	struct http_resp r = verify(phone, code, PROFILE);
	assert_int_equal(r.status, 429);
	assert_non_null(strstr(r.body, "\"too_many_attempts\""));
	http_resp_free(&r);
	assert_int_equal(db_int("SELECT COUNT(*) FROM users"), 1); /* the previous test's only */
	/* a new code starts afresh */
	assert_int_equal(send_code(phone), 202);
	r = verify(phone, spool_code(phone, 2), PROFILE);
	assert_int_equal(r.status, 201);
	http_resp_free(&r);
}

static void test_old_and_expired_codes(void **state)
{
	const char *phone = "13800000004";
	assert_int_equal(send_code(phone), 202);
	char first[8];
	snprintf(first, sizeof first, "%s", spool_code(phone, 1));
	assert_int_equal(send_code(phone), 202);
	char second[8];
	snprintf(second, sizeof second, "%s", spool_code(phone, 2));
	if (strcmp(first, second) != 0) { /* a newer code voids the older one */
		struct http_resp r = verify(phone, first, PROFILE);
		assert_int_equal(r.status, 400);
		http_resp_free(&r);
	}
	/* time passes beyond sms.code_ttl */
	db_exec("UPDATE phone_codes SET expires_at = created_at + 1");
	struct http_resp r = verify(phone, second, PROFILE);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "\"code_expired\""));
	assert_non_null(strstr(r.body, "验证码已失效"));
	http_resp_free(&r);
	/* a number that never got a code */
	r = verify("13800000099", "123456", PROFILE);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "\"code_expired\""));
	http_resp_free(&r);
	assert_int_equal(db_int("SELECT COUNT(*) FROM users WHERE region_code = '" TOWNSHIP "'"),
	                 2);
}

static void test_limit_per_number(void **state)
{
	const char *phone = "13800000005";
	for (int i = 0; i < 3; i++)
		assert_int_equal(send_code(phone), 202);
	struct http_resp r = api("/api/v1/auth/sms-code", "{\"phone\":\"13800000005\"}");
	assert_int_equal(r.status, 429);
	assert_non_null(strstr(r.body, "\"rate_limited\""));
	long wait = atol(http_header(&r, "Retry-After"));
	assert_true(wait > 3500 && wait <= 3600);
	http_resp_free(&r);
	spool_code(phone, 3);
	assert_int_equal(db_int("SELECT COUNT(*) FROM sms_outbox"),
	                 db_int("SELECT COUNT(*) FROM phone_codes"));
	char unused[8];
	assert_int_equal(spool_scan(phone, unused), 3);
}

/* Whether GET /api/v1/me as c answers 200 with needle in its body. */
static bool me_says(const struct creds *c, const char *needle)
{
	struct http_resp r = http_as(&srv, c, "GET", "/api/v1/me", NULL, NULL);
	bool yes = r.status == 200 && strstr(r.body, needle) != NULL;
	http_resp_free(&r);
	return yes;
}

/* An answer as a string of status and body, for comparing the answers for two numbers. */
static char *answer(struct http_resp r)
{
	size_t n = strlen(r.body) + 16;
	char *s = malloc(n);
	assert_non_null(s);
	snprintf(s, n, "%ld %s", r.status, r.body);
	http_resp_free(&r);
	return s;
}

/* Replaces every from in s by to (of the same length); returns how many. */
static int replace_all(char *s, const char *from, const char *to)
{
	int n = 0;
	size_t len = strlen(from);
	for (char *p = strstr(s, from); p; p = strstr(p + len, from), n++)
		memcpy(p, to, len);
	return n;
}

static void test_no_enumeration(void **state)
{
	/* 13800000002 has an account (test_first_and_second_sign_in); 13800000006 none */
	const char *known = "13800000002", *unknown = "13800000006";
	char *a = answer(api("/api/v1/auth/sms-code", "{\"phone\":\"13800000002\"}"));
	char *b = answer(api("/api/v1/auth/sms-code", "{\"phone\":\"13800000006\"}"));
	assert_string_equal(a, b);
	free(a);
	free(b);
	a = answer(verify(known, "000000", NULL));
	b = answer(verify(unknown, "000000", NULL));
	if (strcmp(spool_code(known, 3), "000000") != 0 &&
	    strcmp(spool_code(unknown, 1), "000000") != 0)
		assert_string_equal(a, b);
	free(a);
	free(b);
	/* the pages: the same page for both */
	struct http_resp r = http_get(&srv, "/signup");
	assert_int_equal(r.status, 200);
	const char *cookie = strstr(r.headers, "tala_csrf=");
	assert_non_null(cookie);
	char csrf[64];
	snprintf(csrf, sizeof csrf, "%.43s", cookie + 10);
	http_resp_free(&r);
	char hdr[128], url[128], body[2][160];
	snprintf(hdr, sizeof hdr, "Cookie: tala_csrf=%s", csrf);
	const char *headers[] = {hdr, "Content-Type: " FORM, NULL};
	snprintf(url, sizeof url, "%s/signup/code", srv.base);
	/* 13800000003 has an account (test_wrong_and_exhausted_codes) and room for a code */
	const char *phones[] = {"13800000003", unknown};
	char *pages[2];
	for (int i = 0; i < 2; i++) {
		snprintf(body[i], sizeof body[i], "_csrf=%s&phone=%s", csrf, phones[i]);
		pages[i] = answer(http_do("POST", url, headers, body[i], strlen(body[i])));
	}
	/* the pages differ only in the number (in full in the form, masked in the notice) */
	assert_int_equal(replace_all(pages[0], "13800000003", "13800000006"), 2);
	assert_int_equal(replace_all(pages[0], "138****0003", "138****0006"), 1);
	assert_string_equal(pages[0], pages[1]);
	free(pages[0]);
	free(pages[1]);
	/* without the CSRF cookie's token the form is refused */
	snprintf(body[0], sizeof body[0], "phone=%s", unknown);
	r = http_do("POST", url, headers, body[0], strlen(body[0]));
	assert_int_equal(r.status, 403);
	http_resp_free(&r);
}

/* A password account verifies its number on its account page; the number then signs in by
 * SMS only through the password; another account cannot verify the same number. */
static void test_account_verifies_its_number(void **state)
{
	harness_user_add(srv.data_dir, "saruul", "Morning-Dew-Grass-5", NULL, "editor", "1501");
	harness_user_add(srv.data_dir, "tsetseg", "Evening-Wind-Calm-6", NULL, "citizen", "15");
	struct creds c;
	assert_int_equal(harness_sign_in(&srv, "saruul", "Morning-Dew-Grass-5", &c), 201);
	struct http_resp r = http_as(&srv, &c, "GET", "/account", NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "action=\"/account/phone/code\""));
	assert_non_null(strstr(r.body, "未验证"));
	http_resp_free(&r);
	const char *phone = "13800000008";
	r = http_as(&srv, &c, "POST", "/account/phone/code", FORM, "phone=13800000008");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "action=\"/account/phone/verify\""));
	assert_non_null(strstr(r.body, "138****0008"));
	http_resp_free(&r);
	char form[64];
	r = http_as(&srv, &c, "POST", "/account/phone/verify", FORM,
	            "phone=13800000008&code=abcdef");
	assert_int_equal(r.status, 400);
	http_resp_free(&r);
	snprintf(form, sizeof form, "phone=%s&code=%s", phone, spool_code(phone, 1));
	r = http_as(&srv, &c, "POST", "/account/phone/verify", FORM, form);
	assert_int_equal(r.status, 303);
	assert_string_equal(http_header(&r, "Location"), "/account?done=phone");
	http_resp_free(&r);
	r = http_as(&srv, &c, "GET", "/api/v1/me", NULL, NULL);
	assert_non_null(strstr(r.body, "\"phone_verified\":true"));
	http_resp_free(&r);
	r = http_as(&srv, &c, "GET", "/account?done=phone", NULL, NULL);
	assert_non_null(strstr(r.body, "手机号已验证"));
	assert_non_null(strstr(r.body, "138****0008"));
	http_resp_free(&r);
	assert_int_equal(db_int("SELECT COUNT(*) FROM audit_log WHERE action ="
	                        " 'account.phone_verify' AND actor = 'saruul'"),
	                 1);
	/* SMS sign-in does not open a password account */
	assert_int_equal(send_code(phone), 202);
	r = verify(phone, spool_code(phone, 2), NULL);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "\"password_account\""));
	assert_null(http_header(&r, "Set-Cookie"));
	http_resp_free(&r);
	/* nor can a second account take the verified number */
	struct creds t;
	assert_int_equal(harness_sign_in(&srv, "tsetseg", "Evening-Wind-Calm-6", &t), 201);
	r = http_as(&srv, &t, "POST", "/account/phone/code", FORM, "phone=13800000008");
	assert_int_equal(r.status, 200);
	http_resp_free(&r);
	snprintf(form, sizeof form, "phone=%s&code=%s", phone, spool_code(phone, 3));
	r = http_as(&srv, &t, "POST", "/account/phone/verify", FORM, form);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "这个号码已被另一个账号验证"));
	http_resp_free(&r);
	assert_int_equal(db_int("SELECT COUNT(*) FROM users WHERE phone_verified_at IS NOT NULL"
	                        " AND login IN ('saruul', 'tsetseg')"),
	                 1);
}

/* The console says whose number is proven: saruul's (verified above) is, a number an admin
 * typed in is not — on the list, the user page (with the day) and in the API. */
static void test_console_shows_verification(void **state)
{
	int64_t id = harness_user_add(srv.data_dir, "zaya", "Blue-Lake-Quiet-71", "13800000010",
	                              "citizen", "1501");
	harness_user_add(srv.data_dir, "khanbogd", "High-Peak-Stone-39", NULL, "admin", "15");
	struct creds a;
	assert_int_equal(harness_sign_in(&srv, "khanbogd", "High-Peak-Stone-39", &a), 201);
	struct http_resp r = http_as(&srv, &a, "GET", "/admin/users?q=saruul", NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "138****0008 <span class=\"phone-state verified\">已验证"));
	http_resp_free(&r);
	r = http_as(&srv, &a, "GET", "/admin/users?q=zaya&lang=mn", NULL, NULL);
	assert_non_null(strstr(r.body, "138****0010 <span class=\"phone-state unverified\">"
	                               "ᠪᠠᠲᠤᠯᠠᠭ᠎ᠠ ᠦᠭᠡᠢ"));
	http_resp_free(&r);
	char path[64];
	snprintf(path, sizeof path, "/admin/users/%lld", (long long)id);
	r = http_as(&srv, &a, "GET", path, NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "phone-state unverified\">未验证"));
	http_resp_free(&r);
	r = http_as(&srv, &a, "GET", "/api/v1/users?q=saruul", NULL, NULL);
	assert_non_null(strstr(r.body, "\"phone_verified\":true"));
	http_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/users/%lld", (long long)id);
	r = http_as(&srv, &a, "GET", path, NULL, NULL);
	assert_non_null(strstr(r.body, "\"phone_verified\":false"));
	http_resp_free(&r);
	/* the day it was proven, on saruul's page */
	int64_t saruul = db_int("SELECT id FROM users WHERE login = 'saruul'");
	snprintf(path, sizeof path, "/admin/users/%lld", (long long)saruul);
	r = http_as(&srv, &a, "GET", path, NULL, NULL);
	assert_non_null(strstr(r.body, "phone-state verified\">已验证 <time datetime=\""));
	http_resp_free(&r);
}

/* The same through the API, for apps: JSON in and out, 204 when verified. */
static void test_account_verifies_through_the_api(void **state)
{
	harness_user_add(srv.data_dir, "ulaan", "Red-Cliff-Sunset-44", NULL, "officer", "1501");
	struct creds c;
	assert_int_equal(harness_sign_in(&srv, "ulaan", "Red-Cliff-Sunset-44", &c), 201);
	struct http_resp r =
	    http_as(&srv, &c, "POST", "/api/v1/me/phone/code", JSON, "{\"phone\":\"2380000\"}");
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "\"field\":\"phone\""));
	http_resp_free(&r);
	r = http_as(&srv, &c, "POST", "/api/v1/me/phone/code", JSON, "{\"phone\":\"13800000009\"}");
	assert_int_equal(r.status, 202);
	http_resp_free(&r);
	const char *code = spool_code("13800000009", 1);
	char body[96], wrong[8];
	snprintf(wrong, sizeof wrong, "%06d", (atoi(code) + 7) % 1000000);
	snprintf(body, sizeof body, "{\"phone\":\"13800000009\",\"code\":\"%s\"}", wrong);
	r = http_as(&srv, &c, "POST", "/api/v1/me/phone/verify", JSON, body);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "\"wrong_code\""));
	http_resp_free(&r);
	assert_false(me_says(&c, "\"phone_verified\":true"));
	snprintf(body, sizeof body, "{\"phone\":\"13800000009\",\"code\":\"%s\"}", code);
	r = http_as(&srv, &c, "POST", "/api/v1/me/phone/verify", JSON, body);
	assert_int_equal(r.status, 204);
	http_resp_free(&r);
	assert_true(me_says(&c, "\"phone_verified\":true"));
	/* a visitor has no account to verify */
	r = api("/api/v1/me/phone/code", "{\"phone\":\"13800000009\"}");
	assert_int_equal(r.status, 401);
	http_resp_free(&r);
}

/* Codes and sent messages are not kept beyond a day: each new code removes up to 16 of the
 * oldest codes and sent messages older than that. */
static void test_old_codes_and_messages_removed(void **state)
{
	/* wait until everything so far has been handed over and marked sent */
	for (int i = 0; i < 1000 && db_int("SELECT COUNT(*) FROM sms_outbox WHERE sent_at IS NULL");
	     i++) {
		struct timespec ts = {0, 20 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	assert_int_equal(db_int("SELECT COUNT(*) FROM sms_outbox WHERE sent_at IS NULL"), 0);
	db_exec("UPDATE phone_codes SET created_at = created_at - 172800000,"
	        " expires_at = expires_at - 172800000;"
	        "UPDATE sms_outbox SET sent_at = sent_at - 172800000 WHERE sent_at IS NOT NULL");
	int64_t codes = db_int("SELECT COUNT(*) FROM phone_codes");
	int64_t sent = db_int("SELECT COUNT(*) FROM sms_outbox WHERE sent_at IS NOT NULL");
	assert_true(codes > 16 && sent > 16);
	assert_int_equal(send_code("13800000010"), 202);
	spool_code("13800000010", 1);
	assert_int_equal(db_int("SELECT COUNT(*) FROM phone_codes"), codes - 16 + 1);
	assert_int_equal(db_int("SELECT COUNT(*) FROM sms_outbox"), sent - 16 + 1);
	/* the newest are the ones kept */
	assert_int_equal(db_int("SELECT MIN(id) FROM phone_codes"),
	                 db_int("SELECT MAX(id) FROM phone_codes") - (codes - 16));
}

/* Last on the shared server: its log holds no code and no full number. */
static void test_log_keeps_no_codes_or_numbers(void **state)
{
	assert_int_equal(server_stop(&srv, SIGTERM), 0);
	char *log = slurp(log_path);
	assert_non_null(log);
	assert_non_null(strstr(log, "sms.sent"));
	assert_true(ncodes >= 10);
	for (size_t i = 0; i < ncodes; i++)
		if (strstr(log, codes_seen[i]))
			fail_msg("code %s in the log", codes_seen[i]);
	assert_null(strstr(log, "1380000000"));
	assert_null(strstr(log, "1390000000"));
	free(log);
	start_shared(state); /* for the group's teardown */
}

/* Limits per address and the resend interval, on a server of their own. */
static void test_limit_per_address(void **state)
{
	const char *dir = harness_data_dir();
	struct server shared = srv;
	server_start(&srv, dir, FAST, "sms.per_ip_hour=2", NULL);
	struct http_resp r = api("/api/v1/auth/sms-code", "{\"phone\":\"13700000001\"}");
	assert_int_equal(r.status, 202);
	assert_non_null(strstr(r.body, "\"resend_in\":60"));
	http_resp_free(&r);
	r = api("/api/v1/auth/sms-code", "{\"phone\":\"13700000001\"}"); /* within a minute */
	assert_int_equal(r.status, 429);
	long wait = atol(http_header(&r, "Retry-After"));
	assert_true(wait >= 1 && wait <= 60);
	http_resp_free(&r);
	r = api("/api/v1/auth/sms-code", "{\"phone\":\"13700000002\"}");
	assert_int_equal(r.status, 202);
	http_resp_free(&r);
	r = api("/api/v1/auth/sms-code", "{\"phone\":\"13700000003\"}"); /* the third from here */
	assert_int_equal(r.status, 429);
	assert_non_null(http_header(&r, "Retry-After"));
	http_resp_free(&r);
	assert_int_equal(db_int("SELECT COUNT(*) FROM phone_codes"), 2);
	assert_int_equal(server_stop(&srv, SIGTERM), 0);
	srv = shared;
}

/* sms.gateway=command: the message on a program's standard input. */
static void test_command_gateway(void **state)
{
	const char *dir = harness_data_dir();
	struct server shared = srv;
	char script[400], out[400], set_cmd[460];
	snprintf(script, sizeof script, "%s/gateway.sh", dir);
	snprintf(out, sizeof out, "%s/received.txt", dir);
	FILE *f = fopen(script, "w");
	assert_non_null(f);
	fprintf(f, "#!/bin/sh\ncat >> '%s'\n", out);
	fclose(f);
	assert_int_equal(chmod(script, 0700), 0);
	snprintf(set_cmd, sizeof set_cmd, "sms.command=%s", script);
	/* a command gateway without a usable program does not start */
	char err[512] = "";
	assert_int_not_equal(harness_run(err, sizeof err, "serve", "--data", dir, "--port", "0",
	                                 "--set", "sms.gateway=command", NULL),
	                     0);
	assert_non_null(strstr(err, "sms.command"));
	assert_int_not_equal(harness_run(err, sizeof err, "serve", "--data", dir, "--port", "0",
	                                 "--set", "sms.gateway=pigeon", NULL),
	                     0);
	assert_non_null(strstr(err, "sms.gateway"));
	server_start(&srv, dir, FAST, "sms.gateway=command", set_cmd, NULL);
	struct http_resp r = api("/api/v1/auth/sms-code?lang=mn", "{\"phone\":\"13600000001\"}");
	assert_int_equal(r.status, 202);
	http_resp_free(&r);
	char *got = NULL;
	for (int i = 0; i < 1000 && !(got && strstr(got, "\n\n")); i++) {
		free(got);
		struct timespec ts = {0, 20 * 1000 * 1000};
		nanosleep(&ts, NULL);
		got = slurp(out);
	}
	assert_non_null(got);
	assert_non_null(strstr(got, "Tala-SMS: 1\nId: 1\nTo: 13600000001\n"));
	assert_non_null(
	    strstr(got, "ᠪᠠᠲᠤᠯᠠᠬᠤ ᠺᠣᠳ᠋")); /* the Mongolian text */
	free(got);
	assert_int_equal(server_stop(&srv, SIGTERM), 0);
	assert_int_equal(harness_db_int(dir, "SELECT COUNT(*) FROM sms_outbox WHERE sent_at > 0"),
	                 1);
	char spool[460];
	snprintf(spool, sizeof spool, "%s/sms-outbox/1.sms", dir);
	assert_int_not_equal(access(spool, F_OK), 0); /* not spooled as well */
	srv = shared;
}

int main(int argc, char **argv)
{
	tala_bin = argv[1];
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_invalid_numbers),
	    cmocka_unit_test(test_first_and_second_sign_in),
	    cmocka_unit_test(test_wrong_and_exhausted_codes),
	    cmocka_unit_test(test_old_and_expired_codes),
	    cmocka_unit_test(test_limit_per_number),
	    cmocka_unit_test(test_no_enumeration),
	    cmocka_unit_test(test_account_verifies_its_number),
	    cmocka_unit_test(test_console_shows_verification),
	    cmocka_unit_test(test_account_verifies_through_the_api),
	    cmocka_unit_test(test_old_codes_and_messages_removed),
	    cmocka_unit_test(test_log_keeps_no_codes_or_numbers),
	    cmocka_unit_test(test_limit_per_address),
	    cmocka_unit_test(test_command_gateway),
	};
	return cmocka_run_group_tests(tests, start_shared, stop_shared);
}
