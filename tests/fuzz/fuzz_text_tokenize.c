/* fuzz_text_tokenize.c: libFuzzer target for the analyzer in both modes; every token must
 * be non-empty and lie inside the input, and the per-thread memo must change nothing (the
 * tokens with it off equal those with it on, cold and warm). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "base/strbuf.h"
#include "text/text.h"

static size_t input_size;

static int check(void *ctx, const struct text_token *t)
{
	if (t->len == 0 || t->start > t->end || t->end > input_size)
		abort();
	strbuf_printf(ctx, "%c%zu-%zu:", t->colocated ? '|' : ' ', t->start, t->end);
	strbuf_append(ctx, t->text, t->len);
	return OK;
}

static void tokens(const uint8_t *data, size_t size, struct strbuf *out)
{
	text_analyze((const char *)data, size, TEXT_INDEX, check, out);
	strbuf_putc(out, '\n');
	text_analyze((const char *)data, size, TEXT_QUERY, check, out);
}

static int discard(void *ctx, const struct text_token *t)
{
	(void)ctx;
	(void)t;
	return OK;
}

/* Builds the lazy tables (friso's dictionary, the Han pinyin and folding tables: seconds
 * under the sanitizers) once before fuzzing, so that their cost is not charged to the first
 * input with a Han character and does not trip libFuzzer's per-input timeout. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	static const char warm[] = "科普 ᠪᠢᠴᠢᠭ kepu";
	text_analyze(warm, sizeof warm - 1, TEXT_INDEX, discard, NULL);
	text_analyze(warm, sizeof warm - 1, TEXT_QUERY, discard, NULL);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	input_size = size;
	struct strbuf off, on;
	strbuf_init(&off);
	strbuf_init(&on);
	text_cache_enable(false);
	tokens(data, size, &off);
	text_cache_enable(true);
	for (int round = 0; round < 2; round++) {
		strbuf_reset(&on);
		tokens(data, size, &on);
		if (on.len != off.len || memcmp(on.data, off.data, on.len) != 0)
			abort();
	}
	strbuf_free(&off);
	strbuf_free(&on);
	return 0;
}
