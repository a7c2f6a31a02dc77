/* quiz_bank.h: the quiz question bank (migration 0008): questions in Mongolian and/or
 * Chinese of four kinds (single, multi, truefalse, fill), their options and accepted
 * fill-in answers, version history; what campaigns and attempts (quiz.h) may call to load
 * questions, and the bank's own checks, writes, import/export and statistics.
 *
 * Functions taking a `struct store *` read through the calling thread's reader; those
 * taking a `sqlite3 *` run on the given connection (inside a write closure on the writer).
 * Results live in the caller's arena. Write closures report through their struct's
 * `result` (QUIZ_INVALID with field + catalog key, QUIZ_NOT_FOUND, QUIZ_STALE); ERR with
 * result QUIZ_OK means a database error. */
#ifndef TALA_QUIZ_BANK_H
#define TALA_QUIZ_BANK_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/strbuf.h"
#include "store/store.h"

struct router;

#define QUIZ_STEM_MAX        2000 /* characters of a stem */
#define QUIZ_EXPLANATION_MAX 4000 /* characters of an explanation */
#define QUIZ_OPTION_MAX      500  /* characters of an option's text */
#define QUIZ_OPTIONS_MAX     10   /* options of a choice question */
#define QUIZ_ANSWERS_MAX     20   /* accepted answers of a fill-in question */
#define QUIZ_ANSWER_MAX      200  /* characters of an accepted answer */
#define QUIZ_CATEGORY_MAX    60   /* characters of a category */
#define QUIZ_TAGS_MAX        20   /* tags of a question */
#define QUIZ_TAG_MAX         40   /* characters of a tag */
#define QUIZ_PAGE_MAX        200  /* questions per list page */

enum quiz_result { QUIZ_OK, QUIZ_INVALID, QUIZ_NOT_FOUND, QUIZ_STALE };

struct quiz_option {
	int64_t id;   /* 0 before it is saved */
	int position; /* 1-based authoring order */
	const char *text_mn, *text_zh;
	bool correct;
};

struct quiz_accepted {
	const char *answer; /* as the author typed it */
	const char *key;    /* quiz_answer_key(answer) */
};

struct quiz_question {
	int64_t id;
	const char *kind; /* "single", "multi", "truefalse", "fill" */
	const char *category;
	int difficulty;   /* 1..5 */
	const char *tags; /* comma-separated, no spaces around commas */
	const char *stem_mn, *stem_zh;
	const char *explanation_mn, *explanation_zh;
	const char *status; /* "active", "retired" */
	int64_t version;
	int64_t created_by; /* 0: the CLI */
	int64_t created_at, updated_at;
	struct quiz_option *options; /* by position; truefalse: 1 = true, 2 = false */
	size_t n_options;
	struct quiz_accepted *answers; /* fill only */
	size_t n_answers;
};

/* ---- what campaigns and attempts use ---- */

/* The comparison key of a fill-in answer: text-engine normalisation (Mongolian → shape
 * key, NFKC/width fold, case fold, traditional→simplified, whitespace collapsed). */
const char *quiz_answer_key(struct arena *a, const char *text);

/* Reads question id with its options (by position) and accepted answers. Returns OK,
 * QUIZ_NOT_FOUND, or ERR on a database error. quiz_question_get reads through the
 * thread's reader; quiz_question_load on db (e.g. in a write closure). */
int quiz_question_get(struct store *s, struct arena *a, int64_t id, struct quiz_question *out);
int quiz_question_load(sqlite3 *db, struct arena *a, int64_t id, struct quiz_question *out);

/* The ids of the active questions of `category` (NULL: every category), ascending.
 * Returns OK or ERR. */
int quiz_bank_active_ids(struct store *s, struct arena *a, const char *category, int64_t **ids,
                         size_t *n);

/* Whether `answer` matches one of q's accepted answers (by quiz_answer_key). */
bool quiz_fill_accepts(struct arena *a, const struct quiz_question *q, const char *answer);

/* Whether the chosen option ids (sorted or not, no duplicates) are exactly q's correct
 * options (single, multi, truefalse). */
bool quiz_choice_correct(const struct quiz_question *q, const int64_t *chosen, size_t n);

/* Whether s names a kind / a status. */
bool quiz_kind_valid(const char *s);
bool quiz_status_valid(const char *s);

/* ---- the bank's own API ---- */

/* The fixed option texts of true/false questions: position 1 is "true", 2 is "false". */
extern const char *const quiz_truefalse_zh[2];
extern const char *const quiz_truefalse_mn[2];

/* Checks and cleans q in place (outside the writer): kind, status, at least one stem,
 * lengths, difficulty, category and tags (trimmed, deduplicated), options (2..MAX for
 * choices with texts in the question's languages; exactly one correct for single and
 * truefalse, at least one for multi; truefalse gets the two fixed options), accepted
 * answers for fill (≥1, keys computed, duplicates by key dropped), text normalized.
 * Returns OK, or ERR with the JSON field name ("stem", "options[2].text_zh", ...) and a
 * catalog key of i18n/quiz_bank. */
