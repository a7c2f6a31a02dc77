/* fuzz_quiz_gift.c: libFuzzer target for the GIFT reader of the question bank: on any bytes
 * it does not crash, every item is either a checked question or a rejection with a line
 * number inside the input, and every accepted question written back as GIFT reads again as
 * one accepted question of the same kind, stems and options. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/common.h"
#include "quiz/quiz_bank.h"

static int lines_of(const uint8_t *data, size_t size)
{
	int n = 1;
	for (size_t i = 0; i < size; i++)
		n += data[i] == '\n';
	return n;
}

static void same(const struct quiz_question *a, const struct quiz_question *b, const char *gift)
{
	bool ok = strcmp(a->kind, b->kind) == 0 && strcmp(a->stem_zh, b->stem_zh) == 0 &&
	          strcmp(a->stem_mn, b->stem_mn) == 0 && a->n_options == b->n_options &&
	          a->n_answers == b->n_answers && strcmp(a->category, b->category) == 0;
	for (size_t k = 0; ok && k < a->n_options; k++)
		ok = a->options[k].correct == b->options[k].correct &&
		     strcmp(a->options[k].text_zh, b->options[k].text_zh) == 0 &&
		     strcmp(a->options[k].text_mn, b->options[k].text_mn) == 0;
	for (size_t k = 0; ok && k < a->n_answers; k++)
		ok = strcmp(a->answers[k].key, b->answers[k].key) == 0;
	if (!ok) {
		fprintf(stderr, "round trip changed the question:\n%s\n", gift);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	arena_init(&a, 1 << 16);
	struct quiz_import imp = {0};
	quiz_gift_parse(&a, (const char *)data, size, &imp);
	int lines = lines_of(data, size);
	size_t errors = 0;
	for (size_t i = 0; i < imp.n; i++) {
		const struct quiz_import_item *it = &imp.items[i];
		if (it->line < 1 || it->line > lines)
			abort();
		if (it->error_key) {
			errors++;
			continue;
		}
		struct strbuf sb;
		strbuf_init(&sb);
		quiz_gift_write(&sb, &it->q, NULL);
		struct quiz_import again = {0};
		quiz_gift_parse(&a, sb.data, sb.len, &again);
		if (again.n != 1 || again.n_errors != 0) {
			fprintf(stderr, "written question not read back (%zu items, %s):\n%s\n",
			        again.n, again.n ? again.items[0].error_key : "-", sb.data);
			abort();
		}
		same(&it->q, &again.items[0].q, sb.data);
		strbuf_free(&sb);
	}
	if (errors != imp.n_errors)
		abort();
	arena_free(&a);
	return 0;
}
