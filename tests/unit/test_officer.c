/* test_officer.c: the officer module's parts without a server — share codes (shape, no
 * repeats), the code → link cache, forward tokens and officer cookies (made, checked, and
 * refused when forged, tampered, expired or malformed), the bot/prefetch rules, the reader
 * and network hashes (daily rotation, /24 grouping), the status transitions, the QR encoders,
 * the CSV splitter and the import checks against a migrated database (duplicates, unknown
 * townships, unknown and invalid phones, field counts, a bad header), and the visit batch
 * insert with its per-day summary. */
#include "store/store.h"
#include "test_util.h"

#include "auth/auth.h"
#include "base/arena.h"
#include "base/common.h"
#include "officer/officer_internal.h"
#include "store/store.h"

#include <string.h>

static char keydir[256];

static int setup_keys(void **state)
{
	(void)state;
	tu_mkdtemp(keydir, sizeof keydir);
	char err[256] = "";
	if (auth_keys_create(keydir, err, sizeof err) != OK ||
	    auth_keys_load(keydir, err, sizeof err) != OK)
		fail_msg("keys: %s", err);
	assert_int_equal(officer_keys_load(), OK);
	assert_int_equal(officer_visit_keys_load(), OK);
	return 0;
}

static int teardown_keys(void **state)
{
	(void)state;
	tu_rmtree(keydir);
	return 0;
}

static void codes_are_random_base62(void **state)
{
	(void)state;
	char seen[64][OFFICER_CODE_LEN + 1];
	for (int i = 0; i < 64; i++) {
		officer_code_new(seen[i]);
		assert_int_equal(strlen(seen[i]), OFFICER_CODE_LEN);
		assert_true(officer_code_valid(seen[i]));
		for (int j = 0; j < i; j++)
			assert_string_not_equal(seen[i], seen[j]);
	}
	assert_false(officer_code_valid(""));
	assert_false(officer_code_valid("abc"));
	assert_false(officer_code_valid("abcdefghijk"));   /* 11 */
	assert_false(officer_code_valid("abcdefghi-"));    /* not base62 */
	assert_false(officer_code_valid("abcdefghi\xc3")); /* not ASCII */
	assert_true(officer_code_valid("AZaz09AZaz"));
}

static void cache_put_and_get(void **state)
{
	(void)state;
	officer_cache_clear();
	struct share_link l = {.id = 7, .officer_id = 3, .target_kind = "article", .target_id = 12};
	memcpy(l.code, "Abc123Xyz9", OFFICER_CODE_LEN + 1);
	officer_cache_put(&l, "/s/nmg/a/12");
	/* enough links to make the table grow several times */
	for (int i = 0; i < 5000; i++) {
		struct share_link m = {
		    .id = 100 + i, .officer_id = i, .target_kind = "article", .target_id = i % 7};
		officer_code_new(m.code);
		officer_cache_put(&m, i % 7 ? "/s/nmg/a/x" : "/s/nmg/a/y");
	}
	assert_int_equal(officer_cache_size(), 5001);
	struct link_entry e;
	assert_true(officer_cache_get("Abc123Xyz9", &e));
	assert_int_equal(e.link_id, 7);
	assert_int_equal(e.officer_id, 3);
	assert_int_equal(e.target_id, 12);
	assert_int_equal(e.kind, TARGET_ARTICLE);
	assert_string_equal(e.location, "/s/nmg/a/12");
	assert_false(officer_cache_get("Abc123Xyz8", &e));
	/* a target's location is held once, however many links lead to it */
	struct link_entry e1, e2;
	struct share_link m1 = {.id = 1, .officer_id = 1, .target_kind = "article", .target_id = 3},
	                  m2 = {.id = 2, .officer_id = 2, .target_kind = "article", .target_id = 3};
	memcpy(m1.code, "SameTarg01", OFFICER_CODE_LEN + 1);
	memcpy(m2.code, "SameTarg02", OFFICER_CODE_LEN + 1);
	officer_cache_put(&m1, "/s/nmg/a/x");
	officer_cache_put(&m2, "/s/nmg/a/x");
	assert_true(officer_cache_get("SameTarg01", &e1));
	assert_true(officer_cache_get("SameTarg02", &e2));
	assert_ptr_equal(e1.location, e2.location);
	assert_ptr_equal(officer_cache_location("article", 3), e1.location);
	assert_null(officer_cache_location("article", 99999));
	officer_cache_clear();
	assert_false(officer_cache_get("Abc123Xyz9", &e));
	assert_int_equal(officer_cache_size(), 0);
}

