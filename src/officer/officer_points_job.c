/* officer_points_job.c: runs the points batches — once to catch up (tests, CLI) and as the
 * server's background thread every points.interval_ms. Owns the thread and nothing else;
 * the batch itself is officer_points.c. */
#include "base/clock.h"
#include "base/common.h"
#include "base/log.h"
#include "officer/officer_points.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

/* One batch of at most r->batch visits; returns the visits it took, or -1. */
static int64_t points_one_batch(struct store *s, const struct points_rules *r)
{
	struct points_batch pb = {.rules = r, .now_ms = clock_wall_ms()};
	if (store_write(s, points_batch_write, &pb) != OK)
		return -1;
	return pb.visits;
}

int64_t points_catch_up(struct store *s, const struct points_rules *r)
{
	int64_t total = 0;
	for (;;) {
		int64_t n = points_one_batch(s, r);
		if (n < 0)
			return -1;
		total += n;
		if (n < r->batch)
			return total;
	}
}

struct points_job {
	struct store *store;
	struct points_rules rules;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	_Atomic bool stop; /* also read between batches, without the lock */
};

static struct points_job *the_job;

static void *job_main(void *arg)
{
	struct points_job *j = arg;
	pthread_mutex_lock(&j->lock);
	while (!j->stop) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		int64_t ns = ts.tv_nsec + (int64_t)j->rules.interval_ms * 1000000;
		ts.tv_sec += ns / 1000000000;
		ts.tv_nsec = ns % 1000000000;
		while (!j->stop && pthread_cond_timedwait(&j->wake, &j->lock, &ts) == 0)
			;
		if (j->stop)
			break;
		pthread_mutex_unlock(&j->lock);
		/* batch by batch, so a stop does not wait for a large backlog to be worked off
		 * (the cursor is durable: the next start goes on where this one stopped) */
		for (;;) {
			int64_t n = points_one_batch(j->store, &j->rules);
			if (n < 0)
				log_msg(LOG_WARN, "points.job",
				        "a batch failed; retried next time");
			if (n < j->rules.batch || j->stop)
				break;
		}
		pthread_mutex_lock(&j->lock);
	}
	pthread_mutex_unlock(&j->lock);
	return NULL;
}

void points_start(struct app *app)
{
	struct points_job *j = calloc(1, sizeof *j);
	if (!j)
		return;
	j->store = app->store;
	points_rules_from_config(app->cfg, &j->rules);
	pthread_mutex_init(&j->lock, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&j->wake, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&j->thread, NULL, job_main, j) != 0) {
		log_msg(LOG_ERROR, "points.start", "cannot start the points job");
		pthread_cond_destroy(&j->wake);
		pthread_mutex_destroy(&j->lock);
		free(j);
		return;
	}
	the_job = j;
}

void points_stop(void)
{
	struct points_job *j = the_job;
	if (!j)
		return;
	pthread_mutex_lock(&j->lock);
	j->stop = true;
	pthread_cond_signal(&j->wake);
	pthread_mutex_unlock(&j->lock);
	pthread_join(j->thread, NULL);
	pthread_cond_destroy(&j->wake);
	pthread_mutex_destroy(&j->lock);
	free(j);
	the_job = NULL;
}
