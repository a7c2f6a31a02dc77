/* auth_phone_db.c: the SQL of one-time SMS codes (table phone_codes) and what a right code
 * does to accounts: issue a code under the limits, check one (counting wrong entries), sign
 * in the number's account or create a citizen account for it, or verify the number of a
 * signed-in account. Also the pure helpers: mobile number format, code format and text. */
#include "auth/auth_phone.h"
#include "base/common.h"
#include "base/i18n.h"
#include "base/log.h"
#include "sms/sms.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define HOUR_MS 3600000LL

char *auth_mobile_normalize(struct arena *a, const char *in)
{
	char digits[32];
	size_t n = 0;
	for (const char *p = in; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (n + 1 >= sizeof digits)
				return NULL;
			digits[n++] = *p;
		} else if (!(*p == '+' && n == 0 && p == in) && *p != ' ' && *p != '-') {
			return NULL;
		}
	}
	digits[n] = '\0';
	const char *d = digits;
	if (n == 15 && strncmp(d, "0086", 4) == 0)
		d += 4;
	else if (n == 13 && strncmp(d, "86", 2) == 0)
		d += 2;
	else if (in[0] == '+') /* another country's number */
		return NULL;
	if (strlen(d) != 11 || d[0] != '1' || d[1] < '3' || d[1] > '9')
		return NULL;
	return arena_strdup(a, d);
}

bool auth_code_wellformed(const char *code)
{
	size_t i = 0;
	for (; code[i]; i++)
		if (code[i] < '0' || code[i] > '9' || i >= AUTH_CODE_DIGITS)
			return false;
	return i == AUTH_CODE_DIGITS;
}

void auth_code_new(char out[AUTH_CODE_DIGITS + 1])
{
	snprintf(out, AUTH_CODE_DIGITS + 1, "%06u", (unsigned)randombytes_uniform(1000000));
}

char *auth_code_message(struct arena *a, const char *lang, const char *code, int ttl_s)
{
	/* the catalog text has {code} and {minutes} */
	const char *tpl = i18n(lang, "signup.sms_text");
	char minutes[16];
	snprintf(minutes, sizeof minutes, "%d", (ttl_s + 59) / 60);
	struct strbuf sb;
	strbuf_init(&sb);
	for (const char *p = tpl; *p;) {
		if (strncmp(p, "{code}", 6) == 0) {
			strbuf_puts(&sb, code);
			p += 6;
		} else if (strncmp(p, "{minutes}", 9) == 0) {
			strbuf_puts(&sb, minutes);
			p += 9;
		} else {
			strbuf_putc(&sb, *p++);
		}
	}
	char *out = arena_strndup(a, sb.data ? sb.data : "", sb.len);
	sodium_memzero(sb.data, sb.len);
	strbuf_free(&sb);
	return out;
}

/* ---- statements on the writer's connection ---- */