static void forward_tokens(void **state)
{
	(void)state;
	char tok[OFFICER_TOKEN_MAX];
	int64_t id = 0;
	officer_token_make(42, 2000000000, tok);
	assert_true(officer_token_check(tok, 1900000000, &id));
	assert_int_equal(id, 42);
	/* expired */
	assert_false(officer_token_check(tok, 2000000001, &id));
	/* another officer with the same mac */
	char forged[OFFICER_TOKEN_MAX];
	snprintf(forged, sizeof forged, "43%s", tok + 2);
	assert_false(officer_token_check(forged, 1900000000, &id));
	/* a later expiry with the same mac */
	snprintf(forged, sizeof forged, "42.2100000000%s", strchr(tok + 3, '.'));
	assert_false(officer_token_check(forged, 1900000000, &id));
	/* one flipped hex digit of the mac */
	snprintf(forged, sizeof forged, "%s", tok);
	char *last = forged + strlen(forged) - 1;
	*last = *last == '0' ? '1' : '0';
	assert_false(officer_token_check(forged, 1900000000, &id));
	/* malformed */
	const char *bad[] = {"",
	                     "42",
	                     "42.",
	                     "42.2000000000",
	                     "42.2000000000.",
	                     ".1.00000000000000000000000000000000",
	                     "x.y.z",
	                     "042.2000000000.00",
	                     NULL};
	for (int i = 0; bad[i]; i++)
		assert_false(officer_token_check(bad[i], 0, &id));
	assert_false(officer_token_check(NULL, 0, &id));
	/* a token is not an officer cookie and the reverse: the keys differ */
	char self[OFFICER_TOKEN_MAX];
	officer_self_make(42, self);
	assert_true(officer_self_check(self, &id));
	assert_int_equal(id, 42);
	snprintf(forged, sizeof forged, "41%s", self + 2);
	assert_false(officer_self_check(forged, &id));
	char dotted[OFFICER_TOKEN_MAX];
	snprintf(dotted, sizeof dotted, "42.2000000000.%s", strchr(self, '.') + 1);
	assert_false(officer_token_check(dotted, 0, &id));
}

static void bots_are_recognised(void **state)
{
	(void)state;
	const char *bots[] = {
	    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
	    "Twitterbot/1.0",
	    "TelegramBot (like TwitterBot)",
	    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
	    "Slack-ImgProxy (+https://api.slack.com/robots)",
	    "WhatsApp/2.23.20.0",
	    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
	    "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
	    "curl/7.88.1",
	    "Wget/1.21.3",
	    "python-requests/2.31.0",
	    "Go-http-client/1.1",
	    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/120.0 Safari/537.36",
	    "",
	    NULL};
	for (int i = 0; bots[i]; i++)
		if (!officer_ua_is_bot(bots[i]))
			fail_msg("not recognised as a bot: %s", bots[i]);
	assert_true(officer_ua_is_bot(NULL));
	const char *people[] = {
	    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, "
	    "like "
	    "Gecko) Mobile/15E148 MicroMessenger/8.0.42(0x18002a2d) NetType/WIFI Language/zh_CN",
	    "Mozilla/5.0 (Linux; Android 13; V2148A) AppleWebKit/537.36 (KHTML, like Gecko) "
	    "Version/4.0 Chrome/98.0.4758.102 MQQBrowser/6.2 TBS/046503 Mobile Safari/537.36 "
	    "QQ/8.9.78.12275",
	    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
	    "Chrome/120.0.0.0 Safari/537.36",
	    NULL};
	for (int i = 0; people[i]; i++)
		if (officer_ua_is_bot(people[i]))
			fail_msg("a reader taken for a bot: %s", people[i]);
}

static void channels(void **state)
{
	(void)state;
	assert_int_equal(officer_channel("qr"), CHANNEL_QR);
	assert_int_equal(officer_channel("wechat"), CHANNEL_WECHAT);
	assert_int_equal(officer_channel("link"), CHANNEL_LINK);
	assert_int_equal(officer_channel("evil'--"), CHANNEL_LINK);
	assert_int_equal(officer_channel(NULL), CHANNEL_LINK);
}

/* 2026-03-01 00:30 Beijing = 2026-02-28 16:30 UTC */
#define T0_MS 1772296200000LL

