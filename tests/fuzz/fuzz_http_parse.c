/* fuzz_http_parse.c: libFuzzer target for the request parsers in src/http/parse.c — query
 * strings and urlencoded forms, Cookie headers, multipart bodies (with the Content-Type line
 * taken from the input), JSON bodies, percent-decoding. Every output is checked to be valid
 * UTF-8 where the parser promises it. */
#include "base/arena.h"
#include "base/utf8.h"
#include "http/parse.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void check_kv(const struct kvlist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		if (!utf8_valid(l->items[i].value, l->items[i].value_len))
			abort();
		if (strlen(l->items[i].value) != l->items[i].value_len)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	struct arena a;
	arena_init(&a, 4096);
	const char *s = (const char *)data + 1;
	size_t n = size - 1;
	struct parse_error pe = {0};
	struct kvlist kv = {0};
	switch (data[0] % 5) {
	case 0: {
		size_t len = 0;
		char *out = url_decode(&a, s, n, data[0] & 0x80, &len);
		if (out && !utf8_valid(out, len))
			abort();
		break;
	}
	case 1:
		if (parse_urlencoded(&a, s, n, &kv, &pe) == 0)
			check_kv(&kv);
		break;
	case 2: {
		char *header = arena_strndup(&a, s, n);
		parse_cookies(&a, header, &kv);
		check_kv(&kv);
		break;
	}
	case 3: {
		/* first line: the Content-Type header value; the rest: the body */
		const char *nl = memchr(s, '\n', n);
		size_t hlen = nl ? (size_t)(nl - s) : n;
		char *ctype = arena_strndup(&a, s, hlen);
		const char *body = nl ? nl + 1 : s + n;
		size_t blen = n - (size_t)(body - s);
		char *copy = malloc(blen ? blen : 1); /* exact size so overreads are caught */
		memcpy(copy, body, blen);
		struct uploads files = {0};
		if (parse_multipart(&a, ctype, copy, blen, &kv, &files, &pe) == 0)
			check_kv(&kv);
		free(copy);
		break;
	}
	case 4: {
		json_t *j = parse_json(s, n, &pe);
		json_decref(j);
		break;
	}
	}
	arena_free(&a);
	return 0;
}
