/* auth_phone.h: proving a mobile number with a one-time SMS code — to sign in (creating a
 * public "citizen" account on first use) or to verify the number of an existing account.
 * Codes are 6 digits, stored only as a keyed hash, expire after sms.code_ttl, die after
 * sms.code_attempts wrong entries, and are rate-limited per number and per address inside
 * the writer (so concurrent requests cannot slip past the limits). Shared by the auth
 * module's phone files only. */
#ifndef TALA_AUTH_PHONE_H
#define TALA_AUTH_PHONE_H

#include "auth/auth.h"

#define AUTH_NO_PASSWORD  "!" /* password_hash of accounts that sign in by phone only */
#define AUTH_CODE_DIGITS  6
#define AUTH_CODE_KEEP_MS (24 * 3600 * 1000LL) /* codes older than this are removed ... */
#define AUTH_CODE_PURGE   16                   /* ... at most this many per new code */

/* A mainland mobile number as stored and indexed (11 digits, 1[3-9]xxxxxxxxx): spaces and
 * dashes dropped, a leading +86 / 86 / 0086 removed. NULL when it is not one. */
char *auth_mobile_normalize(struct arena *a, const char *in);
/* Whether code is exactly AUTH_CODE_DIGITS ASCII digits. */
bool auth_code_wellformed(const char *code);
/* A fresh uniformly random code into out[AUTH_CODE_DIGITS + 1]. */
void auth_code_new(char out[AUTH_CODE_DIGITS + 1]);
/* The stored form of a code sent to the number with this index: keyed BLAKE2b (key from the
 * data directory's key file), so the table cannot be searched without the key. */
void auth_code_hash(const unsigned char phone_index[16], const char *code, unsigned char out[32]);
/* The text of the message carrying code, in lang ("zh"/"mn"), into the arena. */
char *auth_code_message(struct arena *a, const char *lang, const char *code, int ttl_s);

/* Write closure: issues a code. Checks the limits first (another code to this number within
 * resend_ms, per_phone_hour codes to it or per_ip_hour codes from ip in the last hour: ERR
 * with limited set and retry_after_s, nothing written); else voids the number's earlier
 * unused codes of the purpose, stores the new one, removes a few codes older than
 * AUTH_CODE_KEEP_MS and queues the message (sealed), all in the same transaction. */
struct code_issue {
	unsigned char phone_index[16];
	const char *purpose; /* "signin" or "verify" */
	int64_t user_id;     /* verify: the account asking; else 0 */
	const char *ip;
	unsigned char code_hash[32];
	const void *phone_enc, *body_enc; /* sealed number and message text */
	size_t phone_len, body_len;
	int64_t now_ms, ttl_ms, resend_ms;
	int per_phone_hour, per_ip_hour;
	bool limited;          /* out */
	int64_t retry_after_s; /* out, when limited */
	int64_t id;            /* out: the code's id */
};
int auth_code_issue(sqlite3 *db, void *ctx);

/* What checking a code came to. */
enum code_outcome {
	CODE_DB_ERROR = 0,  /* the write failed */
	CODE_SIGNED_IN,     /* signin: an existing account, new session */
	CODE_CREATED,       /* signin: a new citizen account, new session */
	CODE_VERIFIED,      /* verify: the account's number is now this one, verified */
	CODE_PROFILE,       /* signin, code right, no account yet and no profile given */
	CODE_WRONG,         /* counted against the code */
	CODE_EXPIRED,       /* no live code for the number (never sent, used, voided, expired) */
	CODE_EXHAUSTED,     /* too many wrong entries: ask for a new code */
	CODE_PASSWORD_USER, /* signin: the number's account signs in with a password */
	CODE_UNUSABLE,      /* signin: the number's account is disabled or locked */
	CODE_TAKEN,         /* verify: another account has this number verified */
};

/* Write closure: checks a code and acts on it. Only CODE_WRONG and the successes write
 * (return OK); every other outcome returns ERR so nothing, not even an audit entry, stays. */
struct code_check {
	unsigned char phone_index[16];
	const char *purpose;
	int64_t user_id; /* verify: the account; signin: out, the account signed in */
	unsigned char code_hash[32];
	int64_t now_ms;
	int max_attempts;
	struct user_new *create;    /* signin: the new account (with phone), or NULL: no profile */
	const char *citizen_scope;  /* signin: the region of the citizen grant of a new account */
	struct session_new session; /* signin: token hash, csrf, ip, times (user_id filled in) */
	const void *phone_enc;      /* verify: the number, sealed */
	size_t phone_len;
	enum code_outcome outcome; /* out */
	char login[40];            /* out: the account's login (signin) */
	char region[16];           /* out: the account's region */
	char action[40];           /* out: the audit action of what happened */
};
int auth_code_check(sqlite3 *db, void *ctx);

#endif