static void hashes_rotate_daily_and_group_networks(void **state)
{
	(void)state;
	struct visit_raw v = {
	    .link_id = 1, .officer_id = 2, .target_id = 3, .at_ms = T0_MS, .kind = TARGET_ARTICLE};
	memcpy(v.token, "0123456789abcdef0123456789abcdef", 32);
	snprintf(v.client, sizeof v.client, "10.1.2.3");
	struct visit_row a, b, c, d;
	officer_visit_hash(&v, &a);
	assert_string_equal(a.day, "2026-03-01");
	v.at_ms += 3600 * 1000; /* same day */
	snprintf(v.client, sizeof v.client, "10.1.2.200");
	officer_visit_hash(&v, &b);
	assert_memory_equal(a.reader_hash, b.reader_hash, 16);
	assert_memory_equal(a.net_hash, b.net_hash, 16); /* same /24 */
	v.at_ms += 24 * 3600 * 1000;                     /* the next day */
	snprintf(v.client, sizeof v.client, "10.1.3.3");
	officer_visit_hash(&v, &c);
	assert_string_equal(c.day, "2026-03-02");
	assert_memory_not_equal(a.reader_hash, c.reader_hash, 16);
	assert_memory_not_equal(a.net_hash, c.net_hash, 16);
	snprintf(v.client, sizeof v.client, "2001:db8:1:2::5");
	officer_visit_hash(&v, &c);
	snprintf(v.client, sizeof v.client, "2001:db8:1:ffff::9");
	officer_visit_hash(&v, &d);
	assert_memory_equal(c.net_hash, d.net_hash, 16); /* same /48 */
	/* the token is not in the hash in the clear */
	assert_memory_not_equal(a.reader_hash, v.token, 16);
}

static void transitions(void **state)
{
	(void)state;
	assert_true(officer_transition_ok("pending", "active"));
	assert_true(officer_transition_ok("pending", "rejected"));
	assert_true(officer_transition_ok("active", "suspended"));
	assert_true(officer_transition_ok("suspended", "active"));
	assert_true(officer_transition_ok("rejected", "active"));
	assert_false(officer_transition_ok("active", "active"));
	assert_false(officer_transition_ok("active", "pending"));
	assert_false(officer_transition_ok("suspended", "rejected"));
	assert_false(officer_transition_ok("rejected", "suspended"));
}

