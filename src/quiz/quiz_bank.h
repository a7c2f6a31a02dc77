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

#endif
