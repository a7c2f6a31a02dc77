/* fuzz_officer_csv.c: libFuzzer target for the officer import's CSV splitter and the share
 * link code check: on any bytes the splitter does not crash, every row it returns has at
 * least one field, lines only increase, and no field is longer than the input; the code
 * check accepts only exactly OFFICER_CODE_LEN base62 characters. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "officer/officer_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	arena_init(&a, 4096);
	struct csv_row *rows;
	int bad = 0;
	int n = officer_csv_parse(&a, (const char *)data, size, &rows, &bad);
	int last = 0;
	for (int i = 0; i < n; i++) {
		if (rows[i].n < 1 || rows[i].line <= last)
			abort();
		last = rows[i].line;
		for (size_t j = 0; j < rows[i].n; j++)
			if (strlen(rows[i].fields[j]) > size)
				abort();
	}
	if (n < 0 && bad < 1)
		abort();
	char *s = arena_strndup(&a, (const char *)data, size);
	if (officer_code_valid(s)) {
		if (strlen(s) != OFFICER_CODE_LEN)
			abort();
		for (const char *p = s; *p; p++)
			if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') ||
			      (*p >= 'a' && *p <= 'z')))
				abort();
	}
	officer_ua_is_bot(s);
	arena_free(&a);
	return 0;
}
