/* officer_internal.h: what the officer module's files share and nothing outside uses (tests
 * do): the link cache, the signed values, the visit queue, the SQL behind the pages, the QR
 * encoder and the CSV import. officer.h is the module's public face. */
#ifndef TALA_OFFICER_INTERNAL_H
#define TALA_OFFICER_INTERNAL_H

#include "officer/officer.h"

#include <jansson.h>

enum { TARGET_ARTICLE = 1, TARGET_QUIZ = 2 };

/* Channels a link may be opened through (?c=); anything else counts as "link". */
enum { CHANNEL_LINK, CHANNEL_QR, CHANNEL_WECHAT, CHANNEL_QQ, CHANNEL_COUNT };
extern const char *const officer_channels[CHANNEL_COUNT];
int officer_channel(const char *s);

/* ---- codes and the link cache (officer_link.c) ---- */

struct link_entry {
	char code[OFFICER_CODE_LEN];
	uint8_t kind;
	int64_t link_id, officer_id, target_id;
	const char *location; /* interned, lives as long as the cache */
};

/* Writes a new random code. */
void officer_code_new(char out[OFFICER_CODE_LEN + 1]);
/* Whether s is exactly OFFICER_CODE_LEN base62 characters. */
bool officer_code_valid(const char *s);
/* Adds (or replaces) a link; location is copied. */
void officer_cache_put(const struct share_link *l, const char *location);
/* Copies the link of a valid code into *out; false when unknown. */
bool officer_cache_get(const char *code, struct link_entry *out);
size_t officer_cache_size(void);
/* The location the cache holds for a target (interned: lives until officer_cache_clear), or
 * NULL when no link to it is cached. */
const char *officer_cache_location(const char *kind, int64_t target_id);
void officer_cache_clear(void);

#define OFFICER_TOKEN_MAX 96
/* Loads the signing keys (auth keys must be loaded); OK or ERR. */
int officer_keys_load(void);
/* A forward token naming officer_id until expires_s (unix seconds). */
void officer_token_make(int64_t officer_id, int64_t expires_s, char out[OFFICER_TOKEN_MAX]);
/* Whether token is well-formed, signed by this server and unexpired; sets *officer_id. */
bool officer_token_check(const char *token, int64_t now_s, int64_t *officer_id);
/* The officer cookie value for officer_id (marks this browser as the officer's). */
void officer_self_make(int64_t officer_id, char out[OFFICER_TOKEN_MAX]);
bool officer_self_check(const char *cookie, int64_t *officer_id);

#define OFFICER_ATT_COOKIE  "tala_att"
#define OFFICER_SELF_COOKIE "tala_officer"

/* ---- visits (officer_visit.c) ---- */

/* A visit as queued by the request thread: the raw reader token and client address stay in
 * memory only until the flush hashes them. */
struct visit_raw {
	int64_t link_id, officer_id, target_id, at_ms;
	uint8_t kind, channel, self_click;
	char token[32];  /* the reader cookie (hex) */
	char client[48]; /* the client address as text */
};

/* Appends a visit to the queue (the only thing the redirect does besides answering). */
void officer_visit_queue(const struct visit_raw *v);
/* Counts a request left uncounted by the rules (reported at stop). */
void officer_visit_excluded_count(void);
/* Why a request is not counted, or NULL when it is (method, User-Agent, prefetch headers). */
const char *officer_visit_excluded(struct req *rq);

/* A visit row as written. */
struct visit_row {
	int64_t link_id, officer_id, target_id, at_ms;
	uint8_t kind, channel, self_click;
	unsigned char reader_hash[16], net_hash[16];
	char day[11];
};
/* Visits queued and not yet written. */
size_t officer_visits_pending(void);
/* Hashes a queued visit into a row (day-keyed reader hash, keyed /24 or /48 hash). */
void officer_visit_hash(const struct visit_raw *v, struct visit_row *out);
/* Loads the hashing keys (auth keys must be loaded). */
int officer_visit_keys_load(void);

struct visit_batch {
	const struct visit_row *rows;
	size_t n;
};
/* Write closure: inserts the batch into share_visits. */
int officer_visits_insert(sqlite3 *db, void *ctx);

/* ---- officers and links (officer_db.c) ---- */

struct officer_reg { /* write closure ctx: register (or update a pending/rejected registration) */
	int64_t user_id, now_ms;
	const char *township_code, *org, *bio_zh, *bio_mn;
	int64_t id;    /* out */
	bool conflict; /* out: already active or suspended */
};
int officer_register(sqlite3 *db, void *ctx);

struct officer_status_change { /* write closure ctx */
	int64_t id, by_user, now_ms;
	const char *to;           /* active, rejected, suspended */
	const char *from;         /* out: the status before */
	bool not_found, conflict; /* out */
};
int officer_status_set(sqlite3 *db, void *ctx);
/* Whether an officer may move from status `from` to `to`. */
bool officer_transition_ok(const char *from, const char *to);

