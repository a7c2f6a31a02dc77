/* officer.h: information officers (科普信息员) — registration and confirmation, their
 * personal share links (/r/<code>), QR codes and share cards, and the attribution of visits
 * through the links. Owns the tables officers, share_links and share_visits (migration
 * 0011; the schema contract with the points module, see docs/officer.md:
 * columns are never renamed or dropped). Points, tasks, rankings, honours and fraud checks
 * are officer_points.h (migration 0012); they read share_visits by increasing id.
 *
 * The redirect (GET /r/<code>) is the hot path: it answers from an in-memory code → link
 * cache and queues the visit in memory; a flusher writes queued visits in batches through the
 * writer every officer.flush_ms and at shutdown. A crash (kill -9, power loss) loses at most
 * the visits of the last flush interval. Bots and link previewers (officer_ua_is_bot), HEAD
 * requests and prefetches are not written at all; everything else is, with self_click set
 * when the reader is the officer. */
#ifndef TALA_OFFICER_H
#define TALA_OFFICER_H

#include "base/arena.h"
#include "base/strbuf.h"
#include "http/http.h"
#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OFFICER_NOT_FOUND 1 /* lookups: OK, OFFICER_NOT_FOUND or ERR */

/* officers.status */
#define OFFICER_PENDING   "pending"
#define OFFICER_ACTIVE    "active"
#define OFFICER_SUSPENDED "suspended"
#define OFFICER_REJECTED  "rejected"

/* The permission that confirms, rejects, suspends and imports officers; the scope is the
 * officer's township code (a grant on a county or league covers its townships). */
#define OFFICER_PERM_MANAGE "org.manage"

/* Share link codes: OFFICER_CODE_LEN characters of base62 from libsodium random bytes. */
#define OFFICER_CODE_LEN 10

struct officer {
	int64_t id, user_id;
	const char *township_code; /* 9 digits */
	const char *org;
	const char *status;
	const char *bio_zh, *bio_mn;
	int64_t created_at;   /* ms since epoch */
	int64_t confirmed_at; /* 0 when never confirmed */
	int64_t confirmed_by; /* 0 when never confirmed */
	/* joined for display (users, regions) */
	const char *login, *name_zh, *name_mn;
	const char *township_zh, *township_mn;
};

struct share_link {
	int64_t id, officer_id;
	char code[OFFICER_CODE_LEN + 1];
	const char *target_kind; /* "article" or "quiz" */
	int64_t target_id;
	int64_t created_at;
};

/* ---- officers (officer_db.c) ---- */

/* Fills *o (strings in a) with the officer of user_id; OK, OFFICER_NOT_FOUND or ERR. */
int officer_by_user(struct store *s, struct arena *a, int64_t user_id, struct officer *o);
/* Fills *o with the officer id; OK, OFFICER_NOT_FOUND or ERR. */
int officer_by_id(struct store *s, struct arena *a, int64_t id, struct officer *o);
/* Whether code is a township (a 9-digit region of level 'township'). */
bool officer_township_valid(struct store *s, const char *code);

/* ---- the visit day ---- */

/* Writes the calendar day (Asia/Shanghai, UTC+8) of ms since epoch as "YYYY-MM-DD". */
void officer_day(int64_t ms, char out[11]);

/* ---- the officer's own page (officer_view.c) ----
 * The page is a list of sections, each a function writing a <section> into out. The table
 * `extra_sections` in officer_view.c lists them in order; the points module adds its
 * sections (points, rank, today's tasks) there, at the marked place. */
typedef void (*officer_section_fn)(struct req *rq, struct strbuf *out, const struct officer *o);

/* ---- the running server (officer_visit.c; app.c starts and stops it) ---- */

/* Loads the code → link cache and starts the visit flusher (officer.flush_ms). */
int officer_start(struct app *app);
/* Flushes queued visits (waits for the commit) and stops the flusher. */
void officer_stop(void);
/* Writes every queued visit now and waits for its commit; OK or ERR. For tests and tools. */
int officer_visits_flush(void);

/* Whether a User-Agent belongs to a bot or link previewer (not counted). */
bool officer_ua_is_bot(const char *ua);

void officer_mount(struct router *r);

#endif
