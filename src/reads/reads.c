/* reads.c: the in-memory side of reading counts (see reads.h): who the reader is, the
 * per-day de-duplication set, the pending counts and the thread that flushes them through
 * the writer. Owns no table; reads_db.c holds the SQL. */
#include "reads/reads.h"
#include "auth/auth.h"
#include "base/common.h"
#include "base/clock.h"
#include "base/log.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BEIJING_OFFSET_S (8 * 3600)

/* Open-addressing set of 64-bit keys (0 marks an empty slot). */
struct keyset {
	uint64_t *slots;
	size_t cap, n; /* cap: a power of two */
};

/* Open-addressing map (article, site, day) -> count. */
struct countmap {
	struct reads_row *rows; /* count 0: empty slot */
	size_t cap, n;
};

struct reads {
	struct store *store;
	pthread_mutex_t lock;
	unsigned char key[crypto_shorthash_KEYBYTES]; /* per process, never stored */
	int32_t day;                                  /* the day `seen` is for */
	struct keyset seen;
	bool full_logged;
	struct countmap pending;
	int64_t pending_views;
	/* flusher */
	int flush_s;
	bool stop, running;
	pthread_t thread;
	pthread_cond_t wake;
	pthread_mutex_t flush_lock; /* one flush at a time */
};

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	return x ^ (x >> 33);
}

/* Adds k to set; returns true when it was not there. Grows up to READS_SET_MAX. */
static bool keyset_add(struct keyset *s, uint64_t k, bool *full)
{
	*full = false;
	if ((s->n + 1) * 10 > s->cap * 7) {
		if (s->cap >= READS_SET_MAX) {
			*full = true;
			return true;
		}
		size_t ncap = s->cap ? s->cap * 2 : 4096;
		uint64_t *ns = calloc(ncap, sizeof *ns);
		if (!ns) {
			*full = true;
			return true;
		}
		for (size_t i = 0; i < s->cap; i++) {
			if (!s->slots[i])
				continue;
			size_t j = mix64(s->slots[i]) & (ncap - 1);
			while (ns[j])
				j = (j + 1) & (ncap - 1);
			ns[j] = s->slots[i];
		}
		free(s->slots);
		s->slots = ns;
		s->cap = ncap;
	}
	size_t j = mix64(k) & (s->cap - 1);
	while (s->slots[j]) {
		if (s->slots[j] == k)
			return false;
		j = (j + 1) & (s->cap - 1);
	}
	s->slots[j] = k;
	s->n++;
	return true;
}

static void keyset_clear(struct keyset *s)
{
	free(s->slots);
	*s = (struct keyset){0};
}

static size_t row_hash(int64_t article, int64_t site, int32_t day, size_t mask)
{
	return mix64((uint64_t)article * 0x9e3779b97f4a7c15ULL ^ (uint64_t)site << 20 ^
	             (uint64_t)(uint32_t)day) &
	       mask;
}

static void countmap_put(struct countmap *m, int64_t article, int64_t site, int32_t day,
                         int64_t count);

static void countmap_grow(struct countmap *m)
{
	struct countmap nm = {calloc(m->cap ? m->cap * 2 : 256, sizeof(struct reads_row)),
	                      m->cap ? m->cap * 2 : 256, 0};
	if (!nm.rows)
		abort(); /* out of memory, as the arena does */
	for (size_t i = 0; i < m->cap; i++)
		if (m->rows[i].count)
			countmap_put(&nm, m->rows[i].article_id, m->rows[i].site_id, m->rows[i].day,
			             m->rows[i].count);
	free(m->rows);
	*m = nm;
}

static void countmap_put(struct countmap *m, int64_t article, int64_t site, int32_t day,
                         int64_t count)
{
	if ((m->n + 1) * 4 > m->cap * 3)
		countmap_grow(m);
	size_t j = row_hash(article, site, day, m->cap - 1);
	for (;;) {
		struct reads_row *r = &m->rows[j];
		if (!r->count) {
			*r = (struct reads_row){article, site, day, count};
			m->n++;
			return;
		}
		if (r->article_id == article && r->site_id == site && r->day == day) {
			r->count += count;
			return;
		}
		j = (j + 1) & (m->cap - 1);
	}
}