struct link_create { /* write closure ctx: the officer's link for a target (existing or new) */
	int64_t officer_id, target_id, now_ms;
	const char *target_kind;
	struct share_link out; /* out */
	bool created;          /* out: a new row */
};
int officer_link_create(sqlite3 *db, void *ctx);

/* Officers in a township subtree (prefix of township_code) with a status (NULL: any), by id
 * after after_id; fills *out (arena). Returns the number, or -1. */
int officer_list(struct store *s, struct arena *a, const char *const *prefixes, size_t nprefixes,
                 const char *status, int64_t after_id, int limit, struct officer **out);
/* The officer's links, newest first; returns their number, or -1. */
int officer_links(struct store *s, struct arena *a, int64_t officer_id, struct share_link **out);
/* Every link, for the cache: calls fn for each; OK or ERR. */
int officer_links_each(struct store *s, struct arena *a,
                       void (*fn)(const struct share_link *l, void *ctx), void *ctx);

struct visit_day {
	char day[11];
	int64_t visits, readers; /* readers: distinct reader hashes that day */
};
/* The officer's attributed visits per day (not self-clicks), newest first, at most ndays;
 * returns the number, or -1. */
int officer_visit_days(struct store *s, struct arena *a, int64_t officer_id, int ndays,
                       struct visit_day **out);
/* Per link: counted visits (not self-clicks) attributed to the officer through it. */
int64_t officer_link_visits(struct store *s, int64_t link_id, int64_t officer_id);

/* ---- the target's location and title (officer_http.c) ---- */

/* The reader-facing URL of a target ("/s/nmg/a/12"), or NULL when it does not exist. */
const char *officer_target_location(struct store *s, struct arena *a, const char *kind, int64_t id);

/* Fills the link cache with every link of the database; OK or ERR. */
int officer_cache_load(struct store *s);

/* ---- QR codes (officer_qr.c) ---- */

/* Encodes text (level M) as a PNG with `scale` pixels per module into out; OK or ERR. */
int officer_qr_png(const char *text, int scale, struct strbuf *out);
/* The same as an SVG document. */
int officer_qr_svg(const char *text, struct strbuf *out);

/* ---- CSV import (officer_import.c) ---- */

struct import_error {
	int line;           /* 1-based line of the CSV */
	const char *field;  /* column name */
	const char *reason; /* catalog key */
};
struct import_result {
	int rows, valid, imported;
	struct import_error *errors;
	size_t nerrors;
};
struct import_row {
	int64_t user_id;
	const char *township_code, *org, *bio_zh, *bio_mn;
};
struct import_batch { /* write closure ctx: the rows as active officers confirmed by by_user */
	const struct import_row *rows;
	size_t n;
	int64_t by_user, now_ms;
	int imported; /* out */
};
/* Checks a CSV of officers (see officer_import.c for the format) and fills *batch with its
 * valid rows and res with counts and per-row errors; townships outside scopes (NULL: any)
 * are errors. OK, or ERR when the file could not be read as CSV at all (res->errors says
 * where). Writes nothing. */
int officer_import_check(struct store *s, struct arena *a, const char *csv, size_t n,
                         const char *const *scopes, size_t nscopes, struct import_result *res,
                         struct import_batch *batch);
/* Whether the checked batch is to be written: no errors, or only the valid rows asked for. */
bool officer_import_should_write(const struct import_result *res, bool valid_only, bool dry_run);
/* Write closure: inserts the batch's rows as active officers. */
int officer_import_write(sqlite3 *db, void *ctx);
/* Splits CSV into rows of fields (exposed for the fuzz target). */
struct csv_row {
	int line;
	const char **fields;
	size_t n;
};
int officer_csv_parse(struct arena *a, const char *csv, size_t n, struct csv_row **out,
                      int *bad_line);

/* ---- views (officer_view.c) ---- */

struct officer_page {
	const struct officer *o; /* NULL: not registered */
	struct share_link *links;
	const char **titles; /* per link, the target's title in the reader's language */
	int64_t *link_visits;
	size_t nlinks;
	struct visit_day *days;
	size_t ndays;
	const char *base;    /* "http(s)://host" the links are written with */
	struct article_pick { /* the region portal's latest articles, to make links for */
		int64_t id;
		const char *title;
	} *latest;
	size_t nlatest;
	const char *forward; /* the forward token to append to links, or NULL */
	const char *note;    /* catalog key of a message to show, or NULL */
};
void officer_view_page(struct req *rq, struct resp *rs, const struct officer_page *pg);
void officer_view_register(struct req *rq, struct resp *rs, const struct officer *o,
                           const char *error_field, const char *error_key);
void officer_view_manage(struct req *rq, struct resp *rs, struct officer *items, size_t n,
                         const char *status, int64_t next);
void officer_view_import(struct req *rq, struct resp *rs, const struct import_result *res,
                         bool done);
void officer_view_card(struct req *rq, struct resp *rs, const struct share_link *l,
                       const char *title, const char *summary, const char *cover, const char *url);
const char *officer_status_label(struct req *rq, const char *status);
json_t *officer_json(const struct officer *o);
json_t *officer_link_json(struct req *rq, const struct share_link *l, const char *forward);

#endif
