/* fuzz_text_normalize.c: libFuzzer target for normalization and the canonical form; also
 * checks that both are idempotent (normalize(normalize(x)) == normalize(x)) and that the
 * per-thread memo changes nothing (the same output with it off). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "text/text.h"

static void check(int (*fn)(const char *, size_t, struct strbuf *), const uint8_t *data,
                  size_t size)
{
	struct strbuf once, twice;
	strbuf_init(&once);
	strbuf_init(&twice);
	fn((const char *)data, size, &once);
	fn(once.data, once.len, &twice);
	if (once.len != twice.len || memcmp(once.data, twice.data, once.len) != 0)
		abort();
	strbuf_reset(&twice);
	text_cache_enable(false);
	fn((const char *)data, size, &twice);
	text_cache_enable(true);
	if (once.len != twice.len || memcmp(once.data, twice.data, once.len) != 0)
		abort();
	strbuf_free(&once);
	strbuf_free(&twice);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check(text_normalize, data, size);
	check(text_canonical, data, size);
	return 0;
}