static int32_t day_of(int64_t s)
{
	int64_t d = s + BEIJING_OFFSET_S;
	return (int32_t)(d >= 0 ? d / 86400 : (d - 86399) / 86400);
}

void reads_day(int64_t s, char out[11])
{
	reads_day_format(day_of(s), out);
}

static void *flusher(void *arg);

struct reads *reads_new(struct store *s, int flush_seconds)
{
	if (sodium_init() < 0)
		return NULL;
	struct reads *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->store = s;
	r->flush_s = flush_seconds;
	r->day = -1;
	randombytes_buf(r->key, sizeof r->key);
	pthread_mutex_init(&r->lock, NULL);
	pthread_mutex_init(&r->flush_lock, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&r->wake, &ca);
	pthread_condattr_destroy(&ca);
	if (flush_seconds > 0 && pthread_create(&r->thread, NULL, flusher, r) == 0)
		r->running = true;
	else if (flush_seconds > 0)
		log_msg(LOG_ERROR, "reads.start",
		        "cannot start the flusher: counts flush at shutdown");
	return r;
}

void reads_free(struct reads *r)
{
	if (!r)
		return;
	pthread_mutex_lock(&r->lock);
	r->stop = true;
	pthread_cond_signal(&r->wake);
	pthread_mutex_unlock(&r->lock);
	if (r->running)
		pthread_join(r->thread, NULL);
	if (reads_flush(r) != OK)
		log_msg(LOG_ERROR, "reads.flush", "%lld views lost at shutdown",
		        (long long)r->pending_views);
	keyset_clear(&r->seen);
	free(r->pending.rows);
	pthread_cond_destroy(&r->wake);
	pthread_mutex_destroy(&r->lock);
	pthread_mutex_destroy(&r->flush_lock);
	free(r);
}

bool reads_count(struct reads *r, const char *reader, size_t n, int64_t article_id, int64_t site_id,
                 int64_t now_s)
{
	/* key = SipHash(reader) mixed with the article: a reader reading two articles gives two
	 * keys; a 64-bit collision (about 1 in 10^12 for a day's 4 M keys) loses one view */
	unsigned char h[crypto_shorthash_BYTES];
	crypto_shorthash(h, (const unsigned char *)reader, n, r->key);
	uint64_t k;
	memcpy(&k, h, sizeof k);
	k = mix64(k ^ mix64((uint64_t)article_id));
	if (!k)
		k = 1;
	int32_t day = day_of(now_s);
	bool counted, full;
	pthread_mutex_lock(&r->lock);
	if (day != r->day) {
		keyset_clear(&r->seen);
		r->day = day;
		r->full_logged = false;
	}
	counted = keyset_add(&r->seen, k, &full);
	if (full && !r->full_logged) {
		r->full_logged = true;
		log_msg(LOG_WARN, "reads.dedup_full",
		        "%zu readers×articles today: counting further views without de-duplication",
		        r->seen.n);
	}
	if (counted) {
		countmap_put(&r->pending, article_id, site_id, day, 1);
		r->pending_views++;
	}
	pthread_mutex_unlock(&r->lock);
	return counted;
}

int64_t reads_pending(struct reads *r)
{
	pthread_mutex_lock(&r->lock);
	int64_t n = r->pending_views;
	pthread_mutex_unlock(&r->lock);
	return n;
}

int reads_flush(struct reads *r)
{
	pthread_mutex_lock(&r->flush_lock);
	pthread_mutex_lock(&r->lock);
	struct countmap batch = r->pending;
	int64_t views = r->pending_views;
	r->pending = (struct countmap){0};
	r->pending_views = 0;
	pthread_mutex_unlock(&r->lock);
	int rc = OK;
	if (batch.n) {
		/* compact the occupied slots into one array for the closure */
		size_t k = 0;
		for (size_t i = 0; i < batch.cap; i++)
			if (batch.rows[i].count)
				batch.rows[k++] = batch.rows[i];
		struct reads_batch b = {batch.rows, k};
		rc = store_write(r->store, reads_batch_write, &b);
		if (rc != OK) { /* keep them for the next try */
			pthread_mutex_lock(&r->lock);
			for (size_t i = 0; i < k; i++)
				countmap_put(&r->pending, batch.rows[i].article_id,
				             batch.rows[i].site_id, batch.rows[i].day,
				             batch.rows[i].count);
			r->pending_views += views;
			pthread_mutex_unlock(&r->lock);
			log_msg(LOG_WARN, "reads.flush",
			        "write failed; %lld views kept for the next flush",
			        (long long)views);
		}
	}
	free(batch.rows);
	pthread_mutex_unlock(&r->flush_lock);
	return rc;
}

