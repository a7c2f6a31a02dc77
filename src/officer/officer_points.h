/* officer_points.h: information officers' points, rankings, sharing tasks, fraud flags,
 * honours and the dashboard (the officer module's second half; officer.h is the first).
 *
 * Points are an append-only ledger (officer_points, migration 0012): one row per entry with
 * a reason and a reference. Entries come from share_visits incrementally: a background job
 * reads the visits after a cursor in id order and, in one write closure per batch, adds
 *   - 'share'  once per (officer, link), at the link's first counted visit (ref: link),
 *   - 'reader' per unique reader per officer, item and day (ref: the visit),
 *   - 'task'   once per (officer, task) for a visit on the task's day to the task's item by
 *              an officer of the task's county (ref: task),
 * and the ranking aggregates of the entries. Self-clicks earn nothing. Sign-ins add
 * 'signin' entries at once (ref: the day number), with a streak bonus.
 *
 * Fraud rules, applied per visit in id order (so the outcome does not depend on where a
 * batch ends): a visit's (officer, day) is flagged
 *   - 'self_click' when the officer's self-clicks that day reach fraud.self_clicks,
 *   - 'click_farm' when the distinct readers of the officer's visits from the visit's
 *     network within fraud.net_window_s before it (visits of smaller or equal id) reach
 *     fraud.net_readers,
 *   - 'repeat' when the officer's item has fraud.repeat_visits visits that day from at most
 *     fraud.repeat_readers distinct readers.
 * While a flag of (officer, day) is open or rejected, the officer's new entries of that day
 * are written held (held_by) and count for nothing; clearing the flag adds a 'release'
 * entry per held entry (which counts), rejecting adds a 'void' entry per held entry (0).
 * A flag's review releases only the entries it holds (the first open flag of the day). */
#ifndef TALA_OFFICER_POINTS_H
#define TALA_OFFICER_POINTS_H

#include "base/arena.h"
#include "base/config.h"
#include "base/strbuf.h"
#include "http/http.h"
#include "store/store.h"

#include <stdbool.h>
#include <stdint.h>

/* ---- rules (officer_points_rules.c) ---- */

struct points_rules {
	int share, reader, task, signin; /* points per entry (task: the default of a new task) */
	int streak_step, streak_cap;     /* sign-in bonus: step × min(streak - 1, cap) */
	int net_window_s, net_readers;   /* click farm */
	int repeat_visits, repeat_readers;
	int self_clicks;
	int batch;       /* visits per batch */
	int interval_ms; /* how often the job looks for new visits */
};
void points_rules_from_config(const struct config *c, struct points_rules *r);

/* ---- days and periods (officer_points_day.c) ---- */

/* Days since 1970-01-01 of "YYYY-MM-DD"; -1 when malformed. */
int32_t points_day_num(const char *day);
/* "YYYY-MM-DD" of a day number. */
void points_day_str(int32_t day, char out[11]);
/* Today in Asia/Shanghai at wall time ms. */
int32_t points_today(int64_t now_ms);

enum points_period_kind { PERIOD_ALL, PERIOD_YEAR, PERIOD_MONTH, PERIOD_WEEK };
#define POINTS_PERIODS 4
/* The period keys a day counts in: "a", "y2026", "m2026-11", "w2026-11-23" (the Monday). */
void points_periods(int32_t day, char out[POINTS_PERIODS][16]);
/* The key of the period of kind containing day. */
void points_period_key(enum points_period_kind kind, int32_t day, char out[16]);
/* Parses "all", "year", "month", "week"; -1 otherwise. */
int points_period_kind(const char *name);

/* ---- a batch's hash map (officer_points_map.c) ---- */

struct pmap_slot {
	int64_t a, b, v;
	bool used;
};
struct pmap {
	struct pmap_slot *slots;
	size_t cap, n;
};
/* The value of key (a, b), or NULL. */
int64_t *pmap_get(struct pmap *m, int64_t a, int64_t b);
/* The value of key (a, b), added as 0 when missing (*created tells; may be NULL). */
int64_t *pmap_put(struct pmap *m, int64_t a, int64_t b, bool *created);
void pmap_free(struct pmap *m);

/* ---- the visit job (officer_points.c, officer_points_job.c) ---- */

struct points_batch {
	const struct points_rules *rules;
	int64_t now_ms;
	/* out */
	int64_t visits, entries, flags, last_visit_id;
};
/* Write closure (ctx: struct points_batch): processes up to rules->batch visits after the
 * cursor, writes their entries, flags and aggregates and moves the cursor. */
int points_batch_write(sqlite3 *db, void *ctx);
/* Runs batches until no visit is left; returns the number of visits processed or -1. */
int64_t points_catch_up(struct store *s, const struct points_rules *r);

