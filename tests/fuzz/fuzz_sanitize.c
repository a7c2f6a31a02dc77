/* fuzz_sanitize.c: libFuzzer target for the article-body sanitizer: on any bytes it does
 * not crash, its output passes the independent verifier (only allowed tags, attributes and
 * URLs) and sanitizing the output again changes nothing. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "content/content_sanitize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf once, twice;
	strbuf_init(&once);
	strbuf_init(&twice);
	content_sanitize((const char *)data, size, &once);
	const char *why = content_sanitize_verify(once.data, once.len);
	if (why) {
		fprintf(stderr, "verifier: %s\noutput: %s\n", why, once.data);
		abort();
	}
	content_sanitize(once.data, once.len, &twice);
	if (once.len != twice.len || memcmp(once.data, twice.data, once.len) != 0) {
		fprintf(stderr, "not idempotent\nonce:  %s\ntwice: %s\n", once.data, twice.data);
		abort();
	}
	strbuf_free(&once);
	strbuf_free(&twice);
	return 0;
}