static void *flusher(void *arg)
{
	struct reads *r = arg;
	pthread_mutex_lock(&r->lock);
	while (!r->stop) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_sec += r->flush_s;
		while (!r->stop && pthread_cond_timedwait(&r->wake, &r->lock, &ts) == 0)
			;
		if (r->stop)
			break;
		pthread_mutex_unlock(&r->lock);
		reads_flush(r);
		pthread_mutex_lock(&r->lock);
	}
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

/* ---- the server's aggregator ---- */

static struct reads *the_reads;

void reads_start(struct app *app, int flush_seconds)
{
	the_reads =
	    reads_new(app->store, flush_seconds > 0 ? flush_seconds : READS_FLUSH_S_DEFAULT);
}

void reads_stop(void)
{
	reads_free(the_reads);
	the_reads = NULL;
}

static bool cookie_valid(const char *v)
{
	if (!v || strlen(v) != 32)
		return false;
	for (const char *p = v; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	return true;
}

/* A new reader token: 16 bytes of a per-thread ChaCha20 stream keyed once from the system's
 * random source, so that a reader's first view costs no system call. */
static void token_bytes(unsigned char out[16])
{
	static _Thread_local unsigned char key[crypto_stream_chacha20_KEYBYTES];
	static _Thread_local uint64_t counter;
	static _Thread_local bool keyed;
	if (!keyed) {
		randombytes_buf(key, sizeof key);
		keyed = true;
	}
	unsigned char nonce[crypto_stream_chacha20_NONCEBYTES] = {0};
	memcpy(nonce, &counter, sizeof counter);
	counter++;
	crypto_stream_chacha20(out, 16, nonce, key);
}

void reads_cookie(struct req *rq, struct resp *rs)
{
	if (cookie_valid(kvlist_get(&rq->cookies, READS_COOKIE)))
		return;
	unsigned char raw[16];
	token_bytes(raw);
	char *hex = arena_alloc(rq->arena, 33);
	sodium_bin2hex(hex, 33, raw, sizeof raw);
	resp_header(rs, "Set-Cookie",
	            arena_printf(rq->arena,
	                         "%s=%s; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax%s",
	                         READS_COOKIE, hex,
	                         rq->app && rq->app->cfg && rq->app->cfg->tls ? "; Secure" : ""));
	/* this request already counts under the new cookie, as the next ones will */
	kvlist_add(rq->arena, &rq->cookies, READS_COOKIE, hex, 32);
}

void reads_record(struct app *app, struct req *rq, int64_t article_id, int64_t site_id)
{
	(void)app;
	if (!the_reads)
		return;
	char who[160];
	const struct principal *p = auth_principal(rq);
	const char *cookie = kvlist_get(&rq->cookies, READS_COOKIE);
	if (p && p->token_id)
		snprintf(who, sizeof who, "t:%lld", (long long)p->token_id);
	else if (p && p->session_id)
		snprintf(who, sizeof who, "s:%lld", (long long)p->session_id);
	else if (cookie_valid(cookie))
		snprintf(who, sizeof who, "c:%s", cookie);
	else { /* no cookie yet (or refused): the address and browser, hashed in memory only */
		const char *ua = req_header(rq, "User-Agent");
		snprintf(who, sizeof who, "a:%s|%.100s", rq->client_ip, ua ? ua : "");
	}
	reads_count(the_reads, who, strlen(who), article_id, site_id, clock_wall_ms() / 1000);
}
