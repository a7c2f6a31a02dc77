/* content.h: the content core — portal sites (the region portal, leagues, counties,
 * societies, institutions) in a tree, global columns (sections) shown per site, bilingual
 * articles (zh and/or mn: title, summary, body, author, source) with tags, a status
 * workflow with scheduled publishing, a revision for every save (diff, restore), and
 * syndication (an article's home site, pushes down a subtree, pulls from above, local
 * take-downs). Tables of db/migrations/0004_content.sql; only content_db.c touches them.
 *
 * Conventions. Reads take the store and an arena; every string they return lives in the
 * arena. Writes are store write closures (sqlite3 *db, void *ctx) taking their struct as
 * ctx: the closure returns OK to commit or ERR to roll itself back, and says why in the
 * struct's `result` (CONTENT_INVALID with field + catalog key, CONTENT_NOT_FOUND,
 * CONTENT_STALE, CONTENT_CONFLICT); ERR with result CONTENT_OK means a database error.
 * Times are ms since the epoch; 0 means "none". Permission checks are the caller's (HTTP
 * handlers, console, CLI): use content_site_scope() and content_transition_perm(). */
#ifndef TALA_CONTENT_H
#define TALA_CONTENT_H

#include "base/arena.h"
#include "base/strbuf.h"
#include "http/http.h"
#include "store/store.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- limits ---- */
#define CONTENT_TITLE_MAX   200    /* characters */
#define CONTENT_SUMMARY_MAX 1000   /* characters */
#define CONTENT_BODY_MAX    200000 /* bytes of HTML */
#define CONTENT_NAME_MAX    100    /* characters of author, source */
#define CONTENT_TAG_MAX     40     /* characters of a tag */
#define CONTENT_TAGS_MAX    20     /* tags per article */
#define CONTENT_PAGE_MAX    100    /* articles per list page */
#define CONTENT_SLUG_MAX    40

/* The outcome of a write closure (in its struct's `result`). */
enum content_result {
	CONTENT_OK = 0,
	CONTENT_INVALID,   /* bad input: field + error_key (400) */
	CONTENT_NOT_FOUND, /* unknown article, site or revision (404) */
	CONTENT_STALE,     /* the version given is not the current one (409) */
	CONTENT_CONFLICT,  /* not allowed from the current state, e.g. a transition (409) */
};

/* ---- sites ---- */

struct site {
	int64_t id;
	const char *slug;        /* path prefix /s/<slug>/ */
	const char *host;        /* NULL when served only under its path prefix */
	const char *kind;        /* region, league, county, society, institution */
	const char *region_code; /* NULL for societies and institutions */
	int64_t parent_id;       /* 0 for the region portal */
	const char *name_zh, *name_mn;
	int64_t version;
	char scope_buf[32]; /* "site:<id>" for sites without a region code */
};

struct site_list {
	struct site *items;
	size_t n;
};

/* The permission scope of a site: its region code, or "site:<id>" when it has none (see
 * auth_scope_covers). Points into s. */
const char *content_site_scope(const struct site *s);
/* The site's name in lang ("zh" or "mn"; falls back to Chinese when mn is empty). */
const char *content_site_name(const struct site *s, const char *lang);

/* Fill *out; ERR when there is no such site (or on a database error). */
int content_site_by_id(struct store *st, struct arena *a, int64_t id, struct site *out);
int content_site_by_slug(struct store *st, struct arena *a, const char *slug, struct site *out);
int content_site_by_host(struct store *st, struct arena *a, const char *host, struct site *out);
/* Sites by id, optionally only of kind (NULL: any) and only children of parent_id (0: any;
 * -1: only the root). */
int content_sites_list(struct store *st, struct arena *a, const char *kind, int64_t parent_id,
                       struct site_list *out);
/* The site and every site below it (breadth-first by depth, then id). */
int content_site_subtree(struct store *st, struct arena *a, int64_t site_id, struct site_list *out);
/* The sites above site_id, nearest first (excluding the site itself). */
int content_site_ancestors(struct store *st, struct arena *a, int64_t site_id,
                           struct site_list *out);

/* Write closure: creates a site with every column (in column order). */
struct site_new {
	const char *slug, *host, *kind, *region_code, *name_zh, *name_mn;
	int64_t parent_id; /* 0: none */
	int64_t now_ms;
	int64_t id; /* out */
	enum content_result result;
	const char *field, *error_key; /* out when INVALID (slug taken, unknown parent ...) */
};
int content_site_insert(sqlite3 *db, void *ctx);

