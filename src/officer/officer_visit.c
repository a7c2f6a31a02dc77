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
#include <stdatomic.h>
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

static inline unsigned char lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* Whether marker (lower case) starts at s (any case). */
static bool starts_with_lower(const char *s, const char *marker)
{
	for (; *marker; s++, marker++)
		if (lower((unsigned char)*s) != (unsigned char)*marker)
			return false;
	return true;
}

/* The markers by their first two bytes (lower case): a bit per pair, so that most positions
 * of a browser's User-Agent are passed over with one lookup; and for each first byte the
 * markers beginning with it (bit i: bot_markers[i]). */
static uint8_t first_pair[65536 / 8];
static uint32_t first_byte[256];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void tables_init(void)
{
	_Static_assert(ARRAY_LEN(bot_markers) <= 32, "one bit per marker");
	for (size_t i = 0; i < ARRAY_LEN(bot_markers); i++) {
		unsigned c0 = (unsigned char)bot_markers[i][0],
		         c1 = (unsigned char)bot_markers[i][1];
		first_byte[c0] |= 1u << i;
		unsigned pair = c0 << 8 | c1;
		first_pair[pair >> 3] |= (uint8_t)(1u << (pair & 7));
	}
}

bool officer_ua_is_bot(const char *ua)
{
	if (!ua || !*ua)
		return true;
	pthread_once(&tables_once, tables_init);
	/* one pass over the User-Agent (the hot path sees a browser's on every request) */
	for (const unsigned char *p = (const unsigned char *)ua; p[0] && p[1]; p++) {
		unsigned c0 = lower(p[0]), pair = c0 << 8 | lower(p[1]);
		if (!(first_pair[pair >> 3] & (1u << (pair & 7))))
			continue;
		for (uint32_t m = first_byte[c0]; m; m &= m - 1) {
			int i = __builtin_ctz(m);
			if (starts_with_lower((const char *)p + 2, bot_markers[i] + 2))
				return true;
		}
	}
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

/* SipHash-2-4 with 128-bit output (libsodium's siphashx24): a keyed PRF, fast enough for
 * the flusher to hash a hundred thousand visits a second without taking the cores from the
 * requests. Keys: the first 16 bytes of subkeys derived from the key file. */
static unsigned char reader_key[32], net_key[32];

int officer_visit_keys_load(void)
{
	if (auth_subkey("officer.reader", reader_key) != OK ||
	    auth_subkey("officer.network", net_key) != OK)
		return ERR;
	return OK;
}

static void prf(unsigned char out[16], const void *msg, size_t n, const unsigned char key[32])
{
	crypto_shorthash_siphashx24(out, msg, n, key);
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
	unsigned char msg[10 + sizeof v->token];
	memcpy(msg, out->day, 10);
	memcpy(msg + 10, v->token, sizeof v->token);
	prf(out->reader_hash, msg, sizeof msg, reader_key);
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
		prf(out->net_hash, client, strlen(client), net_key);
		return;
	}
	prf(out->net_hash, net, nlen, net_key);
}

/* ---- the queue and its flusher ---- */

static struct {
	pthread_mutex_t lock;
	struct visit_raw *items;
	size_t n, cap;
	struct visit_raw *spare; /* the other buffer: flushes swap them, keeping their memory */
	size_t spare_cap;
	uint64_t dropped;
	uint64_t queued, written; /* since start, for the log line at stop */
	struct store *store;
	int flush_ms;
	bool stop, running;
	pthread_t thread;
	pthread_cond_t wake;
	pthread_mutex_t flush_lock; /* one flush at a time */
} q = {.lock = PTHREAD_MUTEX_INITIALIZER,
       .wake = PTHREAD_COND_INITIALIZER,
       .flush_lock = PTHREAD_MUTEX_INITIALIZER};

static _Atomic uint64_t excluded; /* requests left uncounted by the rules */

void officer_visit_excluded_count(void)
{
	atomic_fetch_add_explicit(&excluded, 1, memory_order_relaxed);
}

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
	q.queued++;
	pthread_mutex_unlock(&q.lock);
}

int officer_visits_flush(void)
{
	pthread_mutex_lock(&q.flush_lock);
	pthread_mutex_lock(&q.lock);
	struct visit_raw *items = q.items;
	size_t n = q.n, cap = q.cap;
	uint64_t dropped = q.dropped;
	q.items = q.spare;
	q.cap = q.spare_cap;
	q.n = 0;
	q.spare = NULL;
	q.spare_cap = 0;
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
		int64_t t0 = clock_mono_ns();
		for (size_t i = 0; i < n; i++)
			officer_visit_hash(&items[i], &rows[i]);
		struct visit_batch b = {rows, n};
		rc = store_write(q.store, officer_visits_insert, &b);
		free(rows);
		if (rc == OK) {
			pthread_mutex_lock(&q.lock);
			q.written += n;
			pthread_mutex_unlock(&q.lock);
		}
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
			free(items);
			items = NULL;
		}
		log_msg(LOG_DEBUG, "officer.flush", "%zu visits in %lld us", n,
		        (long long)(clock_mono_ns() - t0) / 1000);
	}
	/* the drained buffer becomes the spare (its pages stay mapped for the next interval) */
	pthread_mutex_lock(&q.lock);
	if (items && !q.spare) {
		q.spare = items;
		q.spare_cap = cap;
		items = NULL;
	}
	pthread_mutex_unlock(&q.lock);
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
	log_msg(LOG_INFO, "officer.visits", "queued=%llu written=%llu excluded=%llu",
	        (unsigned long long)q.queued, (unsigned long long)q.written,
	        (unsigned long long)atomic_load(&excluded));
	q.store = NULL;
	pthread_mutex_lock(&q.lock); /* what a failed last flush kept is lost (logged above) */
	free(q.spare);
	free(q.items);
	q.spare = q.items = NULL;
	q.spare_cap = q.cap = q.n = 0;
	pthread_mutex_unlock(&q.lock);
	officer_cache_clear();
}