static int step_done(sqlite3 *db, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		log_msg(LOG_ERROR, "auth.phone_sql", "%s", sqlite3_errmsg(db));
	store_write_stmt_release(db, st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? OK : ERR;
}

/* The first column of the first row of sql with ?1 = key (a blob of len bytes, or text when
 * len is -1) and ?2 = v; 0 when there is no row. */
static int64_t blob_int_query(sqlite3 *db, const char *sql, const void *key, int len, int64_t v)
{
	sqlite3_stmt *st = store_write_stmt(db, sql);
	if (!st)
		return 0;
	if (len < 0)
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	else
		sqlite3_bind_blob(st, 1, key, len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, v);
	int64_t out = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	store_write_stmt_release(db, st);
	return out;
}

int auth_code_issue(sqlite3 *db, void *ctx)
{
	struct code_issue *c = ctx;
	int64_t hour_ago = c->now_ms - HOUR_MS;
	int64_t last = blob_int_query(db,
	                              "SELECT COALESCE(MAX(created_at), 0) FROM phone_codes"
	                              " WHERE phone_index = ?1 AND created_at > ?2",
	                              c->phone_index, 16, c->now_ms - c->resend_ms);
	int64_t wait_ms = last ? last + c->resend_ms - c->now_ms : 0;
	int64_t per_phone = blob_int_query(db,
	                                   "SELECT COUNT(*) FROM phone_codes WHERE phone_index = ?1"
	                                   " AND created_at > ?2",
	                                   c->phone_index, 16, hour_ago);
	if (per_phone >= c->per_phone_hour) {
		/* a slot frees when the oldest code of the hour leaves it */
		int64_t oldest = blob_int_query(db,
		                                "SELECT MIN(created_at) FROM phone_codes"
		                                " WHERE phone_index = ?1 AND created_at > ?2",
		                                c->phone_index, 16, hour_ago);
		int64_t w = oldest + HOUR_MS - c->now_ms;
		if (w > wait_ms)
			wait_ms = w;
	}
	int64_t per_ip = blob_int_query(db,
	                                "SELECT COUNT(*) FROM phone_codes WHERE ip = ?1"
	                                " AND created_at > ?2",
	                                c->ip, -1, hour_ago);
	if (per_ip >= c->per_ip_hour && wait_ms < 60000)
		wait_ms = 60000;
	if (wait_ms > 0) {
		c->limited = true;
		c->retry_after_s = (wait_ms + 999) / 1000;
		return ERR;
	}
	sqlite3_stmt *st = store_write_stmt(db, "UPDATE phone_codes SET expires_at = ?3"
	                                        " WHERE phone_index = ?1 AND purpose = ?2"
	                                        " AND used_at IS NULL AND expires_at > ?3");
	if (!st)
		return ERR;
	sqlite3_bind_blob(st, 1, c->phone_index, 16, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->purpose, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, c->now_ms);
	if (step_done(db, st) != OK)
		return ERR;
	st =
	    store_write_stmt(db, "INSERT INTO phone_codes(phone_index, purpose, user_id, code_hash,"
	                         " ip, created_at, expires_at) VALUES (?,?,NULLIF(?,0),?,?,?,?)");
	if (!st)
		return ERR;
	sqlite3_bind_blob(st, 1, c->phone_index, 16, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->purpose, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, c->user_id);
	sqlite3_bind_blob(st, 4, c->code_hash, 32, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, c->ip, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, c->now_ms);
	sqlite3_bind_int64(st, 7, c->now_ms + c->ttl_ms);
	if (step_done(db, st) != OK)
		return ERR;
	c->id = sqlite3_last_insert_rowid(db);
	/* codes are kept a day (the limits look back an hour): each new code removes up to
	 * AUTH_CODE_PURGE of the oldest beyond that, by primary key, so no scan is needed */
	st = store_write_stmt(db, "DELETE FROM phone_codes WHERE id IN (SELECT id FROM phone_codes"
	                          " ORDER BY id LIMIT ?2) AND created_at < ?1");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, c->now_ms - AUTH_CODE_KEEP_MS);
	sqlite3_bind_int(st, 2, AUTH_CODE_PURGE);
	if (step_done(db, st) != OK)
		return ERR;
	return sms_enqueue(db, c->phone_enc, c->phone_len, c->body_enc, c->body_len, c->now_ms,
	                   NULL);
}

/* ---- checking ---- */

/* The live code: the newest of the number (and purpose, and account for verify) not used. */
struct live_code {
	int64_t id, expires_at;
	int attempts;
	unsigned char hash[32];
};

static bool live_code(sqlite3 *db, const struct code_check *c, struct live_code *out)
{
	sqlite3_stmt *st = store_write_stmt(
	    db, "SELECT id, expires_at, attempts, code_hash FROM phone_codes"
	        " WHERE phone_index = ? AND purpose = ? AND user_id IS NULLIF(?, 0)"
	        " AND used_at IS NULL ORDER BY id DESC LIMIT 1");
	if (!st)
		return false;
	sqlite3_bind_blob(st, 1, c->phone_index, 16, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->purpose, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, strcmp(c->purpose, "verify") == 0 ? c->user_id : 0);
	bool found = false;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 3) == 32) {
		out->id = sqlite3_column_int64(st, 0);
		out->expires_at = sqlite3_column_int64(st, 1);
		out->attempts = sqlite3_column_int(st, 2);
		memcpy(out->hash, sqlite3_column_blob(st, 3), 32);
		found = true;
	}
	store_write_stmt_release(db, st);
	return found;
}

/* Runs sql with ?1 = value and ?2 = id. */
static int code_update(sqlite3 *db, const char *sql, int64_t id, int64_t value)
{
	sqlite3_stmt *st = store_write_stmt(db, sql);
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, value);
	sqlite3_bind_int64(st, 2, id);
	return step_done(db, st);
}

/* The number's account (verified), into c: OK with user_id, login, region; ERR when none.
 * *password and *usable describe it. */
