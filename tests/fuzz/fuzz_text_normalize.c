/* fuzz_text_normalize.c: libFuzzer target for normalization; also checks that it is
 * idempotent (normalize(normalize(x)) == normalize(x)) and that the per-thread memo
 * changes nothing (the same output with it off). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "text/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf once, twice;
	strbuf_init(&once);
	strbuf_init(&twice);
	text_normalize((const char *)data, size, &once);
	text_normalize(once.data, once.len, &twice);
	if (once.len != twice.len || memcmp(once.data, twice.data, once.len) != 0)
		abort();
	strbuf_reset(&twice);
	text_cache_enable(false);
	text_normalize((const char *)data, size, &twice);
	text_cache_enable(true);
	if (once.len != twice.len || memcmp(once.data, twice.data, once.len) != 0)
		abort();
	strbuf_free(&once);
	strbuf_free(&twice);
	return 0;
}