/* Whether s is a slug: 1..CONTENT_SLUG_MAX of a-z 0-9 -, not starting with -. */
bool content_slug_valid(const char *s);

/* A site's or column's name as stored (normalized, trimmed) in the arena, or NULL when it is
 * longer than CONTENT_NAME_MAX characters. */
const char *content_name_clean(struct arena *a, const char *name);

/* What an admin submits for a site (content_sites.c). */
struct site_fields {
	const char *slug;        /* a-z 0-9 -, 1..CONTENT_SLUG_MAX, starting with a letter/digit */
	const char *host;        /* NULL or a lowercase host name */
	const char *kind;        /* region, league, county, society, institution */
	const char *region_code; /* required for region (2 digits), league (4), county (6);
	                            optional for societies and institutions; must exist */
	const char *name_zh;     /* required, ≤ CONTENT_NAME_MAX characters */
	const char *name_mn;     /* optional, ≤ CONTENT_NAME_MAX characters */
	int64_t parent_id;       /* required but for the region kind */
};
/* Checks and cleans f in place (outside the writer): empty host/region/name_mn become NULL
 * or "", names normalized (text_normalize). OK, or ERR with the form field name and a
 * catalog key. Uniqueness and the parent's existence are checked by the closures. */
int content_site_check(struct store *st, struct arena *a, struct site_fields *f, const char **field,
                       const char **error_key);
/* The scope an admin needs site.manage on to manage s: its region code, else the nearest
 * region code above it (societies and institutions belong to the region's admins), else
 * the site's own "site:<id>". In the arena. */
const char *content_site_admin_scope(struct store *st, struct arena *a, const struct site *s);

/* Write closure: changes a site's fields when version is current (else STALE; NOT_FOUND
 * when unknown); INVALID on a taken slug or host, an unknown parent, or a parent that is
 * the site itself or below it. */
struct site_edit {
	int64_t id, version;
	struct site_fields f;
	int64_t new_version; /* out */
	enum content_result result;
	const char *field, *error_key;
};
int content_site_update(sqlite3 *db, void *ctx);

/* Write closure: replaces the columns a site shows (and their order) when version is
 * current; bumps the site's version. */
struct site_columns_set {
	int64_t site_id, version;
	const int64_t *column_ids;
	const int *sorts;
	size_t n;
	int64_t new_version; /* out */
	enum content_result result;
};
int content_site_columns_set(sqlite3 *db, void *ctx);

/* ---- columns ---- */

struct content_column {
	int64_t id;
	const char *slug, *name_zh, *name_mn;
	int sort;
	bool tv; /* one of the six smart-TV columns */
};

/* Every column (site_id 0) or the columns a site shows, in display order. */
int content_columns(struct store *st, struct arena *a, int64_t site_id, struct content_column **out,
                    size_t *n);
/* ERR when no column has this slug. */
int content_column_by_slug(struct store *st, struct arena *a, const char *slug,
                           struct content_column *out);
const char *content_column_name(const struct content_column *c, const char *lang);

/* Write closure: a new global column (slug as a site slug; names required in both
 * languages), also shown on site_id (0: on no site) at the end of its list. INVALID with
 * field "column_slug" when the slug is taken. */
struct column_new {
	const char *slug, *name_zh, *name_mn;
	int64_t site_id;
	int64_t id; /* out */
	enum content_result result;
	const char *field, *error_key;
};
int content_column_insert(sqlite3 *db, void *ctx);

/* ---- articles ---- */

/* One language version. */
struct article_text {
	const char *title, *summary, *body, *author, *source;
};

struct article {
	int64_t id;
	int64_t site_id; /* home site */
	const char *site_slug;
	int64_t column_id;
	const char *column_slug;
	const char *status; /* draft, review, published, archived */
	int64_t publish_at, unpublish_at, published_at;
	int64_t cover_id; /* media id, 0 = none */
	int64_t created_by, created_at, updated_at, version;
	struct article_text *zh, *mn; /* NULL when that language is absent */
	const char **tags;
	size_t ntags;
};

/* Reads an article with both languages and its tags (any status). ERR when unknown. */
int content_article_get(struct store *st, struct arena *a, int64_t id, struct article *out);
/* Whether the public may see a: published and not past its unpublish time at now_ms. */
bool content_article_public(const struct article *a, int64_t now_ms);
/* Whether the article is published and placed (not hidden) on site_id at now_ms. */
bool content_article_visible(struct store *st, int64_t site_id, int64_t article_id, int64_t now_ms);

