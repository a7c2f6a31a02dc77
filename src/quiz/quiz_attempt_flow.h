/* quiz_attempt_flow.h: the participant's way through an attempt, shared by the quiz API and
 * the quiz pages inside the module (see quiz_attempt_flow.c). Not for other modules. */
#ifndef TALA_QUIZ_ATTEMPT_FLOW_H
#define TALA_QUIZ_ATTEMPT_FLOW_H

#include "quiz/quiz.h"

/* Why a flow step was refused: HTTP status, error code, field (may be NULL), catalog key. */
struct quiz_flow_error {
	int status;
	const char *code, *field, *key;
	int retry_after; /* seconds, for 429 */
	int index;       /* batch: which answer */
};

struct quiz_start_req {
	struct quiz_start w;
	struct quiz_campaign c;
	char token[64]; /* the new attempt token (given to the participant once) */
	struct req *rq; /* whose audit entry the write names (see start_write) */
};

struct quiz_answer_req {
	struct quiz_answer_write w;
	struct quiz_attempt at;
	struct quiz_item item;
};

struct quiz_finish_req {
	struct quiz_finish_write w;
	struct quiz_attempt at;
};

/* Several answers (and optionally the finish) in one write; the caller fills n, answers[i].
 * position, opts/nopts/texts, finish and fin.attempt_id. */
struct quiz_batch_req {
	int n;
	struct quiz_answer_write *answers;
	const int64_t **opts;
	int *nopts;
	const char **texts;
	bool finish;
	struct quiz_finish_write fin;
	struct quiz_attempt at;
	bool closed; /* out */
};

int64_t quiz_flow_now(void);
/* Reads campaign id (404 when unknown). */
int quiz_flow_campaign(struct req *rq, int64_t id, struct quiz_campaign *c,
                       struct quiz_flow_error *e);
/* Checks and queues a start; then() gets rq->write_ctx = &quiz_start_req.w (the struct's
 * first member). */
int quiz_flow_start(struct req *rq, int64_t campaign_id, handler_fn then,
                    struct quiz_flow_error *e);
void quiz_flow_started(struct req *rq, struct quiz_start_req *s);
/* Loads the caller's attempt (and item, 1-based, when item > 0) after checking owner and
 * token. */
int quiz_flow_own(struct req *rq, int64_t id, const char *token, struct quiz_attempt *at, int item,
                  struct quiz_item *it, struct quiz_flow_error *e);
int quiz_flow_answer(struct req *rq, int64_t id, const char *token, int position,
                     const int64_t *opts, int nopts, const char *text, handler_fn then,
                     struct quiz_flow_error *e);
int quiz_flow_answered(struct req *rq, struct quiz_answer_req *a, struct quiz_flow_error *e);
int quiz_flow_batch(struct req *rq, struct quiz_batch_req *b, const char *token, handler_fn then,
                    struct quiz_flow_error *e);
int quiz_flow_batched(struct req *rq, struct quiz_batch_req *b, struct quiz_flow_error *e);
int quiz_flow_finish(struct req *rq, int64_t id, const char *token, handler_fn then,
                     struct quiz_flow_error *e);
int quiz_flow_finished(struct req *rq, struct quiz_finish_req *f, struct quiz_flow_error *e);
/* Puts a closed attempt on the leaderboards. */
void quiz_flow_board_add(struct req *rq, int64_t attempt_id);

#endif
