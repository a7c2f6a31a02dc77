/* fuzz_text_tokenize.c: libFuzzer target for the analyzer in both modes; every token must
 * be non-empty and lie inside the input. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "base/common.h"
#include "text/text.h"

static size_t input_size;

static int check(void *ctx, const struct text_token *t)
{
	(void)ctx;
	if (t->len == 0 || t->start > t->end || t->end > input_size)
		abort();
	return OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	input_size = size;
	text_analyze((const char *)data, size, TEXT_INDEX, check, NULL);
	text_analyze((const char *)data, size, TEXT_QUERY, check, NULL);
	return 0;
}
