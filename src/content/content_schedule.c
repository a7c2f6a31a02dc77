/* content_schedule.c: the scheduler — one thread that publishes reviewed articles when their
 * publish_at comes and archives published ones when their unpublish_at passes, on time and
 * without a request triggering it. It runs the sweep (content_sweep, through the writer,
 * waiting for the commit), reads when the next scheduled change is due and sleeps until
 * then, or at most content.schedule_seconds (which covers writes by other processes, such
 * as the CLI); a content write in this process (content_touch) wakes it to re-read. */
#include "base/clock.h"
#include "base/common.h"
#include "base/log.h"
#include "content/content.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#define MIN_WAIT_MS 1000 /* the wait after a failed sweep (no spinning on a locked database) */

struct scheduler {
	struct store *st;
	int64_t max_wait_ms;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake; /* on CLOCK_MONOTONIC */
	bool stop, poked;
};

static _Atomic(struct scheduler *) the_scheduler;

/* Runs the sweep when a scheduled change is due (only then: no write otherwise); returns
 * how long to wait for the next one, in ms. */
static int64_t sweep_once(struct scheduler *s)
{
	int64_t next = 0;
	if (content_next_due(s->st, &next) == OK && next && next <= clock_wall_ms()) {
		struct content_sweep_run r = {.now_ms = clock_wall_ms()};
		if (store_write(s->st, content_sweep, &r) != OK)
			log_msg(LOG_WARN, "content.schedule",
			        "the sweep failed; trying again later");
		else if (r.published + r.archived > 0)
			content_touch();
		if (content_next_due(s->st, &next) != OK)
			next = 0;
	}
	int64_t wait = s->max_wait_ms;
	if (next) {
		int64_t until = next - clock_wall_ms();
		/* due already: the sweep just failed (or the clock moved); try again a bit later */
		wait = until <= 0 ? MIN_WAIT_MS : until < wait ? until : wait;
	}
	return wait;
}

static void *run(void *arg)
{
	struct scheduler *s = arg;
	pthread_mutex_lock(&s->lock);
	while (!s->stop) {
		s->poked = false;
		pthread_mutex_unlock(&s->lock);
		int64_t wait_ms = sweep_once(s);
		pthread_mutex_lock(&s->lock);
		struct timespec until;
		clock_gettime(CLOCK_MONOTONIC, &until);
		int64_t ns = until.tv_nsec + (wait_ms % 1000) * 1000000;
		until.tv_sec += wait_ms / 1000 + ns / 1000000000;
		until.tv_nsec = ns % 1000000000;
		while (!s->stop && !s->poked &&
		       pthread_cond_timedwait(&s->wake, &s->lock, &until) != ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

int content_scheduler_start(struct store *st, int max_wait_s)
{
	struct scheduler *s = calloc(1, sizeof *s);
	if (!s)
		return ERR;
	s->st = st;
	s->max_wait_ms = (int64_t)(max_wait_s > 0 ? max_wait_s : 60) * 1000;
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->wake, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&s->thread, NULL, run, s) != 0) {
		log_msg(LOG_ERROR, "content.schedule", "cannot start the scheduler thread");
		pthread_cond_destroy(&s->wake);
		pthread_mutex_destroy(&s->lock);
		free(s);
		return ERR;
	}
	atomic_store(&the_scheduler, s);
	return OK;
}

void content_scheduler_poke(void)
{
	struct scheduler *s = atomic_load(&the_scheduler);
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	s->poked = true;
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->lock);
}

void content_scheduler_stop(void)
{
	struct scheduler *s = atomic_exchange(&the_scheduler, NULL);
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	s->stop = true;
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->thread, NULL);
	pthread_cond_destroy(&s->wake);
	pthread_mutex_destroy(&s->lock);
	free(s);
}
