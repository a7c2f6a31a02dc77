/* sms_sender.c: the sender thread. It wakes when a commit queued messages (sms_kick) and
 * every SMS_SWEEP_S seconds (retries, and what a crash left pending), hands each pending
 * message to the gateway and records the outcome through the writer. One per process. */
#include "sms/sms_internal.h"
#include "base/clock.h"
#include "base/common.h"
#include "base/log.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define SMS_SWEEP_S 10
#define SMS_BATCH   64

static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	bool running, kicked;
	const struct config *cfg;
	struct store *store;
	sms_open_fn open;
} sender = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

/* Delivers every pending message (in batches); returns how many were handed over. */
static size_t deliver_pending(void)
{
	size_t total = 0;
	for (;;) {
		struct arena a;
		arena_init(&a, 4096);
		struct sms_message batch[SMS_BATCH];
		size_t n = sms_pending(sender.store, &a, sender.open, batch, SMS_BATCH);
		size_t sent = 0;
		for (size_t i = 0; i < n; i++) {
			char err[256] = "";
			struct sms_mark mk = {batch[i].id, clock_wall_ms(), false, err};
			mk.sent = sms_deliver(sender.cfg, &batch[i], err, sizeof err) == OK;
			if (mk.sent)
				sent++;
			else
				log_msg(LOG_WARN, "sms.failed", "%s", err);
			if (store_write(sender.store, sms_mark, &mk) != OK)
				log_msg(LOG_ERROR, "sms.mark", "message %lld",
				        (long long)batch[i].id);
			else if (mk.sent)
				log_msg(LOG_INFO, "sms.sent", "id=%lld gateway=%s",
				        (long long)batch[i].id, sender.cfg->sms_gateway);
		}
		arena_free(&a);
		total += sent;
		/* a full batch may have more behind it; stop when nothing moves */
		if (n < SMS_BATCH || sent == 0)
			return total;
	}
}

static void *sender_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&sender.lock);
	while (sender.running) {
		if (!sender.kicked) {
			struct timespec until;
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_sec += SMS_SWEEP_S;
			pthread_cond_timedwait(&sender.wake, &sender.lock, &until);
		}
		if (!sender.running)
			break;
		sender.kicked = false;
		pthread_mutex_unlock(&sender.lock);
		deliver_pending();
		pthread_mutex_lock(&sender.lock);
	}
	pthread_mutex_unlock(&sender.lock);
	return NULL;
}

int sms_start(const struct config *cfg, struct store *s, sms_open_fn open, char *err, size_t errlen)
{
	const char *why = sms_gateway_check(cfg);
	if (why) {
		snprintf(err, errlen, "%s", why);
		return ERR;
	}
	char dir[CONFIG_PATH_MAX + 16];
	snprintf(dir, sizeof dir, "%s/%s", cfg->data_dir, SMS_SPOOL_DIR);
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return ERR;
	}
	pthread_mutex_lock(&sender.lock);
	sender.cfg = cfg;
	sender.store = s;
	sender.open = open;
	sender.running = true;
	sender.kicked = true; /* what an earlier run left */
	int rc = pthread_create(&sender.thread, NULL, sender_main, NULL);
	if (rc != 0)
		sender.running = false;
	pthread_mutex_unlock(&sender.lock);
	if (rc != 0) {
		snprintf(err, errlen, "sms sender: %s", strerror(rc));
		return ERR;
	}
	return OK;
}

void sms_kick(void)
{
	pthread_mutex_lock(&sender.lock);
	sender.kicked = true;
	pthread_cond_signal(&sender.wake);
	pthread_mutex_unlock(&sender.lock);
}

void sms_stop(void)
{
	pthread_mutex_lock(&sender.lock);
	bool was = sender.running;
	sender.running = false;
	pthread_cond_signal(&sender.wake);
	pthread_mutex_unlock(&sender.lock);
	if (!was)
		return;
	pthread_join(sender.thread, NULL);
	deliver_pending();
}