/* Which articles a list shows. Public lists (staff false): published articles placed on
 * site_id and not hidden there, newest published first. Staff lists (staff true): any
 * status (or `status`), by home site (site_id 0: every site), only home sites within one
 * of scopes (unless all_scopes), most recently updated first. */
struct article_filter {
	int64_t site_id;
	int64_t column_id;  /* 0: any */
	const char *lang;   /* having this language version; NULL: any */
	const char *tag;    /* NULL: any */
	const char *status; /* staff lists only; NULL: any */
	bool staff;
	const char *const *scopes;
	size_t nscopes;
	bool all_scopes;
	bool with_body;     /* also read bodies (lists leave them NULL otherwise) */
	const char *cursor; /* from a previous page's next; NULL: first page */
	int limit;          /* 1..CONTENT_PAGE_MAX */
	int64_t now_ms;     /* public lists: hide articles past unpublish_at */
};

struct article_page {
	struct article *items;
	size_t n;
	int64_t total;    /* matching overall */
	const char *next; /* cursor for the next page, NULL on the last */
};

/* Reads one page. ERR with *bad_cursor (may be NULL) set when the cursor is malformed. */
int content_articles_list(struct store *st, struct arena *a, const struct article_filter *f,
                          struct article_page *out, bool *bad_cursor);

/* What an editor submits: one or both languages, column, tags. */
struct article_input {
	int64_t site_id;              /* home site (create only) */
	int64_t column_id;            /* required */
	struct article_text *zh, *mn; /* NULL: this language is absent; at least one */
	const char **tags;
	size_t ntags;
	int64_t cover_id;                 /* 0: none */
	int64_t publish_at, unpublish_at; /* 0: none */
};

/* Checks and cleans an input in place (outside the writer): titles required and within
 * CONTENT_TITLE_MAX, other lengths, tags (trimmed, deduplicated, ≤ CONTENT_TAGS_MAX), text
 * normalized (text_normalize: Menksoft decoded, NFC), bodies sanitized by content_sanitize
 * where it is built in. Returns OK, or ERR with the JSON field name ("zh.title", "tags",
 * "mn.body", ...) and a catalog key. */
int content_article_check(struct arena *a, struct article_input *in, const char **field,
                          const char **error_key);

/* The sanitizer (src/content/content_sanitize.c, another part of the content module):
 * appends the allowed subset of the HTML html[0..n) to out; ERR when it cannot be made
 * safe. content_article_check calls it when that file is part of the build. */
int content_sanitize(const char *html, size_t n, struct strbuf *out);

/* Write closure: creates (id 0) or updates an article and records the revision.
 * Update: ERR with CONTENT_STALE when version is not the current one; replaces both
 * languages (a NULL one is removed), column, tags, cover and schedule; keeps the home site
 * and status. Create: status `status` (NULL: draft; "published" sets published_at = now,
 * for imports and the demo) and a home placement. */
struct article_save {
	int64_t id;      /* 0: create */
	int64_t version; /* update: the version the editor saw */
	struct article_input in;
	const char *status; /* create only */
	int64_t user_id;    /* 0: the CLI */
	int64_t now_ms;
	/* out */
	int64_t new_id, new_version;
	enum content_result result;
	const char *field, *error_key;
};
int content_article_save(sqlite3 *db, void *ctx);

/* ---- workflow ---- */

/* The permission a transition from -> to needs, or NULL when it is not allowed:
 * draft -> review: content.edit; review -> published, review -> draft, published ->
 * archived: content.publish. */
const char *content_transition_perm(const char *from, const char *to);
/* Whether s names a status. */
bool content_status_valid(const char *s);

/* Write closure: moves the article to `to` when the transition is allowed from its current
 * status (else CONTENT_CONFLICT) and version matches (0: any; else CONTENT_STALE).
 * To "published" with publish_at in the future: stays in review with publish_at set (the
 * sweep publishes it then). unpublish_at (0: unchanged) schedules archiving. */
struct article_transition {
	int64_t id;
	const char *to;
	int64_t version;
	int64_t publish_at, unpublish_at;
	int64_t user_id, now_ms;
	/* out */
	const char *from;   /* the status before (static string) */
	const char *status; /* the status after (static string) */
	int64_t new_version;
	enum content_result result;
};
int content_article_transition(sqlite3 *db, void *ctx);

/* Write closure: publishes reviewed articles whose publish_at has come and archives
 * published ones whose unpublish_at has passed. */
struct content_sweep_run {
	int64_t now_ms;
	int published, archived; /* out */
};
int content_sweep(sqlite3 *db, void *ctx);
/* When the next scheduled change is due (the earliest publish_at of an article in review,
 * unpublish_at of a published one) into *next_ms, 0 when none. */
