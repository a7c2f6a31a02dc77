/* quiz.h: knowledge-quiz campaigns and their attempts (the run side of the quiz module; the
 * question bank is quiz_bank.h). Campaigns say what is drawn from the bank, when, and for
 * whom; attempts hold the questions and option order picked at start and are scored on the
 * server only; leaderboards are kept in memory and updated on each finish; the prize draw
 * follows deterministically from a seed committed to when the campaign is created. */
#ifndef TALA_QUIZ_H
#define TALA_QUIZ_H

#include "http/http.h"
#include "store/store.h"

#include <stdbool.h>
#include <stdint.h>

#define QUIZ_MAX_ITEMS   200 /* questions per attempt at most */
#define QUIZ_MAX_OPTIONS 16  /* options per question at most */
#define QUIZ_MAX_DRAWS   20  /* categories a campaign draws from */
#define QUIZ_TOKEN_CHARS 43  /* attempt token: 256 random bits, URL-safe base64 */
#define QUIZ_SEED_BYTES  32
#define QUIZ_HASH_HEX    65  /* 64 hex digits and the NUL */
#define QUIZ_ANSWER_MAX  200 /* characters of a fill-in answer */

/* ---- campaigns (quiz_campaign_db.c) ---- */

struct quiz_draw_rule {
	const char *category;
	int count;
};

struct quiz_campaign {
	int64_t id;
	const char *title_zh, *title_mn, *rules_zh, *rules_mn;
	const char *region_code;
	const char *sites; /* comma-separated site ids */
	int64_t opens_at, closes_at;
	int time_limit_s, attempts_allowed, pass_mark, prizes;
	const char *counting; /* "best" or "last" */
	const char *audience; /* "public" or "members" */
	bool shuffle;
	char commitment[QUIZ_HASH_HEX];
	struct quiz_draw_rule draws[QUIZ_MAX_DRAWS];
	int ndraws;
	int64_t version, created_at, updated_at;
	bool drawn; /* a prize draw exists */
};

/* Parses draw rules "category:count" separated by ';', ',' or new lines (1..200 each, at
 * most QUIZ_MAX_DRAWS distinct categories of 1..64 bytes) into c->draws (c->ndraws must be
 * 0 before); ERR when malformed or empty (quiz_campaign_input.c). */
int quiz_draw_rules_parse(struct arena *a, const char *text, struct quiz_campaign *c);

/* Reads campaign id into c (strings in the arena); ERR when unknown. */
int quiz_campaign_get(struct store *s, struct arena *a, int64_t id, struct quiz_campaign *c);
/* Campaigns whose region lies within one of scopes (all when scopes is NULL), newest first,
 * at most 500; with open_at > 0 only those open at that time. */
int quiz_campaign_list(struct store *s, struct arena *a, const char *const *scopes, size_t nscopes,
                       int64_t open_at, struct quiz_campaign **out, size_t *n);
/* The campaign's secret seed (only for the draw and for verification). */
int quiz_campaign_seed(struct store *s, int64_t id, unsigned char seed[QUIZ_SEED_BYTES]);

struct quiz_campaign_save {
	struct quiz_campaign c; /* id 0: create (seed and commitment made here); else update */
	int64_t by_user, now_ms;
	int64_t expect_version; /* update: the version the editor saw */
	bool stale;             /* out: version mismatch, nothing written */
	bool missing;           /* out: no such campaign */
};
/* Write closure: creates or updates the campaign and its draw rules; sets c.id, c.version. */
int quiz_campaign_save(sqlite3 *db, void *ctx);

struct quiz_members_set {
	int64_t campaign_id;
	const int64_t *user_ids;
	size_t n;
	bool replace; /* remove the old list first */
	int added;    /* out */
	void *report; /* the caller's, for its reply (the file import's rejected lines) */
};
/* Write closure: adds (or replaces with) the member list. */
int quiz_members_set(sqlite3 *db, void *ctx);
/* Whether user is on the campaign's member list. */
bool quiz_member_is(struct store *s, int64_t campaign_id, int64_t user_id);
/* The number of members on the list. */
int64_t quiz_members_count(struct store *s, int64_t campaign_id);

/* ---- attempts (quiz_attempt_*.c) ---- */

enum quiz_kind { QK_SINGLE, QK_MULTI, QK_TRUEFALSE, QK_FILL };
enum quiz_status { QS_ACTIVE, QS_FINISHED, QS_EXPIRED };

