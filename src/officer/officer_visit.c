/* officer_visit.c: the visit queue behind the redirect, the rules that leave a request
 * uncounted, the hashing of readers and networks, and the flusher thread that writes queued
 * visits through the writer in batches (every officer.flush_ms, and at shutdown). Owns the
 * process's queue and flusher; the SQL is officer_visits_insert (officer_db.c).
 *
 * The request thread only appends a fixed-size record under a mutex; the reader token and
 * the client address are hashed by the flusher and never stored. A crash loses at most the
 * visits queued since the last flush (officer.flush_ms); SIGTERM flushes them. When a flush
 * fails the visits stay queued for the next one; past OFFICER_QUEUE_MAX queued visits
 * further ones are dropped and counted in the log (the writer is then far behind). */
#include "officer/officer_internal.h"
#include "auth/auth.h"
#include "base/clock.h"
#include "base/common.h"
#include "base/log.h"
#include "reads/reads.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define OFFICER_QUEUE_MAX (4u << 20)

const char *const officer_channels[CHANNEL_COUNT] = {"link", "qr", "wechat", "qq"};

int officer_channel(const char *s)
{
	if (s)
		for (int i = 0; i < CHANNEL_COUNT; i++)
			if (strcmp(s, officer_channels[i]) == 0)
				return i;
	return CHANNEL_LINK;
}

void officer_day(int64_t ms, char out[11])
{
	reads_day(ms >= 0 ? ms / 1000 : (ms - 999) / 1000, out);
}

/* ---- what is not counted ----
 * User agents containing any of these (case-insensitive) are bots or link previewers: search
 * crawlers ("bot", "spider", "crawl", "slurp"), the preview fetchers of messaging apps and
 * social sites (facebookexternalhit, Twitterbot, TelegramBot, Slackbot and Slack-ImgProxy,
 * WhatsApp, Discordbot, LinkedInBot, SkypeUriPreview, vkShare, Pinterest, Embedly, QQ's
 * and WeChat's URL checkers), and non-browser clients (curl, Wget, python-requests,
 * Go-http-client, okhttp, Java, libwww, HeadlessChrome). WeChat's and QQ's in-app browsers
 * (MicroMessenger, QQ/) are readers and are counted. An empty User-Agent is not counted. */
static const char *const bot_markers[] = {
    "bot",
    "spider",
    "crawl",
    "slurp",
    "facebookexternalhit",
    "facebookcatalog",
    "whatsapp",
    "slack-imgproxy",
    "skypeuripreview",
    "vkshare",
    "pinterest",
    "embedly",
    "preview",
    "qq-url-manager",
    "wechat-url",
    "curl/",
    "wget/",
    "python-",
    "go-http-client",
    "okhttp",
    "java/",
    "libwww",
    "headlesschrome",
    "httpclient",
    "scrapy",
};

bool officer_ua_is_bot(const char *ua)
{
	if (!ua || !*ua)
		return true;
	for (size_t i = 0; i < ARRAY_LEN(bot_markers); i++)
		if (strcasestr(ua, bot_markers[i]))
			return true;
	return false;
}

static bool header_has(struct req *rq, const char *name, const char *word)
{
	const char *v = req_header(rq, name);
	return v && strcasestr(v, word);
}

const char *officer_visit_excluded(struct req *rq)
{
	if (strcmp(rq->method, "GET") != 0)
		return "method";
	if (header_has(rq, "Purpose", "prefetch") || header_has(rq, "Sec-Purpose", "prefetch") ||
	    header_has(rq, "X-Moz", "prefetch") || header_has(rq, "X-Purpose", "preview"))
		return "prefetch";
	if (officer_ua_is_bot(req_header(rq, "User-Agent")))
		return "bot";
	return NULL;
}

/* ---- hashing ---- */

static unsigned char reader_key[32], net_key[32];

int officer_visit_keys_load(void)
{
	if (auth_subkey("officer.reader", reader_key) != OK ||
	    auth_subkey("officer.network", net_key) != OK)
		return ERR;
	return OK;
}

void officer_visit_hash(const struct visit_raw *v, struct visit_row *out)
{
	out->link_id = v->link_id;
	out->officer_id = v->officer_id;
	out->target_id = v->target_id;
	out->at_ms = v->at_ms;
	out->kind = v->kind;
	out->channel = v->channel;
	out->self_click = v->self_click;
	officer_day(v->at_ms, out->day);
	/* the day is part of the hashed message: the same reader hashes differently each day */
	crypto_generichash_state st;
	crypto_generichash_init(&st, reader_key, sizeof reader_key, sizeof out->reader_hash);
	crypto_generichash_update(&st, (const unsigned char *)out->day, 10);
	crypto_generichash_update(&st, (const unsigned char *)v->token, sizeof v->token);
	crypto_generichash_final(&st, out->reader_hash, sizeof out->reader_hash);
	/* the network: /24 of IPv4, /48 of IPv6; the text itself when it is neither */
	unsigned char net[17] = {0};
	size_t nlen;
	char client[sizeof v->client + 1];
	memcpy(client, v->client, sizeof v->client);
	client[sizeof v->client] = '\0';
	if (inet_pton(AF_INET, client, net + 1) == 1) {
		net[0] = 4;
		net[4] = 0;
		nlen = 4;
	} else if (inet_pton(AF_INET6, client, net + 1) == 1) {
		net[0] = 6;
		memset(net + 7, 0, 10);
		nlen = 17;
	} else {
		crypto_generichash(out->net_hash, sizeof out->net_hash,
		                   (const unsigned char *)client, strlen(client), net_key,
		                   sizeof net_key);
		return;
	}
	crypto_generichash(out->net_hash, sizeof out->net_hash, net, nlen, net_key, sizeof net_key);
}