int content_next_due(struct store *st, int64_t *next_ms);

/* The scheduler (content_schedule.c): a thread that runs content_sweep when the next
 * scheduled change is due, and at least every max_wait_s seconds. One per process;
 * content_touch wakes it to re-read the schedule. */
int content_scheduler_start(struct store *st, int max_wait_s);
void content_scheduler_poke(void);
/* Stops the thread (waits for a sweep in progress). */
void content_scheduler_stop(void);

/* A change counter bumped after every committed content write made through this process
 * (page caches compare it). content_touch bumps it and wakes the scheduler. */
uint64_t content_generation(void);
void content_touch(void);

/* ---- revisions ---- */

struct revision {
	int64_t id, article_id, version, user_id, at;
	const char *snapshot; /* JSON: {"column","tags","zh":{...}|null,"mn":{...}|null,...} */
};

/* Revisions of an article, newest first (snapshots included). */
int content_revisions_list(struct store *st, struct arena *a, int64_t article_id,
                           struct revision **out, size_t *n);
/* ERR when the article has no such version. */
int content_revision_get(struct store *st, struct arena *a, int64_t article_id, int64_t version,
                         struct revision *out);

/* One line of a diff: op '-' (only in the older), '+' (only in the newer), ' ' (both). */
struct diff_line {
	const char *field; /* "zh.title", "mn.body", "column", "tags", ... */
	char op;
	const char *text;
};
/* A line diff (LCS) of title, summary, body, author, source per language, column and tags
 * of two snapshots. Unchanged fields are left out; changed ones are listed with context. */
int content_revision_diff(struct arena *a, const char *older, const char *newer,
                          struct diff_line **out, size_t *n);

/* Write closure: saves revision `from_version`'s snapshot as the article's new state and
 * new revision (ERR with CONTENT_STALE when version is not current; NOT_FOUND when either
 * is unknown). */
struct article_restore {
	int64_t id, version, from_version;
	int64_t user_id, now_ms;
	int64_t new_version; /* out */
	enum content_result result;
};
int content_revision_restore(sqlite3 *db, void *ctx);

/* ---- syndication ---- */

struct placement {
	int64_t site_id, article_id;
	const char *site_slug;
	const char *origin; /* home, push, pull */
	bool hidden;
	int64_t placed_by, placed_at;
};

/* Where an article is placed, by site id. */
int content_placements(struct store *st, struct arena *a, int64_t article_id,
                       struct placement **out, size_t *n);

/* Write closure: places the article on every site below from_site_id (one statement);
 * the article must be placed on from_site_id. Existing placements (also hidden ones) are
 * kept. placed = new placements. */
/* The placement closures' structs start with their result, so a handler can read it
 * whichever of them it queued. */
struct article_push {
	enum content_result result; /* out; first */
	int64_t article_id, from_site_id;
	int64_t user_id, now_ms;
	int placed; /* out */
};
int content_article_push(sqlite3 *db, void *ctx);

/* Write closure: site_id takes an article placed on a site above it (CONFLICT otherwise). */
struct article_pull {
	enum content_result result; /* out; first */
	int64_t article_id, site_id;
	int64_t user_id, now_ms;
};
int content_article_pull(sqlite3 *db, void *ctx);

/* Write closure: hides (or shows again) the article on site_id only (NOT_FOUND when it is
 * not placed there). */
struct article_hide {
	enum content_result result; /* out; first */
	int64_t article_id, site_id;
	bool hidden;
	int64_t user_id;
};
int content_article_hide(sqlite3 *db, void *ctx);

/* ---- JSON (content_api.c) ---- */

/* The API's article object: {"id","site","column","status","version","zh"|null,"mn"|null,
 * "tags","published_at",...}; bodies only when a->zh/mn have them. */
json_t *content_article_json(const struct article *a);
json_t *content_site_json(const struct site *s, const char *parent_slug);

/* ---- setup (content_demo.c) ---- */

/* `tala init`: the region portal (slug "nmg", region 15) when it is missing. */
int content_init_region_site(struct store *st, char *err, size_t errlen);
/* `tala demo`: the league, county, society and institution sites and the demo articles
 * (idempotent: does nothing when the demo sites exist). */
int content_demo_load(struct store *st, int *sites, int *articles, char *err, size_t errlen);

/* GET/POST /api/v1/sites, /api/v1/articles (content_api.c). */
void content_mount(struct router *r);

#endif