static void qr_codes(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	assert_int_equal(officer_qr_png("http://127.0.0.1/r/Abc123Xyz9?c=qr", 4, &sb), OK);
	assert_true(sb.len > 100);
	assert_memory_equal(sb.data, "\x89PNG\r\n\x1a\n", 8);
	/* width: (modules + 8 quiet) * 4; version 3 for this length: 29 modules */
	unsigned w = (unsigned char)sb.data[16] << 24 | (unsigned char)sb.data[17] << 16 |
	             (unsigned char)sb.data[18] << 8 | (unsigned char)sb.data[19];
	assert_int_equal(w % 4, 0);
	assert_true(w / 4 >= 21 + 8);
	assert_int_equal(officer_qr_png("x", 0, &sb), ERR);
	assert_int_equal(officer_qr_svg("http://127.0.0.1/r/Abc123Xyz9?c=qr", &sb), OK);
	assert_non_null(strstr(sb.data, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
	assert_non_null(strstr(sb.data, "M4 4h1v1h-1z")); /* the finder pattern's corner */
	strbuf_free(&sb);
}

static void csv_splitting(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 4096);
	struct csv_row *rows;
	int bad = 0;
	const char *csv = "\xEF\xBB\xBFphone,township,org\r\n"
	                  "138,\"15, \"\"x\"\"\",\"two\nlines\"\n"
	                  "\n"
	                  "139,,\n";
	int n = officer_csv_parse(&a, csv, strlen(csv), &rows, &bad);
	assert_int_equal(n, 3);
	assert_int_equal(rows[0].n, 3);
	assert_string_equal(rows[0].fields[0], "phone");
	assert_string_equal(rows[1].fields[1], "15, \"x\"");
	assert_string_equal(rows[1].fields[2], "two\nlines");
	assert_int_equal(rows[1].line, 2);
	assert_int_equal(rows[2].line, 5);
	assert_int_equal(rows[2].n, 3);
	assert_string_equal(rows[2].fields[2], "");
	const char *open = "phone,township\n\"138,15\n";
	assert_int_equal(officer_csv_parse(&a, open, strlen(open), &rows, &bad), -1);
	assert_int_equal(bad, 2);
	arena_free(&a);
}

/* ---- against a database ---- */

static void open_migrated(struct tu_db *d)
{
	tu_db_open(d, 64);
	int applied = 0;
	char err[256] = "";
	if (store_migrate(d->s, &applied, err, sizeof err) != OK)
		fail_msg("migrate: %s", err);
	/* a township tree and three accounts with phones */
	char sql[2048];
	snprintf(sql, sizeof sql,
	         "INSERT INTO regions(code, level, parent, name_zh) VALUES"
	         " ('15', 'province', NULL, '内蒙古'), ('1525', 'league', '15', '锡林郭勒盟'),"
	         " ('152502', 'county', '1525', '锡林浩特市'),"
	         " ('152502100', 'township', '152502', '甲镇'),"
	         " ('152502101', 'township', '152502', '乙镇'),"
	         " ('1526', 'league', '15', '乌兰察布市'), ('152601', 'county', '1526', '集宁区'),"
	         " ('152601100', 'township', '152601', '丙镇');");
	assert_int_equal(store_write(d->s, tu_exec_closure, sql), OK);
	const char *phones[] = {"13800000001", "13800000002", "13800000003"};
	for (int i = 0; i < 3; i++) {
		struct strbuf sealed;
		strbuf_init(&sealed);
		assert_int_equal(auth_phone_seal(phones[i], &sealed), OK);
		unsigned char idx[16];
		auth_phone_index(phones[i], idx);
		sqlite3 *db = tu_sqlite_open(d->path, true);
		sqlite3_stmt *st;
		assert_int_equal(
		    sqlite3_prepare_v2(db,
		                       "INSERT INTO users(login, password_hash, phone_enc,"
		                       " phone_index, created_at) VALUES (?, 'x', ?, ?, 0)",
		                       -1, &st, NULL),
		    SQLITE_OK);
		char login[16];
		snprintf(login, sizeof login, "u%d", i + 1);
		sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
		sqlite3_bind_blob(st, 2, sealed.data, (int)sealed.len, SQLITE_STATIC);
		sqlite3_bind_blob(st, 3, idx, 16, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_finalize(st);
		sqlite3_close(db);
		strbuf_free(&sealed);
	}
}

static bool has_error(const struct import_result *r, int line, const char *reason)
{
	for (size_t i = 0; i < r->nerrors; i++)
		if (r->errors[i].line == line && strcmp(r->errors[i].reason, reason) == 0)
			return true;
	return false;
}

static void import_checks_every_row(void **state)
{
	(void)state;
	struct tu_db d;
	open_migrated(&d);
	struct arena a;
	arena_init(&a, 4096);
	const char *csv = "phone,township,org,bio_zh\n"
	                  "138 0000 0001,152502100,牧业合作社,你好\n" /* 2: fine */
	                  "13800000001,152502101,,\n"                 /* 3: same account again */
	                  "13800000002,152502999,,\n"                 /* 4: unknown township */
	                  "13800000002,1525,,\n"       /* 5: a league; account twice */
	                  "13899999999,152502100,,\n"  /* 6: no such account */
	                  "call me,152502100,,\n"      /* 7: not a phone */
	                  "13800000003,152502101,x\n"  /* 8: field count */
	                  "13800000003,152601100,,\n"; /* 9: outside the scope */
	const char *scopes[] = {"152502"};
	struct import_result res;
	struct import_batch batch;
	assert_int_equal(officer_import_check(d.s, &a, csv, strlen(csv), scopes, 1, &res, &batch),
	                 OK);
	assert_int_equal(res.rows, 8);
	assert_int_equal(res.valid, 1);
	assert_true(has_error(&res, 3, "officer.import.duplicate"));
	assert_true(has_error(&res, 4, "officer.import.unknown_township"));
	assert_true(has_error(&res, 5, "officer.import.unknown_township"));
	assert_true(has_error(&res, 5, "officer.import.duplicate"));
	assert_true(has_error(&res, 6, "officer.import.unknown_phone"));
	assert_true(has_error(&res, 7, "officer.import.invalid_phone"));
	assert_true(has_error(&res, 8, "officer.import.fields"));
	assert_true(has_error(&res, 9, "officer.import.out_of_scope"));
	assert_int_equal(res.nerrors, 8);
	/* with errors nothing is written unless the valid rows are asked for */
	assert_false(officer_import_should_write(&res, false, false));
	assert_false(officer_import_should_write(&res, true, true));
	assert_true(officer_import_should_write(&res, true, false));
	assert_int_equal(tu_path_int(d.path, "SELECT count(*) FROM officers"), 0);
	assert_int_equal(batch.n, 1);
	assert_int_equal(store_write(d.s, officer_import_write, &batch), OK);
	assert_int_equal(tu_path_int(d.path,
	                             "SELECT count(*) FROM officers WHERE status = 'active'"
	                             " AND township_code = '152502100' AND confirmed_at > 0"),
	                 1);
	/* now that account is an officer already */
	const char *again = "phone,township\n13800000001,152502100\n";
	assert_int_equal(officer_import_check(d.s, &a, again, strlen(again), NULL, 0, &res, &batch),
	                 OK);
	assert_true(has_error(&res, 2, "officer.import.already_officer"));
	/* files that are not CSV of officers at all */
	const char *noheader = "township,org\n152502100,x\n";
	assert_int_equal(
	    officer_import_check(d.s, &a, noheader, strlen(noheader), NULL, 0, &res, &batch), ERR);
	assert_true(has_error(&res, 1, "officer.import.no_header"));
	const char *badcol = "phone,township,age\n";
	assert_int_equal(
	    officer_import_check(d.s, &a, badcol, strlen(badcol), NULL, 0, &res, &batch), ERR);
	assert_true(has_error(&res, 1, "officer.import.bad_header"));
	const char *latin1 = "phone,township\n\xe9,1\n";
	assert_int_equal(
	    officer_import_check(d.s, &a, latin1, strlen(latin1), NULL, 0, &res, &batch), ERR);
	assert_true(has_error(&res, 1, "officer.import.invalid_encoding"));
	arena_free(&a);
	tu_db_close(&d);
}

static void visits_insert_and_summary(void **state)
{
	(void)state;
	struct tu_db d;
	open_migrated(&d);
	struct officer_reg reg = {.user_id = 1, .now_ms = T0_MS, .township_code = "152502100"};
	assert_int_equal(store_write(d.s, officer_register, &reg), OK);
	struct link_create lc = {
	    .officer_id = reg.id, .target_id = 5, .now_ms = T0_MS, .target_kind = "article"};
	assert_int_equal(store_write(d.s, officer_link_create, &lc), OK);
	assert_true(lc.created);
	/* the same target again gives the same link */
	struct link_create lc2 = lc;
	lc2.created = false;
	assert_int_equal(store_write(d.s, officer_link_create, &lc2), OK);
	assert_false(lc2.created);
	assert_string_equal(lc2.out.code, lc.out.code);
	/* three readers on day 1 (one twice), one on day 2, one self-click */
	const char *tokens[] = {
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
	    "cccccccccccccccccccccccccccccccc", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	    "dddddddddddddddddddddddddddddddd", "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"};
	int64_t at[] = {T0_MS,        T0_MS + 1000,       T0_MS + 2000,
	                T0_MS + 3000, T0_MS + 86400000LL, T0_MS + 4000};
	struct visit_row rows[6];
	for (int i = 0; i < 6; i++) {
		struct visit_raw v = {.link_id = lc.out.id,
		                      .officer_id = reg.id,
		                      .target_id = 5,
		                      .at_ms = at[i],
		                      .kind = TARGET_ARTICLE,
		                      .self_click = i == 5};
		memcpy(v.token, tokens[i], 32);
		snprintf(v.client, sizeof v.client, "192.0.2.%d", i);
		officer_visit_hash(&v, &rows[i]);
	}
	struct visit_batch b = {rows, 6};
	assert_int_equal(store_write(d.s, officer_visits_insert, &b), OK);
	assert_int_equal(tu_path_int(d.path, "SELECT count(*) FROM share_visits"), 6);
	struct arena a;
	arena_init(&a, 4096);
	struct visit_day *days;
	int n = officer_visit_days(d.s, &a, reg.id, 30, &days);
	assert_int_equal(n, 2);
	assert_string_equal(days[0].day, "2026-03-02");
	assert_int_equal(days[0].visits, 1);
	assert_int_equal(days[0].readers, 1);
	assert_string_equal(days[1].day, "2026-03-01");
	assert_int_equal(days[1].visits, 4);
	assert_int_equal(days[1].readers, 3);
	assert_int_equal(officer_link_visits(d.s, lc.out.id, reg.id), 5);
	arena_free(&a);
	tu_db_close(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(codes_are_random_base62),
	    cmocka_unit_test(cache_put_and_get),
	    cmocka_unit_test(forward_tokens),
	    cmocka_unit_test(bots_are_recognised),
	    cmocka_unit_test(channels),
	    cmocka_unit_test(hashes_rotate_daily_and_group_networks),
	    cmocka_unit_test(transitions),
	    cmocka_unit_test(qr_codes),
	    cmocka_unit_test(csv_splitting),
	    cmocka_unit_test(import_checks_every_row),
	    cmocka_unit_test(visits_insert_and_summary),
	};
	return cmocka_run_group_tests(tests, setup_keys, teardown_keys);
}
