/* ticker.c: the thread, lock and condition variable behind ticker.h; owns nothing else. */
#include "base/ticker.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

struct ticker {
	int64_t (*job)(void *arg);
	void *arg;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake; /* on CLOCK_MONOTONIC */
	bool stop, poked;
};

static void *run(void *p)
{
	struct ticker *t = p;
	pthread_mutex_lock(&t->lock);
	while (!t->stop) {
		t->poked = false;
		pthread_mutex_unlock(&t->lock);
		int64_t wait_ms = t->job(t->arg);
		if (wait_ms < 1)
			wait_ms = 1;
		pthread_mutex_lock(&t->lock);
		struct timespec until;
		clock_gettime(CLOCK_MONOTONIC, &until);
		int64_t ns = until.tv_nsec + (wait_ms % 1000) * 1000000;
		until.tv_sec += wait_ms / 1000 + ns / 1000000000;
		until.tv_nsec = ns % 1000000000;
		while (!t->stop && !t->poked &&
		       pthread_cond_timedwait(&t->wake, &t->lock, &until) != ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&t->lock);
	return NULL;
}

struct ticker *ticker_start(int64_t (*job)(void *arg), void *arg)
{
	struct ticker *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->job = job;
	t->arg = arg;
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_mutex_init(&t->lock, NULL);
	pthread_cond_init(&t->wake, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&t->thread, NULL, run, t) != 0) {
		pthread_cond_destroy(&t->wake);
		pthread_mutex_destroy(&t->lock);
		free(t);
		return NULL;
	}
	return t;
}

static void signal_locked(struct ticker *t, bool stop)
{
	pthread_mutex_lock(&t->lock);
	if (stop)
		t->stop = true;
	t->poked = true;
	pthread_cond_signal(&t->wake);
	pthread_mutex_unlock(&t->lock);
}

void ticker_poke(struct ticker *t)
{
	if (t)
		signal_locked(t, false);
}

void ticker_stop(struct ticker *t)
{
	if (!t)
		return;
	signal_locked(t, true);
	pthread_join(t->thread, NULL);
	pthread_cond_destroy(&t->wake);
	pthread_mutex_destroy(&t->lock);
	free(t);
}