/* ---- the queue and its flusher ---- */

static struct {
	pthread_mutex_t lock;
	struct visit_raw *items;
	size_t n, cap;
	uint64_t dropped;
	struct store *store;
	int flush_ms;
	bool stop, running;
	pthread_t thread;
	pthread_cond_t wake;
	pthread_mutex_t flush_lock; /* one flush at a time */
} q = {PTHREAD_MUTEX_INITIALIZER, NULL, 0, 0, 0, NULL, 0, false, false, 0, PTHREAD_COND_INITIALIZER,
       PTHREAD_MUTEX_INITIALIZER};

void officer_visit_queue(const struct visit_raw *v)
{
	pthread_mutex_lock(&q.lock);
	if (q.n == q.cap) {
		size_t ncap = q.cap ? q.cap * 2 : 4096;
		struct visit_raw *ni =
		    ncap <= OFFICER_QUEUE_MAX ? realloc(q.items, ncap * sizeof *ni) : NULL;
		if (!ni) {
			q.dropped++;
			pthread_mutex_unlock(&q.lock);
			return;
		}
		q.items = ni;
		q.cap = ncap;
	}
	q.items[q.n++] = *v;
	pthread_mutex_unlock(&q.lock);
}

int officer_visits_flush(void)
{
	pthread_mutex_lock(&q.flush_lock);
	pthread_mutex_lock(&q.lock);
	struct visit_raw *items = q.items;
	size_t n = q.n;
	uint64_t dropped = q.dropped;
	q.items = NULL;
	q.n = q.cap = 0;
	q.dropped = 0;
	pthread_mutex_unlock(&q.lock);
	if (dropped)
		log_msg(LOG_ERROR, "officer.visits_dropped",
		        "%llu visits dropped: the queue was full", (unsigned long long)dropped);
	int rc = OK;
	if (n && q.store) {
		struct visit_row *rows = malloc(n * sizeof *rows);
		if (!rows)
			abort();
		for (size_t i = 0; i < n; i++)
			officer_visit_hash(&items[i], &rows[i]);
		struct visit_batch b = {rows, n};
		rc = store_write(q.store, officer_visits_insert, &b);
		free(rows);
		if (rc != OK) { /* put them back in front of what came meanwhile */
			pthread_mutex_lock(&q.lock);
			size_t total = n + q.n;
			struct visit_raw *merged = malloc(total * sizeof *merged);
			if (!merged)
				abort();
			memcpy(merged, items, n * sizeof *merged);
			if (q.n)
				memcpy(merged + n, q.items, q.n * sizeof *merged);
			free(q.items);
			q.items = merged;
			q.n = q.cap = total;
			pthread_mutex_unlock(&q.lock);
			log_msg(LOG_WARN, "officer.flush",
			        "write failed; %zu visits kept for the next flush", n);
		}
	}
	free(items);
	pthread_mutex_unlock(&q.flush_lock);
	return rc;
}

size_t officer_visits_pending(void)
{
	pthread_mutex_lock(&q.lock);
	size_t n = q.n;
	pthread_mutex_unlock(&q.lock);
	return n;
}

static void *flusher(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&q.lock);
	while (!q.stop) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		int64_t ns = ts.tv_nsec + (int64_t)q.flush_ms * 1000000;
		ts.tv_sec += ns / 1000000000;
		ts.tv_nsec = ns % 1000000000;
		while (!q.stop && pthread_cond_timedwait(&q.wake, &q.lock, &ts) == 0)
			;
		if (q.stop)
			break;
		pthread_mutex_unlock(&q.lock);
		officer_visits_flush();
		pthread_mutex_lock(&q.lock);
	}
	pthread_mutex_unlock(&q.lock);
	return NULL;
}

int officer_start(struct app *app)
{
	if (officer_keys_load() != OK || officer_visit_keys_load() != OK) {
		log_msg(LOG_ERROR, "officer.start", "keys not loaded: share links are off");
		return ERR;
	}
	if (officer_cache_load(app->store) != OK)
		log_msg(LOG_ERROR, "officer.start", "cannot load the share links");
	q.store = app->store;
	q.flush_ms = app->cfg->officer_flush_ms > 0 ? app->cfg->officer_flush_ms : 1000;
	q.stop = false;
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_destroy(&q.wake);
	pthread_cond_init(&q.wake, &ca);
	pthread_condattr_destroy(&ca);
	q.running = pthread_create(&q.thread, NULL, flusher, NULL) == 0;
	if (!q.running)
		log_msg(LOG_ERROR, "officer.start",
		        "cannot start the flusher: visits flush at shutdown");
	return OK;
}

void officer_stop(void)
{
	pthread_mutex_lock(&q.lock);
	q.stop = true;
	pthread_cond_signal(&q.wake);
	pthread_mutex_unlock(&q.lock);
	if (q.running)
		pthread_join(q.thread, NULL);
	q.running = false;
	if (officer_visits_flush() != OK)
		log_msg(LOG_ERROR, "officer.flush", "%zu visits lost at shutdown",
		        officer_visits_pending());
	q.store = NULL;
	officer_cache_clear();
}