/* One question of an attempt, with what scoring needs (never sent before the end). */
struct quiz_item {
	int64_t question_id;
	int question_version;
	enum quiz_kind kind;
	int nopt;
	int64_t option_ids[QUIZ_MAX_OPTIONS]; /* display order */
	uint32_t correct;                     /* bit i: option_ids[i] is correct */
	char **accepted_keys;                 /* fill-in: quiz_answer_key of each accepted answer */
	int naccepted;
	int max_points;
	/* state */
	bool answered;
	int points;
	int64_t answered_at;
};

/* An attempt's state as the server keeps it (the cache's copy; see quiz_attempt_cache.c). */
struct quiz_attempt {
	int64_t id, campaign_id, user_id;
	char region_code[16];
	enum quiz_status status;
	int64_t started_at, deadline_at, finished_at, duration_ms;
	int score, max_score;
	bool excluded;
	unsigned char token_hash[32];
	int nitems;
	struct quiz_item *items; /* nitems */
};

enum quiz_kind quiz_kind_parse(const char *s); /* "single" ... "fill"; unknown: single */
const char *quiz_kind_name(enum quiz_kind k);

/* What a participant sees of an item (quiz_attempt_text.c). */
struct quiz_item_text {
	int position;
	int64_t question_id;
	enum quiz_kind kind;
	const char *stem_zh, *stem_mn;
	const char *explanation_zh, *explanation_mn; /* NULL until revealed */
	int nopt;
	struct {
		int64_t id;
		const char *text_zh, *text_mn;
		bool correct; /* false until revealed */
	} options[QUIZ_MAX_OPTIONS];
	const char *accepted; /* fill-in, revealed: an accepted answer */
	bool answered;
	const char *answer; /* as stored: option ids "12,7" or the text */
	int points, max_points;
};
/* The attempt's items in display order; with reveal, the key and explanations too. */
int quiz_attempt_texts(struct store *s, struct arena *a, int64_t attempt_id, bool reveal,
                       struct quiz_item_text **out, int *n);
/* Whether the stored answer "12,7" holds option_id. */
bool quiz_answer_has(const char *answer, int64_t option_id);

/* Scores one answer (quiz_attempt_score.c): options (ids, n of them) for choice questions or
 * text (already quiz_answer_key'd) for fill-in. Returns the points, or -1 with *why set to
 * the catalog key of the reason when the answer is not valid for the item (unknown option,
 * several options on a single-choice question, empty). */
int quiz_score_item(const struct quiz_item *it, const int64_t *options, int n, const char *text_key,
                    const char **why);
/* Parses "12,7,9" into ids (at most max); returns the number or -1 when malformed. */
int quiz_ids_parse(const char *s, int64_t *ids, int max);

/* Loads the attempt (with items and their scoring data) from the store; malloc'd, free with
 * quiz_attempt_free. NULL when unknown. */
struct quiz_attempt *quiz_attempt_load(struct store *s, int64_t id);
void quiz_attempt_free(struct quiz_attempt *at);

/* The cache of attempt states (quiz_attempt_cache.c), shared by request threads. Each call
 * copies what it needs under the attempt's lock: no caller holds a pointer into the cache. */
/* Copies the attempt's header (items NULL) and, when item > 0, item `item` (fill-in keys into
 * the arena) into out / out_item; *no_item when there is no such item. Loads from the store
 * on a miss. ERR when the attempt does not exist. */
int quiz_cache_get(struct store *s, struct arena *a, int64_t id, struct quiz_attempt *out, int item,
                   struct quiz_item *out_item, bool *no_item);
/* Like quiz_cache_get with every item copied into out->items (arena). */
int quiz_cache_items(struct store *s, struct arena *a, int64_t id, struct quiz_attempt *out);
/* Records an acknowledged answer in the cached copy (after its commit). */
void quiz_cache_answered(int64_t id, int position, int points, int64_t at);
/* Drops the cached copy (after a status or token change; the next get reloads it). */
void quiz_cache_forget(int64_t id);

/* A question picked for an attempt: its id, version and option ids in display order. */
struct quiz_pick {
	int64_t question_id;
	int version;
	int nopt;
	int64_t option_ids[QUIZ_MAX_OPTIONS];
};

struct quiz_start {
	int64_t campaign_id, user_id, now_ms;
	const char *region_code;
	unsigned char net_hash[16];
	bool has_net;
	unsigned char token_hash[32];
	/* in: the picked questions */
	struct quiz_pick *picks;
	int npicks;
	int64_t deadline_at;
	int attempts_allowed;
	int64_t grace_ms; /* an active attempt is resumable until deadline + grace */
	/* out */
	int64_t id;
	int64_t expired_id;  /* an old active attempt closed as expired, or 0 */
	bool resumed;        /* an active attempt existed: its token was replaced */
	const char *refusal; /* catalog key when refused (attempts used up) */
};

