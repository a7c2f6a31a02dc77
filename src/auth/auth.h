/* auth.h: who is this, and may they do this here? Accounts (argon2id passwords, phone
 * numbers encrypted at rest), grants of roles over a scope of the region tree (or a site),
 * the permission table, sessions and API tokens, CSRF, login throttling. Every route goes
 * through auth_access_check; no handler decides access on its own. */
#ifndef TALA_AUTH_H
#define TALA_AUTH_H

#include "base/arena.h"
#include "base/config.h"
#include "base/strbuf.h"
#include "http/http.h"
#include "store/store.h"

#include <stdbool.h>
#include <stdint.h>

/* ---- roles, permissions, scopes (auth_perm.c) ---- */

/* Permission names. PERM_PUBLIC (http.h) needs nothing; PERM_SELF needs a signed-in user. */
#define PERM_SELF "account.self"

struct grant {
	int64_t id;
	const char *role;
	const char *scope; /* region code ("15", "1525", ...) or "site:<id>" */
};

/* Who is making the request; owned by the request arena. */
struct principal {
	int64_t user_id;
	const char *login;
	const char *name_zh, *name_mn;
	const char *lang;
	const char *region_code;
	struct grant *grants;
	size_t ngrants;
	int64_t session_id;  /* 0 for API tokens */
	const char *csrf;    /* the session's CSRF token */
	int64_t token_id;    /* 0 for sessions */
	bool phone_verified; /* the account's phone number was proven by an SMS code */
};

/* The roles, in display order; NULL-terminated. */
extern const char *const auth_roles[];
bool auth_role_valid(const char *role);
/* Whether role grants permission perm ("admin" grants every permission). */
bool auth_role_has(const char *role, const char *perm);
/* Whether the grant scope covers target (a region covers its subtree; a site only itself;
 * a NULL target is covered by any scope). */
bool auth_scope_covers(const char *grant_scope, const char *target);
/* The one decision: may p use perm on target scope (NULL = anywhere p holds it)? */
bool auth_can(const struct principal *p, const char *perm, const char *target);
/* Whether scope is well-formed: digits 2..12 (a region code) or "site:<digits>". */
bool auth_scope_valid(const char *scope);
/* The scopes in which p holds perm, into out (arena); returns their number. */
size_t auth_scopes(const struct principal *p, const char *perm, struct arena *a, const char ***out);

/* The access check for every route (installed as app->access_check): the route's declared
 * permission on the scope named by the route's scope parameter (path or query), if any. */
int auth_access_check(struct req *rq, const struct route *route);
/* Session / token lookup and CSRF check, run before the access check (app->authenticate).
 * Returns OK, or ERR after filling a 403 reply. */
int auth_authenticate(struct req *rq, struct resp *rs);
/* The principal of the request, or NULL for a visitor. */
const struct principal *auth_principal(const struct req *rq);
/* The CSRF token to put into forms for this request (session or double-submit cookie). */
const char *auth_csrf_token(struct req *rq, struct resp *rs);

/* ---- secrets (auth_keys.c) ---- */

#define AUTH_KEY_FILE "secret.key"

/* Creates DATA/secret.key (mode 0600) when missing. */
int auth_keys_create(const char *data_dir, char *err, size_t errlen);
/* Loads the keys of data_dir (cached for the process). */
int auth_keys_load(const char *data_dir, char *err, size_t errlen);
/* A 32-byte key for one purpose (e.g. "officer.attribution"), derived from the key file;
 * ERR when the keys are not loaded. */
int auth_subkey(const char *purpose, unsigned char out[32]);
/* Encrypts a phone number (normalised: digits only) into out (nonce||box). */
int auth_phone_seal(const char *phone, struct strbuf *out);
/* Decrypts into a NUL-terminated arena string; NULL when it does not open. */
char *auth_phone_open(struct arena *a, const void *sealed, size_t len);
/* The keyed index of a phone number, 16 bytes. */
void auth_phone_index(const char *phone, unsigned char out[16]);
/* Normalises a phone number (digits, optional leading +); NULL when invalid. */
char *auth_phone_normalize(struct arena *a, const char *in);
/* "138****1234" style. */
char *auth_mask(struct arena *a, const char *value);