/* The running server's job (app.c): a thread that catches up every rules.interval_ms. */
void points_start(struct app *app);
void points_stop(void);

/* ---- the ranking aggregates (officer_rank_db.c) ---- */

/* One effective change of an officer's points on a day. */
struct rank_delta {
	int64_t officer_id;
	const char *township;
	int32_t day;
	int64_t points, shares, readers;
	int64_t entries; /* ledger entries the change is made of (>= 1) */
};
/* Adds deltas to officer_rank and officer_area_rank for every period of their days. */
int rank_apply(sqlite3 *db, const struct rank_delta *d, size_t n);

enum rank_level { LEVEL_REGION, LEVEL_LEAGUE, LEVEL_COUNTY, LEVEL_TOWNSHIP };
/* Parses "region", "league", "county", "township"; -1 otherwise. */
int rank_level_parse(const char *s);
/* The level of an area code by its length (2, 4, 6, 9); -1 otherwise. */
int rank_level_of(const char *area);

struct rank_row {
	int64_t officer_id;
	int64_t rank; /* 1-based; ties share nothing: points desc, then officer id */
	int64_t points, shares, readers;
	const char *township;
};
/* One page of the officers of area (a region code of 2, 4, 6 or 9 digits) in period, by
 * points (desc) then officer id; after_points/after_id is the keyset cursor (after_id 0:
 * from the top); rank of the first row = first_rank. Returns the rows' number or -1. */
int rank_officers(struct store *s, struct arena *a, const char *period, const char *area,
                  int64_t after_points, int64_t after_id, int64_t first_rank, int limit,
                  struct rank_row **out);
/* An officer's row in period (points 0 and rank 0 when none); its rank within area. */
int rank_officer_get(struct store *s, const char *period, int64_t officer_id, const char *area,
                     struct rank_row *out);

/* Parses a ranking page cursor "points.officer_id.rank" (officer_id, rank >= 1). */
bool rank_cursor_parse(const char *c, int64_t *points, int64_t *id, int64_t *rank);

struct area_row {
	const char *area;
	int64_t officers, points, shares, readers;
};
/* Areas of a level (league or county; within parent when not NULL) in period, ordered by
 * `by` ("officers", "shares", "readers", "points") desc then code. Returns count or -1. */
int rank_areas(struct store *s, struct arena *a, const char *period, int level, const char *parent,
               const char *by, struct area_row **out);

/* ---- sign-in (officer_points_signin.c) ---- */

struct points_signin {
	int64_t officer_id;
	const char *township;
	int32_t day;
	int64_t now_ms;
	const struct points_rules *rules;
	/* out */
	bool already;
	int streak;
	int points;
};
/* Write closure: records today's sign-in and its ledger entry (ERR with already set when
 * the officer has signed in that day). */
int points_signin_write(sqlite3 *db, void *ctx);

/* ---- fraud flags (officer_fraud_db.c) ---- */

struct flag_review {
	int64_t flag_id;
	const char *status; /* "cleared" or "rejected" */
	int64_t by_user, now_ms;
	/* out */
	bool not_open;   /* the flag was not open (already reviewed) or does not exist */
	int64_t entries; /* held entries released or voided */
};
/* Write closure: reviews an open flag and writes a release (clear) or void (reject) entry
 * for each entry it holds; ERR with not_open when it is not open. */
int points_flag_review(sqlite3 *db, void *ctx);

struct points_flag {
	int64_t id, officer_id;
	const char *township, *day, *kind, *detail, *status;
	int64_t visit_id, created_at, reviewed_at, reviewed_by;
	int64_t held_points; /* points of the entries it holds */
};
/* Flags of status within area (a region code prefix), by id after after_id. */
int points_flags_list(struct store *s, struct arena *a, const char *area, const char *status,
                      int64_t after_id, int limit, struct points_flag **out);
/* A flag's township and status (other fields zero); ERR when unknown. */
int points_flag_get(struct store *s, struct arena *a, int64_t id, struct points_flag *out);

/* ---- the officer's own numbers (officer_points_db.c) ---- */

struct points_entry {
	int64_t id;
	const char *day, *reason, *ref_kind;
	int64_t ref_id, points, held_by;
	int64_t created_at;
};
struct points_summary {
	int64_t total; /* effective points (held excluded) */
	int64_t held;  /* points held under flags */
	int64_t today; /* effective points of today */
	int streak;    /* current sign-in streak (0 when not signed in today or yesterday) */
	bool signed_today;
};
int points_summary_get(struct store *s, int64_t officer_id, int32_t today,
                       struct points_summary *out);
