/* quiz_draw.c: the prize draw's arithmetic, free of any storage so that anyone can re-run it.
 *
 *   commitment = hex(SHA-256(seed))                      published when the campaign is made
 *   list text  = each eligible attempt id, ascending, in decimal followed by "\n"
 *   list hash  = hex(SHA-256(list text))                 published at the draw
 *   stream     = SHA-256(seed || "tala-quiz-draw" || u64be(counter)), counter = 0, 1, ...;
 *                each 32-byte block gives four 64-bit big-endian numbers, used in order
 *   uniform(m) = the next number x with x < 2^64 - (2^64 mod m), taken mod m (rejection
 *                keeps every value equally likely)
 *   shuffle    = for i = 0 .. k-1: j = i + uniform(n - i); swap(list[i], list[j])
 *   winners    = list[0 .. k-1] after that partial Fisher–Yates shuffle
 *
 * The draw JSON (quiz_draw_json) carries seed, commitment, list, list hash, prizes and
 * winners; `tala quiz draw-verify --file` recomputes all three from it. */
#include "base/common.h"
#include "quiz/quiz.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DRAW_DOMAIN "tala-quiz-draw"

void quiz_sha256_hex(const void *bytes, size_t n, char out[QUIZ_HASH_HEX])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, bytes, n);
	sodium_bin2hex(out, QUIZ_HASH_HEX, h, sizeof h);
}

struct draw_stream {
	const unsigned char *seed;
	uint64_t counter;
	unsigned char block[crypto_hash_sha256_BYTES];
	int used; /* 64-bit words of block consumed (4 = empty) */
};

static uint64_t stream_next(struct draw_stream *s)
{
	if (s->used == 4) {
		unsigned char in[QUIZ_SEED_BYTES + sizeof DRAW_DOMAIN - 1 + 8];
		memcpy(in, s->seed, QUIZ_SEED_BYTES);
		memcpy(in + QUIZ_SEED_BYTES, DRAW_DOMAIN, sizeof DRAW_DOMAIN - 1);
		for (int i = 0; i < 8; i++)
			in[QUIZ_SEED_BYTES + sizeof DRAW_DOMAIN - 1 + i] =
			    (unsigned char)(s->counter >> (56 - 8 * i));
		crypto_hash_sha256(s->block, in, sizeof in);
		s->counter++;
		s->used = 0;
	}
	uint64_t x = 0;
	for (int i = 0; i < 8; i++)
		x = (x << 8) | s->block[s->used * 8 + i];
	s->used++;
	return x;
}

static uint64_t stream_uniform(struct draw_stream *s, uint64_t m)
{
	uint64_t limit = UINT64_MAX - (UINT64_MAX % m + 1) % m; /* largest multiple of m, minus 1 */
	for (;;) {
		uint64_t x = stream_next(s);
		if (x <= limit)
			return x % m;
	}
}

size_t quiz_draw_winners(const unsigned char seed[QUIZ_SEED_BYTES], const int64_t *eligible,
                         size_t n, size_t k, int64_t *winners)
{
	if (k > n)
		k = n;
	if (k == 0)
		return 0;
	int64_t *list = malloc(n * sizeof *list);
	if (!list)
		abort();
	memcpy(list, eligible, n * sizeof *list);
	struct draw_stream s = {.seed = seed, .used = 4};
	for (size_t i = 0; i < k; i++) {
		size_t j = i + (size_t)stream_uniform(&s, n - i);
		int64_t t = list[i];
		list[i] = list[j];
		list[j] = t;
		winners[i] = list[i];
	}
	free(list);
	return k;
}

char *quiz_draw_list_text(struct arena *a, const int64_t *ids, size_t n)
{
	char *out = arena_alloc(a, n * 21 + 1), *p = out;
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "%lld\n", (long long)ids[i]);
	*p = '\0';
	return out;
}