int quiz_question_check(struct arena *a, struct quiz_question *q, const char **field,
                        const char **error_key);

/* Write closure: creates (q.id 0) or updates a checked question and records its revision.
 * Update: QUIZ_STALE when `version` is not the current one, QUIZ_NOT_FOUND when unknown;
 * options are updated by position (ids kept), extra positions deleted. */
struct quiz_save {
	struct quiz_question q; /* checked; on update q.version is the version the editor saw */
	int64_t user_id;        /* 0: the CLI */
	int64_t now_ms;
	/* out */
	int64_t new_id, new_version;
	enum quiz_result result;
};
int quiz_question_save(sqlite3 *db, void *ctx);

/* The API's JSON of a question (options with ids and `correct`, accepted answers). */
json_t *quiz_question_json(const struct quiz_question *q);
/* Parses the API's JSON into q (unchecked). ERR with the field and a catalog key when a
 * member has the wrong type. */
int quiz_question_from_json(struct arena *a, json_t *j, struct quiz_question *q, const char **field,
                            const char **error_key);

/* A list filter; NULL / 0 members match anything. */
struct quiz_filter {
	const char *kind, *category, *status, *tag, *lang; /* lang: has a stem in it */
	int difficulty;
	const char *q;    /* substring of a stem */
	int64_t after_id; /* paging: ids greater than this */
	int limit;        /* 1..QUIZ_PAGE_MAX */
};
struct quiz_page {
	struct quiz_question *items; /* without options and answers */
	size_t n;
	int64_t total;
	int64_t next; /* the after_id of the next page, 0 on the last */
};
int quiz_questions_list(struct store *s, struct arena *a, const struct quiz_filter *f,
                        struct quiz_page *out);

/* The categories in use (active questions), ascending. */
int quiz_categories(struct store *s, struct arena *a, const char ***out, size_t *n);

struct quiz_revision {
	int64_t version, saved_by, saved_at;
	const char *snapshot;
};
/* A question's revisions, newest first. */
int quiz_revisions_list(struct store *s, struct arena *a, int64_t id, struct quiz_revision **out,
                        size_t *n);

/* ---- import and export (quiz_gift.c, quiz_csv.c, quiz_bank_io.c; docs/quiz.md) ---- */

/* One question of an import file, or why it was rejected. */
struct quiz_import_item {
	int line;               /* 1-based line where the question (CSV: the row) starts */
	struct quiz_question q; /* what was read; checked when error_key is NULL */
	const char *field;      /* on error: the field concerned, or NULL */
	const char *error_key;  /* NULL: valid; else a catalog key of the reason */
	const char *detail;     /* on error: what was found (a short excerpt), or NULL */
};
struct quiz_import {
	struct quiz_import_item *items;
	size_t n, n_errors;
	size_t cap;
};

/* Reads a Moodle GIFT file (the subset in docs/quiz.md) / a CSV file (UTF-8, optional BOM,
 * RFC 4180, the columns in docs/quiz.md) into out: one item per question or rejected part,
 * each question checked with quiz_question_check. Never fails on bad bytes: they become
 * rejected items. Returns OK. */
int quiz_gift_parse(struct arena *a, const char *s, size_t n, struct quiz_import *out);
int quiz_csv_parse(struct arena *a, const char *s, size_t n, struct quiz_import *out);
/* Adds a rejected item to out. Returns OK. */
int quiz_import_reject(struct arena *a, struct quiz_import *out, int line, const char *field,
                       const char *key, const char *detail);
/* Adds a read question to out, checking it (a failed check makes it a rejected item).
 * Returns OK. */
int quiz_import_add(struct arena *a, struct quiz_import *out, int line, struct quiz_question *q);

/* Appends q in GIFT / as one CSV row; prev_category is the category of the question
 * written before (NULL for the first), so GIFT writes $CATEGORY only when it changes. */
void quiz_gift_write(struct strbuf *out, const struct quiz_question *q, const char *prev_category);
void quiz_csv_header(struct strbuf *out);
void quiz_csv_row(struct strbuf *out, const struct quiz_question *q);

/* Write closure: saves the valid items of imp as new questions, all in this one transaction
 * (or none: ERR when any save fails). */
struct quiz_import_run {
	struct quiz_import *imp;
	int64_t user_id, now_ms;
	size_t imported; /* out */
};
int quiz_import_save(sqlite3 *db, void *ctx);

enum quiz_format { QUIZ_GIFT, QUIZ_CSV };
/* Appends every question (status NULL: any) in the format, by category then id. */
int quiz_bank_export(struct store *s, struct arena *a, enum quiz_format f, const char *status,
                     struct strbuf *out);

void quiz_bank_mount(struct router *r);

#endif