/* ---- passwords (auth_password.c) ---- */

/* NULL when acceptable, else the catalog key of the reason (length ≥ 10, not the login, not
 * a common password). */
const char *auth_password_policy(const char *login, const char *password);
/* Hashes with argon2id using cfg's cost; the encoded string goes into out (≥ 128 bytes). */
int auth_password_hash(const struct config *cfg, const char *password, char *out, size_t outlen);
bool auth_password_verify(const char *encoded, const char *password);
/* Runs a verification against a fixed hash so an unknown login costs the same time. */
void auth_password_burn(const struct config *cfg, const char *password);

/* ---- tokens (auth_token.c) ---- */

/* A new random 256-bit token as URL-safe base64 (43 chars) into out[64]. */
void auth_token_new(char out[64]);
/* The stored form of a token: BLAKE2b-256. */
void auth_token_hash(const char *token, unsigned char out[32]);

/* ---- accounts (auth_db.c): write closures take their struct as ctx ---- */

struct user_new {
	const char *login, *password_hash, *name_zh, *name_mn, *region_code, *lang, *phone;
	int64_t now_ms;
	int64_t id;     /* out */
	char error[96]; /* out: catalog key when refused (e.g. "auth.login_taken") */
};
int auth_user_insert(sqlite3 *db, void *ctx);

struct user_row {
	int64_t id;
	const char *login, *name_zh, *name_mn, *region_code, *status, *lang, *password_hash;
	const void *phone_enc;
	size_t phone_len;
	int64_t locked_until, version;
	int64_t phone_verified_at; /* ms; 0 when the number was never proven by an SMS code */
};
/* Reads a user by login (case-insensitive) or id into the arena; ERR when unknown. */
int auth_user_by_login(struct store *s, struct arena *a, const char *login, struct user_row *u);
int auth_user_by_id(struct store *s, struct arena *a, int64_t id, struct user_row *u);
/* Loads the grants of a user into p->grants. */
int auth_grants_load(struct store *s, struct arena *a, int64_t user_id, struct principal *p);

struct grant_change {
	int64_t user_id;
	const char *role, *scope;
	int64_t by_user, now_ms;
	bool revoke;
	int changed; /* out: rows affected */
};
int auth_grant_apply(sqlite3 *db, void *ctx);

struct password_change {
	int64_t user_id;
	const char *password_hash;
	int64_t now_ms;
	int64_t keep_session; /* all other sessions are revoked; 0 revokes every session */
};
int auth_password_set(sqlite3 *db, void *ctx);

struct status_change {
	int64_t user_id;
	const char *status; /* active, locked, disabled */
	int64_t now_ms;
};
int auth_status_set(sqlite3 *db, void *ctx);

/* ---- users for the staff console and `tala user` (auth_users_db.c) ---- */

#define AUTH_NAME_MAX       64  /* characters of a display name */
#define AUTH_USERS_PAGE_MAX 500 /* users per page at most */

/* NULL when login may name a new account (2..32 of a-z 0-9 . _ -, beginning with a letter
 * or a digit; case is ignored), else the catalog key of the reason. */
const char *auth_login_check(const char *login);
/* A display name as stored (Menksoft decoded, NFC, standard Mongolian encoding) in the
 * arena; NULL when it is longer than AUTH_NAME_MAX characters. */
const char *auth_name_normalize(struct arena *a, const char *name);
/* NULL when role may be granted on scope — a known role; a region code that exists, or a
 * well-formed "site:<id>" — else the catalog key of the reason, with *field set to "role"
 * or "scope". */
const char *auth_grant_check(struct store *s, const char *role, const char *scope,
                             const char **field);