const char *quiz_draw_check(const struct quiz_draw_result *r)
{
	size_t k = r->prizes < r->neligible ? r->prizes : r->neligible;
	unsigned char seed[QUIZ_SEED_BYTES];
	size_t len = 0;
	if (sodium_hex2bin(seed, sizeof seed, r->seed_hex, strlen(r->seed_hex), NULL, &len, NULL) !=
	        0 ||
	    len != sizeof seed)
		return "the seed is not 64 hex digits";
	char hex[QUIZ_HASH_HEX];
	quiz_sha256_hex(seed, sizeof seed, hex);
	if (strcmp(hex, r->commitment) != 0)
		return "SHA-256 of the seed differs from the published commitment";
	for (size_t i = 1; i < r->neligible; i++)
		if (r->eligible[i] <= r->eligible[i - 1])
			return "the eligible list is not in ascending order";
	struct arena a;
	arena_init(&a, 4096);
	const char *text = quiz_draw_list_text(&a, r->eligible, r->neligible);
	quiz_sha256_hex(text, strlen(text), hex);
	const char *why = NULL;
	if (strcmp(hex, r->list_hash) != 0)
		why = "SHA-256 of the eligible list differs from the published list hash";
	int64_t *w = arena_alloc(&a, (k ? k : 1) * sizeof *w);
	size_t nw = why ? 0 : quiz_draw_winners(seed, r->eligible, r->neligible, k, w);
	if (!why && nw != r->nwinners)
		why = "the number of winners differs";
	for (size_t i = 0; !why && i < nw; i++)
		if (w[i] != r->winners[i])
			why = "the winners differ from the ones the seed and list give";
	arena_free(&a);
	return why;
}

static json_t *id_array(const int64_t *ids, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_integer((json_int_t)ids[i]));
	return arr;
}

json_t *quiz_draw_json(const struct quiz_draw_result *r)
{
	return json_pack(
	    "{s:I, s:I, s:s, s:s, s:s, s:I, s:o, s:o, s:s}", "campaign_id",
	    (json_int_t)r->campaign_id, "drawn_at", (json_int_t)r->drawn_at, "seed", r->seed_hex,
	    "commitment", r->commitment, "list_hash", r->list_hash, "prizes", (json_int_t)r->prizes,
	    "eligible", id_array(r->eligible, r->neligible), "winners",
	    id_array(r->winners, r->nwinners), "algorithm", "fisher-yates/sha256-ctr/v1");
}

static int ids_from_json(json_t *arr, struct arena *a, int64_t **out, size_t *n)
{
	if (!json_is_array(arr))
		return ERR;
	*n = json_array_size(arr);
	*out = arena_alloc(a, (*n ? *n : 1) * sizeof **out);
	for (size_t i = 0; i < *n; i++) {
		json_t *v = json_array_get(arr, i);
		if (!json_is_integer(v))
			return ERR;
		(*out)[i] = json_integer_value(v);
	}
	return OK;
}

static int copy_hex(json_t *j, const char *key, char out[QUIZ_HASH_HEX])
{
	const char *v = json_string_value(json_object_get(j, key));
	if (!v || strlen(v) != QUIZ_HASH_HEX - 1)
		return ERR;
	memcpy(out, v, QUIZ_HASH_HEX);
	return OK;
}

int quiz_draw_from_json(json_t *j, struct arena *a, struct quiz_draw_result *r, char *err,
                        size_t errlen)
{
	memset(r, 0, sizeof *r);
	if (!json_is_object(j)) {
		snprintf(err, errlen, "not a JSON object");
		return ERR;
	}
	const char *bad = NULL;
	if (copy_hex(j, "seed", r->seed_hex) != OK)
		bad = "seed";
	else if (copy_hex(j, "commitment", r->commitment) != OK)
		bad = "commitment";
	else if (copy_hex(j, "list_hash", r->list_hash) != OK)
		bad = "list_hash";
	else if (ids_from_json(json_object_get(j, "eligible"), a, &r->eligible, &r->neligible) !=
	         OK)
		bad = "eligible";
	else if (ids_from_json(json_object_get(j, "winners"), a, &r->winners, &r->nwinners) != OK)
		bad = "winners";
	if (bad) {
		snprintf(err, errlen, "field \"%s\" is missing or malformed", bad);
		return ERR;
	}
	json_t *pz = json_object_get(j, "prizes");
	if (!json_is_integer(pz) || json_integer_value(pz) < 0) {
		snprintf(err, errlen, "field \"prizes\" is missing or malformed");
		return ERR;
	}
	r->prizes = (size_t)json_integer_value(pz);
	r->campaign_id = json_integer_value(json_object_get(j, "campaign_id"));
	r->drawn_at = json_integer_value(json_object_get(j, "drawn_at"));
	return OK;
}
