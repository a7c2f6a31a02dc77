/* officer_link.c: share link codes and the in-memory code → link cache the redirect answers
 * from, and the signed values that carry attribution: the forward token (`f=` parameter and
 * the tala_att cookie) and the officer cookie that marks self-clicks. Owns no table: the
 * cache is loaded through officer_db.c and filled as links are created.
 *
 * The cache is an open-addressing table of fixed-size entries guarded by a read-write lock:
 * readers (every redirect) take the read lock only; a new link takes the write lock. Entries
 * are never removed (links are never deleted). A target's location ("/s/nmg/a/12") is
 * interned once per target, so a million links to a hundred articles hold a hundred
 * strings. */
#include "officer/officer_internal.h"
#include "auth/auth.h"
#include "base/common.h"
#include "base/log.h"

#include <inttypes.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char b62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

void officer_code_new(char out[OFFICER_CODE_LEN + 1])
{
	for (int i = 0; i < OFFICER_CODE_LEN; i++)
		out[i] = b62[randombytes_uniform(62)];
	out[OFFICER_CODE_LEN] = '\0';
}

bool officer_code_valid(const char *s)
{
	size_t i = 0;
	for (; s[i]; i++) {
		char c = s[i];
		if (i >= OFFICER_CODE_LEN ||
		    !((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
			return false;
	}
	return i == OFFICER_CODE_LEN;
}

/* ---- the cache ---- */

struct location {
	int64_t target_id;
	uint8_t kind;
	char *url;
};

static struct {
	pthread_rwlock_t lock;
	struct link_entry *slots; /* code[0] == 0: empty */
	size_t cap, n;            /* cap: a power of two */
	struct location *locs; /* interned target locations, by (kind, target); url NULL: empty */
	size_t nlocs, loccap;  /* loccap: a power of two */
} cache = {PTHREAD_RWLOCK_INITIALIZER, NULL, 0, 0, NULL, 0, 0};

static uint64_t code_hash(const char *code)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a: codes are random already */
	for (int i = 0; i < OFFICER_CODE_LEN; i++)
		h = (h ^ (unsigned char)code[i]) * 1099511628211ULL;
	return h ^ (h >> 29);
}

static void slot_put(struct link_entry *slots, size_t cap, const struct link_entry *e)
{
	size_t j = code_hash(e->code) & (cap - 1);
	while (slots[j].code[0] && memcmp(slots[j].code, e->code, OFFICER_CODE_LEN) != 0)
		j = (j + 1) & (cap - 1);
	slots[j] = *e;
}

static size_t loc_slot(uint8_t kind, int64_t target_id, size_t cap)
{
	uint64_t h = ((uint64_t)target_id * 0x9e3779b97f4a7c15ULL) ^ kind;
	return (size_t)(h ^ (h >> 31)) & (cap - 1);
}

/* The interned location of a target, or NULL (caller holds the lock). */
static const char *loc_find(uint8_t kind, int64_t target_id)
{
	if (!cache.loccap)
		return NULL;
	for (size_t j = loc_slot(kind, target_id, cache.loccap); cache.locs[j].url;
	     j = (j + 1) & (cache.loccap - 1))
		if (cache.locs[j].kind == kind && cache.locs[j].target_id == target_id)
			return cache.locs[j].url;
	return NULL;
}

/* The interned location for a target, added when new (caller holds the write lock). */
static const char *location_intern(uint8_t kind, int64_t target_id, const char *url)
{
	const char *found = loc_find(kind, target_id);
	if (found)
		return found;
	if ((cache.nlocs + 1) * 4 > cache.loccap * 3) {
		size_t ncap = cache.loccap ? cache.loccap * 2 : 64;
		struct location *nl = calloc(ncap, sizeof *nl);
		if (!nl)
			abort();
		for (size_t i = 0; i < cache.loccap; i++) {
			if (!cache.locs[i].url)
				continue;
			size_t j = loc_slot(cache.locs[i].kind, cache.locs[i].target_id, ncap);
			while (nl[j].url)
				j = (j + 1) & (ncap - 1);
			nl[j] = cache.locs[i];
		}
		free(cache.locs);
		cache.locs = nl;
		cache.loccap = ncap;
	}
	char *copy = strdup(url);
	if (!copy)
		abort();
	size_t j = loc_slot(kind, target_id, cache.loccap);
	while (cache.locs[j].url)
		j = (j + 1) & (cache.loccap - 1);
	cache.locs[j] = (struct location){target_id, kind, copy};
	cache.nlocs++;
	return copy;
}

const char *officer_cache_location(const char *kind, int64_t target_id)
{
	pthread_rwlock_rdlock(&cache.lock);
	const char *url =
	    loc_find(strcmp(kind, "quiz") == 0 ? TARGET_QUIZ : TARGET_ARTICLE, target_id);
	pthread_rwlock_unlock(&cache.lock);
	return url;
}

void officer_cache_put(const struct share_link *l, const char *location)
{
	struct link_entry e = {0};
	memcpy(e.code, l->code, OFFICER_CODE_LEN);
	e.link_id = l->id;
	e.officer_id = l->officer_id;
	e.target_id = l->target_id;
	e.kind = strcmp(l->target_kind, "quiz") == 0 ? TARGET_QUIZ : TARGET_ARTICLE;
	pthread_rwlock_wrlock(&cache.lock);
	e.location = location_intern(e.kind, e.target_id, location);
	if ((cache.n + 1) * 4 > cache.cap * 3) {
		size_t ncap = cache.cap ? cache.cap * 2 : 1024;
		struct link_entry *ns = calloc(ncap, sizeof *ns);
		if (!ns)
			abort();
		for (size_t i = 0; i < cache.cap; i++)
			if (cache.slots[i].code[0])
				slot_put(ns, ncap, &cache.slots[i]);
		free(cache.slots);
		cache.slots = ns;
		cache.cap = ncap;
	}
	size_t before = cache.n;
	size_t j = code_hash(e.code) & (cache.cap - 1);
	while (cache.slots[j].code[0] && memcmp(cache.slots[j].code, e.code, OFFICER_CODE_LEN) != 0)
		j = (j + 1) & (cache.cap - 1);
	if (!cache.slots[j].code[0])
		cache.n = before + 1;
	cache.slots[j] = e;
	pthread_rwlock_unlock(&cache.lock);
}

bool officer_cache_get(const char *code, struct link_entry *out)
{
	bool found = false;
	pthread_rwlock_rdlock(&cache.lock);
	if (cache.cap) {
		size_t j = code_hash(code) & (cache.cap - 1);
		while (cache.slots[j].code[0]) {
			if (memcmp(cache.slots[j].code, code, OFFICER_CODE_LEN) == 0) {
				*out = cache.slots[j];
				found = true;
				break;
			}
			j = (j + 1) & (cache.cap - 1);
		}
	}
	pthread_rwlock_unlock(&cache.lock);
	return found;
}

size_t officer_cache_size(void)
{
	pthread_rwlock_rdlock(&cache.lock);
	size_t n = cache.n;
	pthread_rwlock_unlock(&cache.lock);
	return n;
}

void officer_cache_clear(void)
{
	pthread_rwlock_wrlock(&cache.lock);
	free(cache.slots);
	for (size_t i = 0; i < cache.loccap; i++)
		free(cache.locs[i].url);
	free(cache.locs);
	cache.slots = NULL;
	cache.locs = NULL;
	cache.cap = cache.n = cache.nlocs = cache.loccap = 0;
	pthread_rwlock_unlock(&cache.lock);
}

/* ---- signed values ----
 * A forward token is "<officer id>.<expiry, unix seconds>.<mac>", the mac being keyed
 * SipHash-128 over "<officer id>.<expiry>" in hex (32 characters). The officer
 * cookie is "<officer id>.<mac>" under a second key. Keys come from the data directory's key
 * file (auth_subkey), so tokens survive a restart and cannot be made without the file. */

static struct {
	bool loaded;
	unsigned char att[32], self[32];
} keys;

int officer_keys_load(void)
{
	if (auth_subkey("officer.attribution", keys.att) != OK ||
	    auth_subkey("officer.self", keys.self) != OK)
		return ERR;
	keys.loaded = true;
	return OK;
}

/* The mac: SipHash-2-4 with 128-bit output (libsodium's siphashx24), a keyed PRF made for
 * short messages — a redirect makes one per new reader, so it must be cheap — in hex. */
static void mac_hex(const unsigned char key[32], const char *msg, size_t n, char out[33])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char mac[crypto_shorthash_siphashx24_BYTES];
	crypto_shorthash_siphashx24(mac, (const unsigned char *)msg, n, key);
	for (size_t i = 0; i < sizeof mac; i++) {
		out[2 * i] = hex[mac[i] >> 4];
		out[2 * i + 1] = hex[mac[i] & 15];
	}
	out[32] = '\0';
}

/* Parses a decimal int64 of 1..18 digits at *p up to the stop character; advances *p. */
static bool parse_id(const char **p, char stop, int64_t *out)
{
	int64_t v = 0;
	int digits = 0;
	const char *s = *p;
	while (*s >= '0' && *s <= '9' && digits < 18) {
		v = v * 10 + (*s - '0');
		s++;
		digits++;
	}
	if (digits == 0 || *s != stop || (digits > 1 && **p == '0'))
		return false;
	*out = v;
	*p = s;
	return true;
}

void officer_token_make(int64_t officer_id, int64_t expires_s, char out[OFFICER_TOKEN_MAX])
{
	char msg[48];
	int n = snprintf(msg, sizeof msg, "%" PRId64 ".%" PRId64, officer_id, expires_s);
	char mac[33];
	mac_hex(keys.att, msg, (size_t)n, mac);
	snprintf(out, OFFICER_TOKEN_MAX, "%s.%s", msg, mac);
}

bool officer_token_check(const char *token, int64_t now_s, int64_t *officer_id)
{
	if (!keys.loaded || !token)
		return false;
	const char *p = token;
	int64_t id, exp;
	if (!parse_id(&p, '.', &id) || (p++, !parse_id(&p, '.', &exp)))
		return false;
	size_t msglen = (size_t)(p - token);
	p++;
	if (strlen(p) != 32)
		return false;
	char mac[33];
	mac_hex(keys.att, token, msglen, mac);
	if (sodium_memcmp(mac, p, 32) != 0 || exp < now_s)
		return false;
	*officer_id = id;
	return true;
}

void officer_self_make(int64_t officer_id, char out[OFFICER_TOKEN_MAX])
{
	char msg[24];
	int n = snprintf(msg, sizeof msg, "%" PRId64, officer_id);
	char mac[33];
	mac_hex(keys.self, msg, (size_t)n, mac);
	snprintf(out, OFFICER_TOKEN_MAX, "%s.%s", msg, mac);
}

bool officer_self_check(const char *cookie, int64_t *officer_id)
{
	if (!keys.loaded || !cookie)
		return false;
	const char *p = cookie;
	int64_t id;
	if (!parse_id(&p, '.', &id))
		return false;
	size_t msglen = (size_t)(p - cookie);
	p++;
	if (strlen(p) != 32)
		return false;
	char mac[33];
	mac_hex(keys.self, cookie, msglen, mac);
	if (sodium_memcmp(mac, p, 32) != 0)
		return false;
	*officer_id = id;
	return true;
}