/* Which users a list shows. */
struct user_filter {
	const char *const *scopes; /* users whose region lies within one of these ... */
	size_t nscopes;
	bool all_scopes;    /* ... or every user (the CLI) */
	const char *region; /* and within this region's subtree; NULL: anywhere */
	const char *q;      /* login or a name containing q, or the phone number q; NULL: all */
	int64_t after_id;   /* cursor: ids above it */
	int limit;          /* 1..AUTH_USERS_PAGE_MAX */
};

struct user_page {
	struct user_row *items; /* by id, in the arena */
	size_t n;
	int64_t total; /* users matching overall */
	int64_t next;  /* after_id of the next page; 0 on the last */
};
/* Reads one page of the users f selects. */
int auth_users_list(struct store *s, struct arena *a, const struct user_filter *f,
                    struct user_page *out);

struct user_edit {
	int64_t id;
	int64_t version; /* the version the editor saw */
	const char *name_zh, *name_mn, *region_code, *status, *lang;
	int64_t now_ms;
	bool stale; /* out: another change came first (nothing written) */
};
/* Write closure: sets the fields when the version still matches (else ERR with stale), bumps
 * the version; status "active" clears a temporary lock, any other status ends the user's
 * sessions. */
int auth_user_update(sqlite3 *db, void *ctx);
/* Write closure: auth_grant_apply, but ERR when nothing changed (the grant was there
 * already, or there was none to revoke: changed 0) so that no audit entry records a no-op;
 * changed is -1 after a database error. */
int auth_grant_change(sqlite3 *db, void *ctx);
/* A grant as a list of a scope's staff shows it. */
struct scope_grant {
	int64_t user_id;
	const char *login, *role;
};
/* The grants made on exactly scope, by login then role (strings in the arena). */
int auth_grants_on_scope(struct store *s, struct arena *a, const char *scope,
                         struct scope_grant **out, size_t *n);
/* Write closure that changes nothing: for reads that are audited themselves (a phone number
 * shown in full). */
int auth_noop_write(sqlite3 *db, void *ctx);

/* ---- staff console views (auth_admin_view.c) ---- */

/* A user as the console shows them. */
struct admin_user {
	struct user_row row;
	const char *phone_masked; /* "138****1234", or NULL when no number is recorded */
	struct grant *grants;
	size_t ngrants;
};

/* A message on a console page: error_key (a catalog key, may be NULL) belongs to the form
 * named form ("new", "edit", "grant") and its field; refill puts the submitted values back
 * into that form instead of the stored ones; notice_key confirms a change. */
struct admin_note {
	const char *error_key, *form, *field, *notice_key;
	bool refill;
};

/* /admin/users: the search form, one page of users, the link to the next, the new-user
 * link when can_create. */
void auth_view_users(struct req *rq, struct resp *rs, const struct user_filter *f,
                     const struct admin_user *users, size_t n, int64_t total, int64_t next,
                     bool can_create);
/* /admin/users/new: the form (values refilled from the request). */
void auth_view_user_new(struct req *rq, struct resp *rs, const struct admin_note *note);
/* /admin/users/:id: the user, their grants, and the edit and grant forms when can_manage;
 * the link to the full phone number when can_unmask. */
void auth_view_user(struct req *rq, struct resp *rs, const struct admin_user *u,
                    const struct admin_note *note, bool can_manage, bool can_unmask);
/* /admin/users/:id/phone: the full number (this view is audited). */
void auth_view_user_phone(struct req *rq, struct resp *rs, const struct admin_user *u,
                          const char *phone);

struct session_new {
	int64_t user_id;
	unsigned char token_hash[32];
	const char *csrf, *ip, *user_agent;
	int64_t now_ms, expires_ms;
	int64_t id; /* out */
};
int auth_session_insert(sqlite3 *db, void *ctx);

/* A new session for a sign-in from rq at now_ms: a fresh token into token (for the cookie),
 * its hash, a CSRF token, address, agent and times into s; the caller sets s->user_id. */
