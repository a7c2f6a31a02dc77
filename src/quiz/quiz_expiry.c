/* quiz_expiry.c: the background expiry of timed-out attempts — one thread that closes active
 * attempts whose deadline plus quiz.grace_ms has passed as `expired` (scored from their
 * answered items, quiz_expire_write through the writer, waiting for the commit), then drops
 * them from the attempt cache and puts them on the leaderboards, so boards and statistics do
 * not wait for the participant to come back or for the draw. It sleeps until the earliest
 * active deadline plus grace, or at most quiz.expire_seconds (which also covers attempts
 * started meanwhile, and writes by other processes). Runs on a base/ticker thread. */
#include "base/arena.h"
#include "base/clock.h"
#include "base/common.h"
#include "base/log.h"
#include "base/ticker.h"
#include "quiz/quiz.h"

#include <stdatomic.h>
#include <stdlib.h>

#define MIN_WAIT_MS 1000 /* the wait after a failed sweep (no spinning on a locked database) */

struct expiry {
	struct store *st;
	int64_t grace_ms, max_wait_ms;
	struct ticker *ticker;
};

static _Atomic(struct expiry *) the_expiry;

/* The earliest deadline of an active attempt, or 0 when none (or on a read error). */
static int64_t next_deadline(struct store *st)
{
	sqlite3_stmt *q = store_stmt(st, "SELECT min(deadline_at) FROM quiz_attempts"
	                                 " WHERE status = 'active'");
	if (!q)
		return 0;
	int64_t next = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_reset(q);
	return next;
}

/* Closes what is due (in batches) and returns how long to wait for the next one, in ms. */
static int64_t sweep_once(void *arg)
{
	struct expiry *e = arg;
	struct quiz_expire_run *r = malloc(sizeof *r);
	if (!r)
		return MIN_WAIT_MS;
	bool failed = false;
	do {
		r->now_ms = clock_wall_ms();
		r->grace_ms = e->grace_ms;
		if (store_write(e->st, quiz_expire_write, r) != OK) {
			log_msg(LOG_WARN, "quiz.expire", "the expiry failed; trying again later");
			failed = true;
			break;
		}
		struct arena a;
		arena_init(&a, 4096);
		for (int i = 0; i < r->n; i++) {
			quiz_cache_forget(r->ids[i]);
			quiz_board_add_attempt(e->st, &a, r->ids[i]);
		}
		arena_free(&a);
	} while (r->n == QUIZ_EXPIRE_BATCH);
	free(r);
	if (failed)
		return MIN_WAIT_MS;
	int64_t wait = e->max_wait_ms, next = next_deadline(e->st);
	if (next) {
		int64_t until = next + e->grace_ms + 1 - clock_wall_ms();
		wait = until <= 0 ? MIN_WAIT_MS : until < wait ? until : wait;
	}
	return wait;
}

int quiz_expiry_start(struct store *s, int grace_ms, int max_wait_s)
{
	struct expiry *e = calloc(1, sizeof *e);
	if (!e)
		return ERR;
	e->st = s;
	e->grace_ms = grace_ms;
	e->max_wait_ms = (int64_t)(max_wait_s > 0 ? max_wait_s : 10) * 1000;
	e->ticker = ticker_start(sweep_once, e);
	if (!e->ticker) {
		log_msg(LOG_ERROR, "quiz.expire", "cannot start the expiry thread");
		free(e);
		return ERR;
	}
	atomic_store(&the_expiry, e);
	return OK;
}

void quiz_expiry_stop(void)
{
	struct expiry *e = atomic_exchange(&the_expiry, NULL);
	if (!e)
		return;
	ticker_stop(e->ticker);
	free(e);
}