/* Picks the attempt's questions: rules' count per category, active questions, shuffled
 * (questions and options) when shuffle; into the arena. ERR (with *why) when the bank has
 * too few questions of a category. */
int quiz_pick_questions(struct store *s, struct arena *a, const struct quiz_campaign *c,
                        struct quiz_pick **out, int *n, const char **why);
/* Write closure: expires the user's stale active attempt, resumes an active one (new token),
 * or inserts a new attempt with its items. */
int quiz_attempt_start_write(sqlite3 *db, void *ctx);

struct quiz_answer_write {
	int64_t attempt_id;
	int position;
	const char *answer; /* "12,7" or fill-in text */
	int points;
	int64_t now_ms;
	int64_t deadline_limit; /* refuse when now_ms is later than this */
	bool closed;            /* out: the attempt is no longer active */
};
/* Write closure: records one answer while the attempt is active. */
int quiz_answer_write(sqlite3 *db, void *ctx);

struct quiz_finish_write {
	int64_t attempt_id;
	int64_t now_ms;
	bool expire; /* true: time ran out (status expired) */
	bool closed; /* out: was not active */
	int score;   /* out */
	int64_t duration_ms;
};
/* Write closure: sets status, score (sum of item points), finished_at, duration. */
int quiz_finish_write(sqlite3 *db, void *ctx);

#define QUIZ_EXPIRE_BATCH 256 /* attempts closed by one expiry transaction at most */
struct quiz_expire_run {
	int64_t now_ms, grace_ms;
	int64_t ids[QUIZ_EXPIRE_BATCH]; /* out: the attempts closed as expired */
	int n;
};
/* Write closure: closes active attempts whose deadline + grace is before now as expired,
 * each scored from its answered items (at most QUIZ_EXPIRE_BATCH, earliest deadline first). */
int quiz_expire_write(sqlite3 *db, void *ctx);

/* The background expiry (quiz_expiry.c): one thread that runs quiz_expire_write through the
 * writer when an attempt's deadline + grace passes (waiting at most max_wait_s between
 * looks), then drops the closed attempts from the cache and puts them on the leaderboards.
 * Stop joins the thread (nothing when it was not started). */
int quiz_expiry_start(struct store *s, int grace_ms, int max_wait_s);
void quiz_expiry_stop(void);
/* Puts a closed attempt (not excluded) on its campaign's leaderboards. */
void quiz_board_add_attempt(struct store *s, struct arena *a, int64_t attempt_id);

struct quiz_exclude_write {
	int64_t attempt_id;
	bool excluded;
	const char *note;
	int64_t campaign_id; /* out */
	bool missing;        /* out */
};
int quiz_exclude_write(sqlite3 *db, void *ctx);

/* The participant's attempts of a campaign (ids, statuses) — newest first. */
struct quiz_attempt_brief {
	int64_t id;
	enum quiz_status status;
	int score, max_score;
	int64_t started_at, deadline_at, duration_ms;
};
int quiz_attempts_of(struct store *s, struct arena *a, int64_t campaign_id, int64_t user_id,
                     struct quiz_attempt_brief **out, size_t *n);
const char *quiz_status_name(enum quiz_status st);

/* ---- anti-cheating review (quiz_attempt_review.c) ---- */

struct quiz_suspect {
	int64_t attempt_id, user_id;
	const char *login;
	int score;
	int fast_answers; /* answers given less than floor_ms after the previous one */
	int same_group;   /* attempts from the same network with the same answers (incl. this) */
	int group_id;     /* 1.. for attempts sharing a group; 0 none */
	bool excluded;
	const char *note;
};
/* Finished/expired attempts of the campaign that look suspicious (fast answers at least
 * min_fast times, or identical answer sequences from one network across accounts). */
int quiz_review(struct store *s, struct arena *a, int64_t campaign_id, int64_t floor_ms,
                int min_fast, struct quiz_suspect **out, size_t *n);

/* ---- leaderboards (quiz_board.c) ---- */

struct quiz_rank {
	int64_t attempt_id, user_id;
	int score;
	int64_t duration_ms;
	int rank; /* 1-based */
	char region_code[16];
};
/* Top `limit` entries after `offset` of the campaign's board for group (NULL or "" overall,
 * a 4-digit league or 6-digit county code) into out (arena); total = entries on that board.
 * The board is built from the store on first use and updated by quiz_board_finished. */
int quiz_board_top(struct store *s, struct arena *a, int64_t campaign_id, const char *group,
                   int offset, int limit, struct quiz_rank **out, size_t *n, int64_t *total);
