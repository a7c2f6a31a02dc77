/* parse.h: parsers of untrusted request bytes — percent-decoding, query strings and
 * urlencoded forms, Cookie headers, multipart/form-data, JSON bodies. Pure functions into a
 * per-request arena; each rejects ill-formed input (bad escapes, invalid UTF-8, NUL bytes)
 * instead of guessing. All have libFuzzer targets in tests/fuzz/. */
#ifndef TALA_HTTP_PARSE_H
#define TALA_HTTP_PARSE_H

#include "base/arena.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct kv {
	const char *key;
	const char *value; /* NUL-terminated; value_len excludes the NUL */
	size_t value_len;
};

struct kvlist {
	struct kv *items;
	size_t n, cap;
};

void kvlist_add(struct arena *a, struct kvlist *l, const char *key, const char *value,
                size_t value_len);
/* Returns the first value for key, or NULL. */
const char *kvlist_get(const struct kvlist *l, const char *key);

struct parse_error {
	const char *field;  /* the offending field name, or NULL */
	const char *reason; /* stable snake_case code, e.g. "invalid_utf8", "bad_escape" */
	char detail[160];   /* English detail, e.g. JSON position */
};

/* Percent-decodes s[0..n) ('+' as space when plus_is_space) into a new NUL-terminated arena
 * string; rejects bad escapes, NUL bytes and invalid UTF-8. Returns NULL on error. */
char *url_decode(struct arena *a, const char *s, size_t n, bool plus_is_space, size_t *out_len);

/* Parses "a=1&b=2" (query string or application/x-www-form-urlencoded body). */
int parse_urlencoded(struct arena *a, const char *s, size_t n, struct kvlist *out,
                     struct parse_error *err);
/* Parses a Cookie header ("a=1; b=2"); malformed pairs are skipped, as browsers do. */
void parse_cookies(struct arena *a, const char *header, struct kvlist *out);

struct upload {
	const char *field;
	const char *filename;
	const char *content_type;
	const char *data; /* raw bytes, not NUL-terminated in meaning */
	size_t len;
};

struct uploads {
	struct upload *items;
	size_t n, cap;
};

/* Parses a multipart/form-data body. content_type is the full header value (boundary is
 * taken from it). Text fields go to fields (must be valid UTF-8), file parts to files. */
int parse_multipart(struct arena *a, const char *content_type, const char *body, size_t n,
                    struct kvlist *fields, struct uploads *files, struct parse_error *err);

/* Parses a JSON body (object or array); NULL with err->detail naming line, column and
 * position on error. The caller json_decref()s the result. */
json_t *parse_json(const char *body, size_t n, struct parse_error *err);

/* Returns true when the media type of a Content-Type header value equals `type`
 * (case-insensitive, parameters ignored). */
bool content_type_is(const char *header, const char *type);

#endif
