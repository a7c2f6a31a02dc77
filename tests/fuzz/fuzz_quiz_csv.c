/* fuzz_quiz_csv.c: libFuzzer target for the CSV reader of the question bank: on any bytes
 * it does not crash, line numbers stay inside the input, and every accepted question
 * written as a CSV row under the header reads back as one accepted question of the same
 * kind, stems, options and accepted answers. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/common.h"
#include "quiz/quiz_bank.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	arena_init(&a, 1 << 16);
	struct quiz_import imp = {0};
	quiz_csv_parse(&a, (const char *)data, size, &imp);
	int lines = 1;
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	for (size_t i = 0; i < imp.n; i++) {
		const struct quiz_import_item *it = &imp.items[i];
		if (it->line < 1 || it->line > lines)
			abort();
		if (it->error_key)
			continue;
		struct strbuf sb;
		strbuf_init(&sb);
		quiz_csv_header(&sb);
		quiz_csv_row(&sb, &it->q);
		struct quiz_import again = {0};
		quiz_csv_parse(&a, sb.data, sb.len, &again);
		const struct quiz_question *p = &it->q, *q = again.n ? &again.items[0].q : NULL;
		bool ok = again.n == 1 && again.n_errors == 0 && strcmp(p->kind, q->kind) == 0 &&
		          strcmp(p->stem_zh, q->stem_zh) == 0 &&
		          strcmp(p->stem_mn, q->stem_mn) == 0 && p->n_options == q->n_options &&
		          p->n_answers == q->n_answers;
		for (size_t k = 0; ok && k < p->n_options; k++)
			ok = p->options[k].correct == q->options[k].correct &&
			     strcmp(p->options[k].text_zh, q->options[k].text_zh) == 0;
		if (!ok) {
			fprintf(stderr, "row not read back:\n%s\n", sb.data);
			abort();
		}
		strbuf_free(&sb);
	}
	arena_free(&a);
	return 0;
}