/* The officer's newest entries (before_id 0: from the newest). Returns count or -1. */
int points_entries(struct store *s, struct arena *a, int64_t officer_id, int64_t before_id,
                   int limit, struct points_entry **out);

/* ---- sharing tasks (officer_task_db.c) ---- */

struct points_task {
	int64_t id;
	const char *county, *day, *target_kind;
	int64_t target_id, points;
};
struct points_task_new {
	const char *county, *day, *target_kind;
	int64_t target_id, points, by_user, now_ms;
	/* out */
	int64_t id;
	bool duplicate; /* the county has this item on that day already (ERR) */
};
/* Write closure: adds a task. */
int points_task_insert(sqlite3 *db, void *ctx);
/* The tasks of county (on day, or every day when NULL; newest day first, 500 at most). */
int points_tasks_list(struct store *s, struct arena *a, const char *county, const char *day,
                      struct points_task **out);
/* Whether officer_id has earned task_id's points. */
bool points_task_done(struct store *s, int64_t officer_id, int64_t task_id);

/* ---- honours (officer_honour_db.c) ---- */

struct honour_criteria {
	const char *area; /* region code (2, 4, 6 or 9 digits) */
	int year;
	int64_t min_readers;
	int min_months; /* months of the year with points */
	int limit;
};
struct honour_row {
	int64_t officer_id;
	const char *township;
	int64_t points, shares, readers;
	int months;
};
/* The officers meeting c (and with no flag of the year other than cleared ones), most
 * readers first. Returns their number or -1. */
int points_honours(struct store *s, struct arena *a, const struct honour_criteria *c,
                   struct honour_row **out);

/* The honours list as a table of cells (officer_honour_xlsx.c writes it as XLSX). */
struct honour_cell {
	const char *text; /* NULL: number */
	int64_t number;
};
struct honour_sheet {
	const char *sheet_name;
	const char *const *header;
	int ncols, nrows;
	const struct honour_cell *cells; /* nrows × ncols */
};
/* Appends the workbook's bytes to out. */
int points_honours_xlsx(const struct honour_sheet *sh, struct strbuf *out);

/* ---- the dashboard (officer_dash_db.c) ---- */

struct dash_league {
	const char *code;
	int64_t registered; /* active officers registered in the league */
	int64_t active;     /* officers with points in the period */
	int64_t shares, readers, points;
};
/* The 12 leagues with their numbers for period. Returns their number or -1. */
int points_dash_leagues(struct store *s, struct arena *a, const char *period,
                        struct dash_league **out);

/* ---- HTTP helpers shared by the handlers (officer_points_http.c) ---- */

/* Answers 400 invalid_value for field. */
int points_reply_bad(struct req *rq, struct resp *rs, const char *field);
/* The period key of ?period=week|month|year|all (default week) containing ?date= (default
 * today); ERR when either is malformed. */
int points_query_period(struct req *rq, char period[16], int32_t *day);
/* An integer query parameter within [lo, hi] (dflt when absent); false when malformed. */
bool points_query_int(struct req *rq, const char *name, int64_t lo, int64_t hi, int64_t dflt,
                      int64_t *out);
/* The area (?area=, else the caller's first region scope holding perm) a manager's list is
 * for; ERR after answering 400 (not a region code) or 403 (not within the caller's perm). */
int points_query_area(struct req *rq, struct resp *rs, const char *perm, const char **area);
/* The caller's officer record (officer.h); ERR after answering 404 when they are none. */
struct officer;
int points_me(struct req *rq, struct resp *rs, struct officer *o);
/* An officer's display name in the request's language (the login when none; "" unknown). */
const char *points_officer_name(struct req *rq, int64_t officer_id);
/* The name of a region code in the request's language (the code when unknown). */
const char *points_region_name(struct req *rq, const char *code);

/* Pages (officer_points_view.c). */
void points_view_page(struct req *rq, struct resp *rs, const struct officer *o,
                      const struct points_entry *e, size_t n);

void officer_rank_mount(struct router *r);
void officer_task_mount(struct router *r);
void officer_fraud_mount(struct router *r);
void officer_honour_mount(struct router *r);
void officer_dash_mount(struct router *r);

/* ---- the officer page hook ---- */

/* Sections of the officer's own page (officer_view.c's extra_sections calls them;
 * officer_section_fn): my points and the sign-in button; my rank; today's tasks. */
void officer_points_section(struct req *rq, struct strbuf *out, const struct officer *o);
void officer_rank_section(struct req *rq, struct strbuf *out, const struct officer *o);
void officer_tasks_section(struct req *rq, struct strbuf *out, const struct officer *o);

void officer_points_mount(struct router *r);

#endif