/* The rank (1-based) of user on the overall board, 0 when absent. */
int quiz_board_rank_of(struct store *s, int64_t campaign_id, int64_t user_id);
/* An attempt finished (or was included again): counts it by the campaign's rule. */
void quiz_board_finished(struct store *s, int64_t campaign_id, const struct quiz_rank *r);
/* Forgets the campaign's board (it is rebuilt from the store on next use). */
void quiz_board_invalidate(int64_t campaign_id);

/* The ordered skip list under the boards, exposed for tests. Keys: score descending, then
 * duration ascending, then attempt id ascending. */
struct quiz_skiplist;
struct quiz_skiplist *quiz_skiplist_new(void);
void quiz_skiplist_free(struct quiz_skiplist *l);
void quiz_skiplist_insert(struct quiz_skiplist *l, const struct quiz_rank *r);
bool quiz_skiplist_remove(struct quiz_skiplist *l, const struct quiz_rank *r);
/* 1-based rank of r (same key) or 0. */
int quiz_skiplist_rank(const struct quiz_skiplist *l, const struct quiz_rank *r);
/* Copies up to limit entries starting at 0-based offset; returns how many. */
size_t quiz_skiplist_range(const struct quiz_skiplist *l, size_t offset, size_t limit,
                           struct quiz_rank *out);
size_t quiz_skiplist_len(const struct quiz_skiplist *l);

/* ---- prize draw (quiz_draw.c, quiz_draw_db.c) ---- */

/* hex SHA-256 of bytes. */
void quiz_sha256_hex(const void *bytes, size_t n, char out[QUIZ_HASH_HEX]);
/* The draw: a Fisher–Yates shuffle of the eligible list (n attempt ids, ascending) driven by
 * SHA-256(seed || "tala-quiz-draw" || counter as 8 bytes big-endian) read as 64-bit
 * big-endian numbers, uniform by rejection; winners are the first k of the shuffle.
 * Writes min(k, n) ids into winners; returns that number. */
size_t quiz_draw_winners(const unsigned char seed[QUIZ_SEED_BYTES], const int64_t *eligible,
                         size_t n, size_t k, int64_t *winners);
/* The frozen list's text: each id in decimal followed by "\n". */
char *quiz_draw_list_text(struct arena *a, const int64_t *ids, size_t n);

struct quiz_draw_result {
	int64_t campaign_id, drawn_at;
	char seed_hex[QUIZ_HASH_HEX];
	char commitment[QUIZ_HASH_HEX];
	char list_hash[QUIZ_HASH_HEX];
	int64_t *eligible;
	size_t neligible;
	int64_t *winners;
	size_t nwinners;
	size_t prizes; /* winners asked for (more than the list holds: all of it) */
};
/* The eligible attempts (counted per participant by the campaign's rule, score ≥ pass mark,
 * not excluded, not active), ascending ids, into the arena; on any connection. */
int quiz_draw_eligible_db(sqlite3 *db, struct arena *a, const struct quiz_campaign *c,
                          int64_t **ids, size_t *n);
/* Write closure: closes the campaign's active attempts as expired, freezes the eligible list,
 * draws the winners into *r (r->drawn_at set by the caller) and stores the draw; ERR with
 * `exists` when the campaign was drawn before. */
struct quiz_draw_write {
	const struct quiz_campaign *c;
	struct arena *arena; /* for r's lists */
	struct quiz_draw_result *r;
	int64_t by_user;
	bool exists; /* out */
};
int quiz_draw_write(sqlite3 *db, void *ctx);
/* Reads a stored draw (with the seed) into r; ERR when none. */
int quiz_draw_get(struct store *s, struct arena *a, int64_t campaign_id,
                  struct quiz_draw_result *r);
/* Recomputes a draw from its parts: commitment = SHA-256(seed), list_hash = SHA-256(list
 * text), winners = quiz_draw_winners. Returns NULL when all agree, else what differs. */
const char *quiz_draw_check(const struct quiz_draw_result *r);
/* The draw as JSON (what the API publishes and draw-verify --file reads). */
json_t *quiz_draw_json(const struct quiz_draw_result *r);
/* Parses that JSON back; ERR with a reason in err. */
int quiz_draw_from_json(json_t *j, struct arena *a, struct quiz_draw_result *r, char *err,
                        size_t errlen);

/* `tala quiz draw CAMPAIGN` and `tala quiz draw-verify CAMPAIGN | --file FILE` (quiz_draw_cli.c).
 */
int quiz_cli_draw(int argc, char **argv);
int quiz_cli_draw_verify(int argc, char **argv);

/* ---- HTTP (quiz_http_*.c) ---- */

/* The keyed hash of the client's network (/24 for IPv4, /48 for IPv6); false when the
 * address does not parse. */
bool quiz_net_hash(const char *ip, unsigned char out[16]);

void quiz_run_mount(struct router *r);

#endif
