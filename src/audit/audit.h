/* audit.h: the audit log — who did what, when, from where, to which object, in which
 * region. Every write through HTTP (the server calls app->audit_append, audit_http.c) or
 * the CLI (audit_cli_write / audit_cli_append) appends one row in the same transaction as
 * the write. Rows are chained: each carries BLAKE2b-256 over its columns and the previous
 * row's hash, so audit_verify names the first edited, deleted or reordered row. SQLite
 * triggers refuse UPDATE/DELETE (they stop accidents; the chain detects tampering). */
#ifndef TALA_AUDIT_H
#define TALA_AUDIT_H

#include "base/arena.h"
#include "base/strbuf.h"
#include "http/http.h"
#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AUDIT_HASH_BYTES 32
#define AUDIT_PERM       "audit.read" /* held by admin only (auth_perm.c) */

/* One entry to append. Strings are copied into the row; NULL columns stay NULL. Never put
 * passwords, tokens, CSRF values or phone numbers into any field. */
struct audit_entry {
	int64_t at;                /* ms since the epoch; 0 = now */
	int64_t actor_id;          /* users.id; 0 = none (visitors, CLI) */
	const char *actor;         /* login, "visitor" or "cli:<unix user>"; required */
	const char *ip;            /* client address; NULL = "" */
	const char *action;        /* "feedback.create", "user.add", ...; required */
	const char *object_type;   /* "feedback", "user", ... or NULL */
	const char *object_id;     /* the object's id or key as text, or NULL ... */
	const int64_t *object_ref; /* ... or, when object_id is NULL, an id read at append time */
	const char *scope;         /* region code or "site:<id>" the object belongs to, or NULL */
	const char *summary;       /* what changed, or NULL */
};

/* ---- appending and verifying (audit_db.c) ---- */

/* Appends e inside the caller's write transaction (any store write closure, on the writer's
 * connection db): reads the last row's hash (by the primary key), computes this row's hash
 * and inserts it with id = last id + 1. Returns OK or ERR (logged). */
int audit_append(sqlite3 *db, const struct audit_entry *e);

/* Walks the whole chain in id order. Returns OK when every row's link and hash are right
 * (*count = rows checked, err = the last row's hash in hex: operators who record it
 * elsewhere can tell a truncated log from an intact one); ERR with *bad_id = the first wrong
 * row (0 when the log could not be read), *count = the intact rows before it and a one-line
 * reason in err (at least 160 bytes). count may be NULL. */
int audit_verify(struct store *s, int64_t *bad_id, int64_t *count, char *err, size_t errlen);

struct audit_row;
/* The row's hash: BLAKE2b-256 (crypto_generichash) over the tag "tala.audit.v1" and every
 * field as an 8-byte big-endian length (all ones for NULL) followed by its bytes, in column
 * order id, at, actor_id (NULL when 0), actor, ip, action, object_type, object_id, scope,
 * summary, prev_hash; integers as decimal text. */
void audit_hash_row(const struct audit_row *r, const unsigned char prev[AUDIT_HASH_BYTES],
                    unsigned char out[AUDIT_HASH_BYTES]);

/* ---- the CLI (audit_cli.c) ---- */

/* The CLI's actor name, "cli:<getpwuid(geteuid())->pw_name>" (or "cli:uid<N>"). Static. */
const char *audit_cli_actor(void);
/* Runs fn(db, ctx) and, when it returns OK, appends note (actor set to the CLI's, so
 * note->actor may be NULL) in the same transaction: both or neither. Returns fn's result,
 * or ERR when the audit entry could not be written (the write is then rolled back). */
int audit_cli_write(struct store *s, store_write_fn fn, void *ctx, const struct audit_entry *note);
/* Appends one CLI entry on its own (its own transaction). Prefer audit_cli_write, which
 * ties the entry to the write it describes. */
int audit_cli_append(struct store *s, const char *action, const char *object_type,
                     const char *object_key, const char *summary);

/* ---- reading (audit_db.c) ---- */

struct audit_row {
	int64_t id, at, actor_id; /* actor_id 0 when NULL */
	const char *actor, *ip, *action, *object_type, *object_id, *scope, *summary;
};

/* Which entries to read. Strings NULL or "" match anything. */
struct audit_filter {
	const char *actor;       /* exact login / "visitor" / "cli:..." */
	const char *action;      /* exact, or a prefix ending in '.' ("auth." matches auth.*) */
	const char *object_type; /* exact */
	int64_t from_ms, to_ms;  /* at >= from_ms, at < to_ms; 0 = open */
	/* The reader's scopes (auth_scopes(p, AUDIT_PERM)). A province scope (two digits, the
	 * root of the region tree) sees every entry; another region scope sees entries in its
	 * subtree; a site scope its own site's. all_scopes (the CLI) skips the check. */
	const char *const *scopes;
	size_t nscopes;
	bool all_scopes;
	int64_t before_id; /* cursor: only ids below it (newest first lists); 0 = from the top */
};

#define AUDIT_PAGE_MAX 200

struct audit_page {
	struct audit_row *items; /* newest first, in the arena */
	size_t n;
	int64_t total; /* matching entries overall (ignoring the cursor) */
	int64_t next;  /* before_id for the next page, 0 when this is the last */
};

/* Reads up to limit (1..AUDIT_PAGE_MAX) entries matching f, newest first. */
int audit_list(struct store *s, struct arena *a, const struct audit_filter *f, int limit,
               struct audit_page *out);
/* Counts entries matching f (ignoring the cursor); -1 on error. */
int64_t audit_count(struct store *s, const struct audit_filter *f);
/* Calls fn for every entry matching f, oldest first; stops early when fn returns ERR.
 * The row's strings are valid only during the call. */
int audit_each(struct store *s, const struct audit_filter *f,
               int (*fn)(void *ctx, const struct audit_row *r), void *ctx);

/* ---- CSV (audit_csv.c): RFC 4180, UTF-8 with a BOM, cells that a spreadsheet would run
 * as a formula (= + - @, tab, CR at the start) prefixed with ' ---- */

/* Appends the BOM and the header line. */
void audit_csv_header(struct strbuf *out);
/* Appends one record (CRLF-terminated). */
void audit_csv_row(struct strbuf *out, const struct audit_row *r);
/* Appends one cell, quoted when it holds a comma, quote, CR or LF. */
void audit_csv_cell(struct strbuf *out, const char *s);

/* Formats ms as China Standard Time ("2026-03-01 08:15:02", UTC+8) into out. */
void audit_format_time(int64_t ms, char out[32]);
/* Parses a date "YYYY-MM-DD" (China Standard Time, the association's) into the ms of its
 * start; returns OK or ERR. */
int audit_parse_date(const char *s, int64_t *ms);

/* ---- HTTP (audit_http.c) ---- */

/* The app->audit_append hook: appends the entry for rq's write (actor from rq->principal,
 * address, rq->audit notes or "<METHOD> <route pattern>"). Request bodies are not copied. */
int audit_http_append(sqlite3 *db, struct req *rq);
/* GET /admin/audit, GET /admin/audit.csv, GET /api/v1/audit. */
void audit_mount(struct router *r);

#endif