static int number_account(sqlite3 *db, struct code_check *c, bool *password, bool *usable)
{
	sqlite3_stmt *st = store_write_stmt(
	    db, "SELECT id, login, region_code, password_hash <> '" AUTH_NO_PASSWORD "',"
	        " status = 'active' AND locked_until <= ? FROM users"
	        " WHERE phone_index = ? AND phone_verified_at IS NOT NULL");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, c->now_ms);
	sqlite3_bind_blob(st, 2, c->phone_index, 16, SQLITE_STATIC);
	int rc = ERR;
	if (sqlite3_step(st) == SQLITE_ROW) {
		c->user_id = sqlite3_column_int64(st, 0);
		snprintf(c->login, sizeof c->login, "%s", (const char *)sqlite3_column_text(st, 1));
		snprintf(c->region, sizeof c->region, "%s",
		         (const char *)sqlite3_column_text(st, 2));
		*password = sqlite3_column_int(st, 3) != 0;
		*usable = sqlite3_column_int(st, 4) != 0;
		rc = OK;
	}
	store_write_stmt_release(db, st);
	return rc;
}

/* A new citizen account for the number: the user (number verified), the citizen grant. */
static int citizen_create(sqlite3 *db, struct code_check *c)
{
	if (auth_user_insert(db, c->create) != OK)
		return ERR;
	c->user_id = c->create->id;
	snprintf(c->login, sizeof c->login, "%s", c->create->login);
	snprintf(c->region, sizeof c->region, "%s", c->create->region_code);
	if (code_update(db, "UPDATE users SET phone_verified_at = ?1 WHERE id = ?2", c->user_id,
	                c->now_ms) != OK)
		return ERR;
	struct grant_change g = {c->user_id, "citizen", c->citizen_scope, 0, c->now_ms, false, 0};
	return auth_grant_apply(db, &g);
}

static int signin(sqlite3 *db, struct code_check *c)
{
	bool password = false, usable = false;
	if (number_account(db, c, &password, &usable) == OK) {
		if (password) {
			c->outcome = CODE_PASSWORD_USER;
			return ERR;
		}
		if (!usable) {
			c->outcome = CODE_UNUSABLE;
			return ERR;
		}
		c->outcome = CODE_SIGNED_IN;
	} else {
		if (!c->create) {
			c->outcome = CODE_PROFILE;
			return ERR;
		}
		if (citizen_create(db, c) != OK)
			return ERR;
		c->outcome = CODE_CREATED;
	}
	c->session.user_id = c->user_id;
	return auth_session_insert(db, &c->session);
}

static int verify(sqlite3 *db, struct code_check *c)
{
	if (blob_int_query(db,
	                   "SELECT COUNT(*) FROM users WHERE phone_index = ?1 AND id <> ?2"
	                   " AND phone_verified_at IS NOT NULL",
	                   c->phone_index, 16, c->user_id) > 0) {
		c->outcome = CODE_TAKEN;
		return ERR;
	}
	sqlite3_stmt *st = store_write_stmt(db, "UPDATE users SET phone_enc = ?, phone_index = ?,"
	                                        " phone_verified_at = ?, version = version + 1"
	                                        " WHERE id = ?");
	if (!st)
		return ERR;
	sqlite3_bind_blob(st, 1, c->phone_enc, (int)c->phone_len, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, c->phone_index, 16, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, c->now_ms);
	sqlite3_bind_int64(st, 4, c->user_id);
	if (step_done(db, st) != OK)
		return ERR;
	c->outcome = CODE_VERIFIED;
	return OK;
}

int auth_code_check(sqlite3 *db, void *ctx)
{
	struct code_check *c = ctx;
	c->outcome = CODE_DB_ERROR;
	struct live_code lc;
	if (!live_code(db, c, &lc) || lc.expires_at <= c->now_ms) {
		c->outcome = CODE_EXPIRED;
		return ERR;
	}
	if (lc.attempts >= c->max_attempts) {
		c->outcome = CODE_EXHAUSTED;
		return ERR;
	}
	if (sodium_memcmp(lc.hash, c->code_hash, 32) != 0) {
		snprintf(c->action, sizeof c->action, "auth.sms.wrong_code");
		if (code_update(db, "UPDATE phone_codes SET attempts = attempts + ?1 WHERE id = ?2",
		                lc.id, 1) != OK)
			return ERR;
		c->outcome = CODE_WRONG;
		return OK;
	}
	int rc = strcmp(c->purpose, "verify") == 0 ? verify(db, c) : signin(db, c);
	if (rc != OK)
		return ERR;
	snprintf(c->action, sizeof c->action, "%s",
	         c->outcome == CODE_VERIFIED  ? "account.phone_verify"
	         : c->outcome == CODE_CREATED ? "auth.signup.sms"
	                                      : "auth.login.sms");
	return code_update(db, "UPDATE phone_codes SET used_at = ?1 WHERE id = ?2", lc.id,
	                   c->now_ms);
}