void auth_session_prepare(struct req *rq, int64_t now_ms, struct session_new *s, char token[64]);
/* Sets the session cookie (HttpOnly, SameSite=Lax, Secure with server.tls) for token. */
void auth_session_cookie(struct req *rq, struct resp *rs, const char *token);

struct session_revoke {
	int64_t user_id;
	int64_t session_id; /* 0: every session of user_id */
	int64_t except_id;  /* with session_id 0: keep this one */
	int64_t now_ms;
	int changed; /* out */
};
int auth_session_revoke(sqlite3 *db, void *ctx);

struct token_new {
	int64_t user_id;
	const char *name, *role, *scope;
	unsigned char token_hash[32];
	int64_t now_ms;
	int64_t id; /* out */
};
int auth_token_insert(sqlite3 *db, void *ctx);

struct token_revoke {
	int64_t user_id, token_id, now_ms;
	int changed; /* out */
};
int auth_token_revoke(sqlite3 *db, void *ctx);

struct login_attempt {
	const char *account, *ip;
	int64_t now_ms;
	bool ok;
	/* lock policy, to lock the account in the same transaction */
	int lock_failures, lock_window_ms, lock_ms;
	bool locked; /* out: this failure locked the account */
};
int auth_login_attempt_record(sqlite3 *db, void *ctx);
/* The account key login_attempts records for a login: lower-cased, in the arena. */
char *auth_account_key(struct arena *a, const char *login);
/* Failures for account (since its last success) and for ip since `since_ms`, and the time
 * of the account's last failure. */
void auth_login_failures(struct store *s, const char *account, const char *ip, int64_t since_ms,
                         int *by_account, int *by_ip, int64_t *last_failure_ms);

/* ---- my account (auth_account_db.c, auth_account_view.c) ---- */

/* A session of the signed-in user as listed on the account page. */
struct account_session {
	int64_t id, created_at, last_seen, expires_at;
	const char *ip, *user_agent;
	bool current;
};

/* An API token as listed (the token itself is never stored, only its hash). */
struct account_token {
	int64_t id, created_at, last_used;
	const char *name, *role, *scope;
};

/* The user's sessions still in force at now_ms (not revoked, not past expires_at, used within
 * idle_ms), newest first, into the arena; the one with id current_id is marked. */
int auth_sessions_list(struct store *s, struct arena *a, int64_t user_id, int64_t current_id,
                       int64_t now_ms, int64_t idle_ms, struct account_session **out, size_t *n);
/* The user's unrevoked API tokens, newest first, into the arena. */
int auth_tokens_list(struct store *s, struct arena *a, int64_t user_id, struct account_token **out,
                     size_t *n);

struct lang_change {
	int64_t user_id;
	const char *lang; /* "zh" or "mn" */
};
/* Write closure: sets the user's preferred language. */
int auth_user_lang_set(sqlite3 *db, void *ctx);

/* What the account page shows besides the user's own data. */
struct account_page {
	const char *error_key;  /* a message above the forms (may be NULL) */
	const char *error_form; /* which form it belongs to: "password", "token" */
	const char *notice_key; /* a confirmation (may be NULL) */
	const char *new_token;  /* a token just created: shown once */
	const char *new_token_name;
	const char *phone_sent; /* a code just went to this number: the form for it */
};
/* Renders /account for rq's principal (sessions and tokens read from the store). */
void auth_view_account(struct req *rq, struct resp *rs, const struct account_page *pg);

void auth_mount(struct router *r);
/* My account: password, sessions, API tokens (auth_account_http.c). */
void auth_account_mount(struct router *r);
/* Signing in and up by SMS code; verifying an account's number (auth_phone_http.c). */
void auth_phone_mount(struct router *r);
/* Staff console: users and grants within scope (auth_admin_http.c). */
void auth_admin_mount(struct router *r);

#endif
